"""Everyday and slang words find text written with the formal term, in and across languages."""

import pytest

from portal.search.engines.embedded import EmbeddedEngine
from portal.search.glossary import FILE_GLOSSARY, TermGroup
from portal.search.query import SearchQuery
from tests.portal.search.conftest import article

DOCUMENTS = [
    article("jakarta-jams", title_en="Cutting traffic congestion in Jakarta", country=["ID"]),
    article("riau-haze", title_id="Kabut asap dari kebakaran hutan di Riau", country=["ID"]),
    article("haiphong-trucks", title_en="Cleaner diesel trucks at the port of Haiphong", country=["VN"]),
    article("bangkok-burning", title_th="มาตรการห้ามการเผาในที่โล่งของกรุงเทพมหานคร", country=["TH"]),
    article("hanoi-motorbikes", title_vi="Kiểm soát khí thải xe máy ở Hà Nội", country=["VN"]),
    article("chiang-mai-pm", title_en="PM2.5 in Chiang Mai during the dry season", country=["TH"]),
    article("pasig-bikes", title_en="Public bike sharing in Pasig", country=["PH"]),
]


@pytest.fixture
def indexed(engine, articles):
    engine.index_documents(articles, DOCUMENTS)
    return engine


def ids(engine, articles, text: str) -> list[str]:
    return [hit.id for hit in engine.search(articles, SearchQuery(text=text)).hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("macet", "jakarta-jams"),  # Indonesian slang for a traffic jam
        ("kẹt xe", "jakarta-jams"),  # Vietnamese, everyday
        ("รถติด", "jakarta-jams"),  # Thai, everyday
        ("traffic jams", "jakarta-jams"),
        ("smog", "riau-haze"),  # English for the Indonesian "kabut asap"
        ("หมอกควัน", "riau-haze"),
        ("forest fires", "riau-haze"),
        ("lorries", "haiphong-trucks"),  # British English
        ("xe tải", "haiphong-trucks"),
        ("truk", "haiphong-trucks"),
        ("burning rubbish", "bangkok-burning"),
        ("เผาขยะ", "bangkok-burning"),  # no "การ": as people say it
        ("pembakaran sampah", "bangkok-burning"),
        ("motorbikes", "hanoi-motorbikes"),
        ("มอเตอร์ไซค์", "hanoi-motorbikes"),
        ("sepeda motor", "hanoi-motorbikes"),
        ("ฝุ่นพิษ", "chiang-mai-pm"),  # Thai "toxic dust": PM2.5 in the news
        ("bụi siêu mịn", "chiang-mai-pm"),
    ],
)
def test_an_everyday_word_finds_the_text_with_the_formal_term(indexed, articles, text, expected):
    assert ids(indexed, articles, text)[:1] == [expected]


@pytest.mark.parametrize(
    ("text", "unrelated"),
    [
        ("smog", "haiphong-trucks"),
        ("macet", "hanoi-motorbikes"),
        ("xe máy", "jakarta-jams"),
        ("เผาขยะ", "riau-haze"),
        ("lorries", "pasig-bikes"),
    ],
)
def test_an_everyday_word_does_not_bring_in_other_things(indexed, articles, text, unrelated):
    assert unrelated not in ids(indexed, articles, text)


def test_the_embedded_engine_uses_a_changed_glossary_at_once_plans_and_facet_counts_too(tmp_path, articles):
    """What an editor's synonym does between two searches: no restart, no stale cached plan."""
    source = {"glossary": FILE_GLOSSARY}
    engine = EmbeddedEngine(index_dir=tmp_path / "index", glossary_source=lambda: source["glossary"])
    engine.index_documents(
        articles, [*DOCUMENTS, article("sg-roofs", title_en="Green roofs", country=["SG"])]
    )
    query = SearchQuery(text="mái nhà xanh", facets=["country"])

    # Before (and after) the editors' group, "mái nhà xanh" is not a term for green roofs: the
    # Singapore page is not among the answers (some words alone may find other pages, relaxed).
    before = engine.search(articles, query)
    assert "sg-roofs" not in [hit.id for hit in before.hits]
    assert "SG" not in before.facets["country"]

    source["glossary"] = FILE_GLOSSARY.with_additions(
        [TermGroup("editors-1", {"en": ("green roofs",), "vi": ("mái nhà xanh",)})]
    )
    during = engine.search(articles, query)
    assert [hit.id for hit in during.hits] == ["sg-roofs"]
    assert during.facets["country"] == {"SG": 1}

    source["glossary"] = FILE_GLOSSARY
    after = engine.search(articles, query)
    assert "sg-roofs" not in [hit.id for hit in after.hits]
    assert "SG" not in after.facets["country"]


def test_karhutla_finds_forest_fires_and_land_burning(engine, articles):
    # "karhutla" is kebakaran hutan dan lahan: forest and land fires, which land burning starts.
    engine.index_documents(
        articles,
        [
            *DOCUMENTS,
            article("kalimantan-land", title_id="Patroli pembakaran lahan di Kalimantan", country=["ID"]),
        ],
    )
    found = ids(engine, articles, "karhutla")
    assert sorted(found[:2]) == ["kalimantan-land", "riau-haze"]
    assert ids(engine, articles, "land burning")[:1] == ["kalimantan-land"]
