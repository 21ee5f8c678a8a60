"""What counts as a missing translation: reader-visible text written in one language and empty in
another, on live pages, taxonomy, places, twinning, certification and published experts."""

import pytest

from experts.factories import ExpertFactory
from experts.models import ExpertStatus
from knowledge.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    TwinningActionItemFactory,
    translations,
)
from knowledge.models import Action, City, Theme, TwinningPartnership
from portal.selectors import describe_gaps, missing_translations

pytestmark = pytest.mark.django_db

EVERY_LANGUAGE = {
    "en": "Bangkok's kilns",
    "vi": "Lò gạch Bangkok",
    "id": "Tungku Bangkok",
    "th": "เตาเผาอิฐกรุงเทพฯ",
}


def rows_for(instance, **filters):
    return [
        row
        for row in missing_translations(**filters)
        if row.instance.pk == instance.pk and type(row.instance) is type(instance)
    ]


@pytest.fixture
def index(home_page):
    return CaseStudyIndexPageFactory(parent=home_page, **translations("title", EVERY_LANGUAGE))


def test_a_page_lists_the_fields_each_language_lacks(index):
    page = CaseStudyPageFactory(
        parent=index,
        period="",
        **translations("title", EVERY_LANGUAGE),
        **translations("summary", {"en": "Cleaner kilns.", "vi": "Lò sạch hơn."}),
        **translations("lessons_learned", {"en": "Start with the owners."}),
    )

    (row,) = rows_for(page)

    assert row.kind == "page"
    assert row.missing == {
        "vi": ["lessons learned"],
        "id": ["summary", "lessons learned"],
        "th": ["summary", "lessons learned"],
    }
    assert describe_gaps(row, {"vi": "Vietnamese", "id": "Indonesian", "th": "Thai"}).startswith(
        "Vietnamese: lessons learned · Indonesian: summary, lessons learned"
    )


def test_fields_nobody_wrote_and_complete_pages_are_not_listed(index):
    page = CaseStudyPageFactory(
        parent=index,
        period="",
        **translations("title", EVERY_LANGUAGE),
        **translations("summary", EVERY_LANGUAGE),
    )

    assert rows_for(page) == []


def test_a_language_filter_keeps_only_that_language(index):
    page = CaseStudyPageFactory(
        parent=index,
        period="",
        **translations("title", {**EVERY_LANGUAGE, "th": ""}),
        **translations("summary", EVERY_LANGUAGE),
    )
    city = City.objects.get(slug="hanoi")
    city.name_vi = ""
    city.save()

    thai = missing_translations(language="th")

    assert [row.missing for row in thai if row.instance == page] == [{"th": ["title"]}]
    assert all(row.instance != city for row in thai)
    assert [row.missing for row in missing_translations(language="vi") if row.instance == city] == [
        {"vi": ["name"]}
    ]


def test_draft_pages_are_not_listed(index):
    page = CaseStudyPageFactory(parent=index, title="Only English")
    page.unpublish()

    assert rows_for(page) == []


def test_taxonomy_terms_and_the_kind_filter(site):
    theme = Theme.objects.get(slug="clean-air-for-all")
    theme.name_th = ""
    theme.save()

    rows = missing_translations(kind="taxonomy")

    assert [(row.kind, row.missing) for row in rows if row.instance == theme] == [
        ("taxonomy", {"th": ["name"]})
    ]
    assert all(row.kind == "taxonomy" for row in rows)
    assert not [row for row in missing_translations(kind="expert") if row.instance == theme]


def test_published_experts_with_an_untranslated_biography(site):
    expert = ExpertFactory(
        name="Somchai",
        **translations("biography", {"en": "<p>Kilns.</p>", "th": "<p>เตาเผา</p>"}),
        **translations("position", {"en": "Engineer", "vi": "Kỹ sư", "id": "Insinyur", "th": "วิศวกร"}),
        **translations("organisation", {"en": "", "vi": "", "id": "", "th": ""}),
    )
    draft = ExpertFactory(name="Draft", status=ExpertStatus.DRAFT, biography="<p>Only English.</p>")

    (row,) = rows_for(expert)

    assert row.kind == "expert"
    assert row.missing == {"vi": ["biography"], "id": ["biography"]}
    assert rows_for(draft) == []


def test_published_action_items_count_towards_their_partnership(site):
    partnership = TwinningPartnership.objects.get(slug="pasig-taipei")
    action = Action.objects.get(slug="public-bike-sharing")
    TwinningActionItemFactory(
        partnership=partnership, action=action, is_published=True, title="Docking stations"
    )
    TwinningActionItemFactory(
        partnership=partnership, action=action, is_published=False, title="Secret draft"
    )

    (row,) = rows_for(partnership, language="id")

    assert row.kind == "twinning"
    assert "Docking stations · title" in row.missing["id"]
    assert not any("Secret draft" in label for label in row.missing["id"])


def test_the_report_offers_every_kind_in_the_editors_order():
    # The apps register their kinds at start-up; the filter lists them in one fixed order.
    from portal.selectors import KIND_LABELS

    assert [(key, str(label)) for key, label in KIND_LABELS.items()] == [
        ("page", "Pages"),
        ("taxonomy", "Taxonomy terms"),
        ("place", "Cities and countries"),
        ("twinning", "Twinning partnerships"),
        ("certification", "City certification"),
        ("expert", "Expert profiles"),
    ]
