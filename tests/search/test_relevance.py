"""The relevance set over the demo content: the expected page or expert in the top 3."""

from io import StringIO

import pytest
from django.core.management import call_command

from portal.search.documents import get_document_type
from portal.search.query import SearchQuery
from tests.search.relevance import RELEVANCE_SET

pytestmark = pytest.mark.django_db


def result_slug(document: dict) -> str:
    return document.get("slug") or document.get("path", "").strip("/").split("/")[-1]


def test_the_relevance_set_finds_each_expected_result_in_the_top_three(search_engine, site):
    call_command("load_demo", stdout=StringIO())
    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())

    assert len(RELEVANCE_SET) >= 40
    assert {language for language, *_ in RELEVANCE_SET} == {"en", "vi", "id", "th"}
    misses = []
    for language, text, collection, expected in RELEVANCE_SET:
        result = search_engine.search(
            get_document_type(collection), SearchQuery(text=text, language=language, page_size=3)
        )
        top = [result_slug(hit.document) for hit in result.hits]
        if expected not in top:
            misses.append(f"{language} {text!r}: expected {expected}, got {top}")
    assert not misses, "\n".join(misses)
