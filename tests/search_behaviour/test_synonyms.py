"""Editors' synonyms: added in the admin, used by the next search, gone when deleted or unpublished."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from knowledge.factories import CaseStudyPageFactory
from portal.models import SearchSynonym
from portal.search.documents import get_document_type
from portal.search.query import SearchQuery
from tests.search_behaviour.test_relevance import result_slug
from tests.search_behaviour.test_search_report import user_in

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/portal/searchsynonym/add/"


@pytest.fixture
def pages(case_study_index):
    return {
        "roofs": CaseStudyPageFactory(
            parent=case_study_index, slug="singapore-green-roofs", title="Green roofs cool Singapore streets"
        ),
        "pasig": CaseStudyPageFactory(
            parent=case_study_index, slug="pasig", title="Public bike sharing in Pasig"
        ),
    }


def found(engine, text: str, language: str = "en") -> list[str]:
    result = engine.search(get_document_type("knowledge"), SearchQuery(text=text, language=language))
    return [result_slug(hit.document) for hit in result.hits]


def form(**changes) -> dict:
    data = {"terms_en": "", "terms_vi": "", "terms_ind": "", "terms_th": "", "note": ""}
    data.update(changes)
    return data


def test_a_published_synonym_is_used_by_the_next_search_and_deleting_it_stops_it(search_engine, pages):
    assert found(search_engine, "mái nhà xanh", "vi") == []
    assert found(search_engine, "atap hijau", "id") == []

    synonym = SearchSynonym.objects.create(
        terms_en="green roofs\ngreen roof", terms_vi="mái nhà xanh", terms_ind="atap hijau"
    )

    assert found(search_engine, "mái nhà xanh", "vi") == ["singapore-green-roofs"]
    assert found(search_engine, "mai nha xanh", "vi") == ["singapore-green-roofs"]  # without tone marks
    assert found(search_engine, "atap hijau", "id") == ["singapore-green-roofs"]

    synonym.delete()
    assert found(search_engine, "mái nhà xanh", "vi") == []


def test_only_published_synonyms_count(search_engine, pages):
    synonym = SearchSynonym(terms_en="green roofs", terms_th="หลังคาเขียว", live=False)
    synonym.save()
    assert found(search_engine, "หลังคาเขียว", "th") == []

    synonym.save_revision().publish()
    assert found(search_engine, "หลังคาเขียว", "th") == ["singapore-green-roofs"]

    synonym.refresh_from_db()  # publishing saved the revision's copy
    synonym.unpublish()
    assert found(search_engine, "หลังคาเขียว", "th") == []


def test_an_editor_publishes_a_synonym_in_the_admin_and_readers_find_with_it(pages):
    editor = user_in("Editors", "editor")
    assert editor.get(ADD).status_code == 200
    assert editor.get("/admin/snippets/portal/searchsynonym/").status_code == 200

    response = editor.post(
        ADD,
        form(
            terms_en="green roofs",
            terms_vi="mái nhà xanh",
            note="Readers ask in Vietnamese",
            **{"action-publish": "1"},
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert SearchSynonym.objects.get().live
    answer = Client().get("/api/v1/knowledge", {"q": "mái nhà xanh", "lang": "vi"})
    assert answer.status_code == 200, answer.content
    [item] = answer.json()["results"]
    assert item["title"] == "Green roofs cool Singapore streets"
    assert item["highlights"]["title"] == "<mark>Green roofs</mark> cool Singapore streets"
    listing = editor.get("/admin/snippets/portal/searchsynonym/", {"q": "nhà xanh"})
    assert "green roofs = mái nhà xanh" in listing.content.decode()


def test_a_synonym_extends_the_group_it_shares_a_word_with(search_engine, pages):
    pm = CaseStudyPageFactory(
        parent=pages["roofs"].get_parent(), slug="bangkok-pm", title="PM2.5 along Bangkok's canals"
    )
    assert found(search_engine, "haze dust") == []  # ("canals" alone now finds it, relaxed)

    SearchSynonym.objects.create(terms_en="PM2.5\nhaze dust")

    assert found(search_engine, "haze dust") == [pm.slug]
    # Through the group PM2.5 belongs to, so the Thai name for it finds the page as well.
    assert found(search_engine, "ฝุ่นละออง PM2.5", "th") == [pm.slug]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"terms_en": "green roofs"}, "at least two different terms"),
        ({"terms_en": "green roofs\nGreen  Roofs"}, "at least two different terms"),
        ({"terms_en": "green roofs", "terms_th": "!!!"}, "no letters or digits"),
        ({"terms_en": "smog", "terms_vi": "xe máy"}, "already belong to different groups"),
        ({"terms_en": "smog", "terms_ind": "kabut asap"}, "already treats all these terms as the same"),
    ],
)
def test_a_synonym_must_add_something_search_can_use(fields, message):
    with pytest.raises(ValidationError, match=message):
        SearchSynonym(**fields).full_clean()


def test_the_admin_form_says_what_is_wrong(pages):
    editor = user_in("Editors", "editor")

    response = editor.post(ADD, form(terms_en="smog", terms_vi="xe máy", **{"action-publish": "1"}))

    assert response.status_code == 200
    assert "already belong to different groups" in response.content.decode()
    assert not SearchSynonym.objects.exists()


def test_editing_a_synonym_is_checked_against_the_others_not_itself(pages):
    synonym = SearchSynonym.objects.create(terms_en="green roofs", terms_vi="mái nhà xanh")
    synonym.terms_ind = "atap hijau"
    synonym.full_clean()  # its own terms are not "already known"


def test_people_without_the_snippet_permissions_cannot_add_synonyms(client: Client, pages):
    reviewer = user_in("Reviewers", "reviewer")

    assert reviewer.get("/admin/snippets/portal/searchsynonym/").status_code != 200
    reviewer.post(ADD, form(terms_en="green roofs", terms_vi="mái nhà xanh", **{"action-publish": "1"}))
    client.post(ADD, form(terms_en="green roofs", terms_vi="mái nhà xanh", **{"action-publish": "1"}))

    assert not SearchSynonym.objects.exists()
