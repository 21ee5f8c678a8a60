"""`manage.py load_demo` gives complete content in all four languages, except the few fields left
untranslated on purpose to show the fallback; the editors' report lists exactly those."""

import pytest
from django.test import Client
from modeltranslation.utils import build_localized_fieldname

from experts.demo import untranslated_profiles
from experts.models import Expert, ExpertStatus
from knowledge.demo import DEMO_UNTRANSLATED as UNTRANSLATED_PAGES
from portal.i18n import translation_languages
from portal.selectors import missing_translations

pytestmark = pytest.mark.django_db

UNTRANSLATED_EXPERTS = untranslated_profiles()


@pytest.fixture
def demo(demo_loaded_once, site):
    """The demo, loaded once for the module; each test's changes are rolled back (tests/conftest.py).
    A broken data file loading nothing is in test_demo_data_files.py, on an empty database."""


def test_only_the_documented_gaps_are_missing(demo):
    rows = missing_translations()

    pages = {row.instance.slug: row.missing for row in rows if row.kind == "page"}
    experts = {row.instance.email: row.missing for row in rows if row.kind == "expert"}
    others = [(row.kind, row.title, row.missing) for row in rows if row.kind not in ("page", "expert")]
    assert pages == UNTRANSLATED_PAGES
    assert set(experts) == set(UNTRANSLATED_EXPERTS)
    for email, written in UNTRANSLATED_EXPERTS.items():
        assert set(experts[email]) == set(translation_languages()) - {written}
    assert others == []  # taxonomy labels, cities, countries, twinning and certification texts


def test_published_experts_read_in_english_too_apart_from_the_documented_ones(demo):
    experts = Expert.objects.filter(status=ExpertStatus.PUBLISHED).exclude(
        email__in=list(UNTRANSLATED_EXPERTS)
    )

    untranslated = [
        (expert.email, field)
        for expert in experts
        for field in ("position", "organisation", "biography")
        if not getattr(expert, build_localized_fieldname(field, "en"))
    ]

    assert experts.count() >= 40
    assert untranslated == []


def test_the_report_on_the_demo_lists_only_the_documented_gaps(demo):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("editor", "editor@example.org", "a-long-password-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)

    html = client.get("/admin/reports/missing-translations/").content.decode()

    assert f"{len(UNTRANSLATED_PAGES) + len(UNTRANSLATED_EXPERTS)} items" in html
    assert "Shenzhen&#x27;s electric bus fleet" in html or "Shenzhen's electric bus fleet" in html
    assert "Nguyễn Minh Đức" in html
