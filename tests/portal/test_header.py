import pytest
from django.test import Client

from experts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_visitors_are_offered_sign_in_back_to_the_same_page(client: Client, site):
    html = client.get("/vi/").content.decode()

    assert 'href="/vi/accounts/sign-in/?next=/vi/"' in html
    assert "/accounts/sign-out/" not in html


def test_signed_in_readers_reach_their_account_and_sign_out_by_post(client: Client, site):
    client.force_login(UserFactory())
    html = client.get("/en/").content.decode()

    assert 'href="/en/accounts/"' in html
    assert '<form action="/en/accounts/sign-out/" method="post">' in html
