"""Admin avatars come from the portal itself: the admin's CSP allows no outside image origin, and
an editor's e-mail hash should not be sent to gravatar.com."""

import pytest
from django.test import Client

from experts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_shows_no_gravatar_and_a_local_avatar(site):
    editor = UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(editor)

    html = client.get("/admin/").content.decode()

    assert "gravatar" not in html
    assert "wagtailadmin/images/default-user-avatar" in html
