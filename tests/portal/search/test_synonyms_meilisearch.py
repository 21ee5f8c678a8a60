"""Meilisearch gets the glossary's synonyms (file and editors') through its ``synonyms`` setting."""

import pytest
from django.core.management import call_command

from portal.models import SearchSynonym
from portal.search import outbox
from portal.search.documents import get_document_type
from portal.search.engines.base import get_engine
from portal.search.glossary import FILE_GLOSSARY
from portal.search.models import IndexOutboxEntry
from tests.portal.search.test_outbox import time_passes

pytestmark = pytest.mark.django_db


@pytest.fixture
def meilisearch(settings, fake_meili, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.MEILISEARCH_URL = fake_meili.url
    settings.MEILISEARCH_API_KEY = "admin-key"
    settings.MEILISEARCH_SEARCH_KEY = "search-key"
    settings.MEILISEARCH_INDEX_PREFIX = "t"
    return fake_meili


def synonyms_of(fake, uid: str = "t_knowledge") -> dict[str, list[str]]:
    return fake.indexes[uid]["settings"]["synonyms"]


def synonym_requests(fake) -> list[tuple[str, str]]:
    return [(request.method, request.path) for request in fake.requests if request.path.endswith("/synonyms")]


def test_configuring_sends_the_file_and_the_published_editors_groups(meilisearch):
    SearchSynonym.objects.create(terms_en="green roofs", terms_vi="mái nhà xanh")
    SearchSynonym.objects.create(terms_en="rooftop farms", terms_th="ฟาร์มบนหลังคา", live=False)

    get_engine().configure(get_document_type("knowledge"))

    sent = synonyms_of(meilisearch)
    assert sent["green roofs"] == ["mái nhà xanh"]
    assert sent["mái nhà xanh"] == ["green roofs"]
    assert "rooftop farms" not in sent  # a draft
    assert sent["smog"] == FILE_GLOSSARY.synonyms()["smog"]


def test_saving_a_synonym_updates_the_setting_of_every_index_and_deleting_it_removes_it(
    meilisearch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        synonym = SearchSynonym.objects.create(terms_en="green roofs", terms_ind="atap hijau")

    assert sorted(synonym_requests(meilisearch)) == [
        ("PUT", "/indexes/t_experts/settings/synonyms"),
        ("PUT", "/indexes/t_knowledge/settings/synonyms"),
    ]
    for uid in ("t_knowledge", "t_experts"):
        assert synonyms_of(meilisearch, uid)["atap hijau"] == ["green roofs"]
    assert not IndexOutboxEntry.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        synonym.delete()

    assert "atap hijau" not in synonyms_of(meilisearch)
    assert synonyms_of(meilisearch) == FILE_GLOSSARY.synonyms()


def test_an_extension_of_a_file_group_reaches_every_term_of_it(
    meilisearch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(terms_th="ฝุ่นจิ๋ว\nฝุ่นตัวจิ๋ว")

    sent = synonyms_of(meilisearch)
    assert "ฝุ่นตัวจิ๋ว" in sent["pm2.5"]
    assert "pm2.5" in [term.lower() for term in sent["ฝุ่นตัวจิ๋ว"]]


def test_synonyms_wait_in_the_outbox_while_meilisearch_is_down(
    meilisearch, django_capture_on_commit_callbacks
):
    meilisearch.down = True
    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(terms_en="green roofs", terms_vi="mái nhà xanh")  # the save stands

    waiting = IndexOutboxEntry.objects.filter(action=IndexOutboxEntry.SYNONYMS)
    assert sorted(waiting.values_list("document_type", flat=True)) == ["experts", "knowledge"]
    assert all("503" in entry.last_error for entry in waiting)

    meilisearch.down = False
    time_passes()
    call_command("search_index", "drain", stdout=None)
    assert synonyms_of(meilisearch)["green roofs"] == ["mái nhà xanh"]
    assert not IndexOutboxEntry.objects.exists()


def test_several_changes_send_the_setting_once_per_index(meilisearch):
    SearchSynonym.objects.create(
        terms_en="green roofs", terms_vi="mái nhà xanh"
    )  # its run waits for a commit
    IndexOutboxEntry.objects.all().delete()
    outbox.record_synonyms(["knowledge", "knowledge", "experts"])

    report = outbox.process_due()

    assert report.sent == 3
    assert sorted(synonym_requests(meilisearch)) == [
        ("PUT", "/indexes/t_experts/settings/synonyms"),
        ("PUT", "/indexes/t_knowledge/settings/synonyms"),
    ]
