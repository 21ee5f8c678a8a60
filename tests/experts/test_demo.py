from io import StringIO

import pytest
from django.core.management import call_command

from experts.models import Expert, ExpertStatus

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_spans_the_region(site, settings):
    settings.DEBUG = True
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    count = Expert.objects.count()
    call_command("load_demo", stdout=second)

    assert Expert.objects.count() == count >= 40
    published = Expert.objects.filter(status=ExpertStatus.PUBLISHED)
    assert published.values("city__country").distinct().count() >= 15
    assert all(
        email.endswith(("@example.org", "@example.net"))
        for email in published.values_list("email", flat=True)
    )
    thai_only = Expert.objects.get(email="somchai.w@example.org")
    assert thai_only.position_th and not thai_only.position_en
    assert thai_only.position  # falls back to the Thai text under English
    assert "member@example.org / " in second.getvalue()


def test_demo_credentials_are_neither_created_nor_printed_without_debug(site, settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", stdout=out)

    assert "member@example.org" not in out.getvalue()
    assert not Expert.objects.filter(user__isnull=False).exists()


def test_demo_has_focal_points_and_nominations_waiting(site):
    from experts.accounts.models import AccountRole
    from experts.models import Nomination, NominationStatus

    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())

    nominations = Nomination.objects.select_related("nominated_by", "expert")
    assert nominations.count() == 3
    assert {n.nominated_by.focal_point_type for n in nominations} == {
        "government",
        "academia",
        "civil-society",
    }
    assert all(n.status == NominationStatus.PENDING for n in nominations)
    assert all(n.expert.status == ExpertStatus.IN_REVIEW and n.expert.user_id is None for n in nominations)
    assert all(n.nominated_by.role == AccountRole.FOCAL_POINT for n in nominations)
    assert not any(n.nominated_by.user.has_usable_password() for n in nominations)
