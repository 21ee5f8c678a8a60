"""The search page, picks and the search report know their collections only from the registry:
an app that registers one more collection gets its own group, tab and hit template on the page,
and its searches are counted, with no change to portal/search."""

import pytest
from django.test import Client

from portal.search.documents import register, unregister
from portal.search.engines.base import get_engine
from portal.search.models import SearchQueryLog
from portal.search.picks import picked_ids
from portal.search.query import Hit
from portal.search.requests import PageGroup, SearchSpec, page_specs, register_spec, unregister_spec
from portal.search.stats import record_search
from tests.portal.search.conftest import ArticleDocuments, article

pytestmark = pytest.mark.django_db


def present_article(hit: Hit, language: str) -> dict:
    document = hit.document
    return {
        "url": f"/{language}/articles/{document['id']}/",
        "title": document.get(f"title_{language}") or document.get("title_en", ""),
        "title_language": language,
        "type_label": "Article",
        "summary": document.get("summary_en", ""),
    }


@pytest.fixture
def article_collection(indexed):
    """A third collection, registered as an app would, shown after the others on the page."""
    documents = ArticleDocuments()
    register(documents)
    register_spec(
        SearchSpec(
            document_type=documents.name,
            filters=(),
            present=present_article,
            page_group=PageGroup(
                scope="articles",
                label="Articles",
                hit_template="search/knowledge_hit.html",
                order=max(spec.page_group.order for spec in page_specs()) + 1,
            ),
        )
    )
    get_engine().index_documents(
        documents,
        [article("hanoi", title_en="Hanoi air quality monitoring", summary_en="Sensors across the city.")],
    )
    yield documents
    unregister_spec(documents.name)
    unregister(documents.name)


def test_a_registered_collection_gets_its_own_group_and_tab(client: Client, article_collection):
    html = client.get("/en/search/", {"q": "monitoring"}).content.decode()

    assert '<li><a href="?q=monitoring&amp;scope=articles">Articles</a></li>' in html
    assert '<h2 id="group-articles">Articles' in html
    # The hit is drawn by the registered template, its link counted on the way (search_click).
    assert "&amp;c=all&amp;to=%2Fen%2Farticles%2Fhanoi%2F" in html
    assert "Hanoi air quality monitoring" in html


def test_the_scope_of_a_registered_collection_shows_it_alone_and_is_counted_under_its_name(
    client: Client, article_collection
):
    html = client.get("/en/search/", {"q": "monitoring", "scope": "articles"}).content.decode()

    assert '<h2 id="group-articles">' in html
    assert '<h2 id="group-practices">' not in html and '<h2 id="group-experts">' not in html
    assert 'aria-current="page">Articles</a>' in html
    assert SearchQueryLog.objects.get().collection == article_collection.name


def test_a_collection_no_app_registered_is_not_counted(db):
    record_search("air quality", "en", "not_a_collection", found=True)
    record_search("air quality", "en", "experts", found=True)

    assert list(SearchQueryLog.objects.values_list("collection", flat=True)) == ["experts"]


def test_a_collection_without_a_pick_target_has_no_picks(article_collection):
    assert picked_ids(article_collection, "monitoring", "en") == []
