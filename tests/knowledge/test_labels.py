"""A knowledge page's terms and partner cities: read in one query, labelled from the cached
vocabularies, exactly as the rows would show them."""

import pytest
from django.test import Client
from django.utils import translation

from knowledge.factories import CaseStudyPageFactory
from knowledge.labels import page_terms, vocabulary
from knowledge.models import CaseStudyPage, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(case_study_index, terms):
    themes = list(terms["theme"].values())
    # Sort order, not the order they were linked or their slugs, decides how a page lists its terms.
    themes[0].sort_order = 1000
    themes[0].save()
    return CaseStudyPageFactory(
        parent=case_study_index,
        slug="practice",
        city=terms["city"]["hanoi"],
        terms={
            "themes": [themes[0], themes[-1]],
            "pollutants": list(terms["pollutant"].values())[:1],
            "actions": list(terms["action"].values())[:3],
            "partner_cities": [terms["city"]["seoul"], terms["city"]["bangkok"]],
        },
    )


def rows(page: CaseStudyPage) -> dict[str, list[tuple[str, str]]]:
    page = CaseStudyPage.objects.get(pk=page.pk)
    return {
        "themes": [(term.slug, str(term.name)) for term in page.themes.all()],
        "pollutants": [(term.slug, str(term.name)) for term in page.pollutants.all()],
        "sectors": [(term.slug, str(term.name)) for term in page.sectors.all()],
        "actions": [(term.slug, str(term.name)) for term in page.actions.all()],
        "partner_cities": [
            (city.slug, str(city.name), city.country.code, str(city.country.name))
            for city in page.partner_cities.select_related("country")
        ],
    }


def labels(page: CaseStudyPage) -> dict[str, list[tuple[str, ...]]]:
    found = page_terms(page=page)
    assert found is not None
    return {
        "themes": [(term.slug, term.name) for term in found.themes],
        "pollutants": [(term.slug, term.name) for term in found.pollutants],
        "sectors": [(term.slug, term.name) for term in found.sectors],
        "actions": [(term.slug, term.name) for term in found.actions],
        "partner_cities": [
            (city.slug, city.name, city.country.code, city.country.name) for city in found.partner_cities
        ],
    }


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_the_labels_are_the_rows_in_every_language_in_one_query(
    practice, language, django_assert_num_queries
):
    with translation.override(language):
        expected = rows(practice)
        labels(practice)  # the vocabularies, once per content version
        with django_assert_num_queries(1):
            assert labels(practice) == expected
    assert expected["themes"][-1][0] == Theme.objects.get(sort_order=1000).slug
    assert len(expected["partner_cities"]) == 2


def test_a_term_renamed_shows_its_new_label_on_the_next_view(client: Client, practice):
    theme = practice.themes.order_by("sort_order").first()
    assert theme.name in client.get("/en/case-studies/practice/").content.decode()

    theme.name_en = "Clean air zones, renamed"
    theme.save()

    assert "Clean air zones, renamed" in client.get("/en/case-studies/practice/").content.decode()
    assert "Clean air zones, renamed" in vocabulary("theme").values()


def test_a_preview_shows_the_drafts_terms_not_the_published_ones(rf, practice, terms):
    draft = CaseStudyPage.objects.get(pk=practice.pk)
    other = next(iter(terms["sector"].values()))
    # What Wagtail's preview does: the draft's relations held in memory, nothing written.
    draft.sectors = [other]
    request = rf.get("/en/case-studies/practice/")

    context = draft.get_context(request)

    shown = {str(label): [term.slug for term in found] for label, found in context["taxonomy"]}
    assert shown["Source sectors"] == [other.slug]
    assert CaseStudyPage.objects.get(pk=practice.pk).sectors.count() == 0


def test_a_renamed_city_shows_on_its_pages_at_once(client: Client, practice, terms):
    assert "Hanoi" in client.get("/en/case-studies/practice/").content.decode()

    hanoi = terms["city"]["hanoi"]
    hanoi.name_en = "Ha Noi Capital"
    hanoi.save()

    html = client.get("/en/case-studies/practice/").content.decode()
    structured_data = html.split('type="application/ld+json"')[1].split("</script>")[0]
    assert "<dd>Ha Noi Capital, " in html.split("<main")[1]
    assert "Ha Noi Capital" in structured_data
