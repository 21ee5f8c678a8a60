"""Typo and prefix words looked up as lists of the index's terms (TypoTerms) find exactly what
tantivy's fuzzy automaton finds: the same documents, in the same order, with the same scores
(but for float rounding of their sums), for typos, transpositions, prefixes, Vietnamese and Thai."""

import random

import pytest

from portal.search.engines.embedded import EmbeddedEngine, typo_matching
from portal.search.engines.embedded.typo_matching import TypoTerms, accepts, fuzzy_distance
from portal.search.query import SearchQuery
from tests.portal.search.conftest import ArticleDocuments, article

WORDS = {
    "en": [
        "emissions",
        "inventory",
        "monitoring",
        "network",
        "forecasting",
        "warning",
        "burning",
        "construction",
        "dust",
        "department",
        "environment",
        "environmental",
        "research",
        "researcher",
        "quality",
        "transport",
        "vehicle",
        "ports",
    ],
    "id": [
        "pemantauan",
        "kualitas",
        "udara",
        "peneliti",
        "pencemaran",
        "pengendalian",
        "kendaraan",
        "pelabuhan",
        "kota",
    ],
    "vi": [
        "quan",
        "trắc",
        "chất",
        "lượng",
        "không",
        "khí",
        "ô",
        "nhiễm",
        "môi",
        "trường",
        "khí",
        "thải",
        "giao",
        "thông",
        "nghiên",
        "cứu",
    ],
    "th": ["คุณภาพ", "อากาศ", "ฝุ่น", "ละออง", "มลพิษ", "การ", "ตรวจวัด", "เมือง"],
}
QUERIES = [
    "emisions inventroy",  # one typo each
    "enviroment departmen",  # a typo, then a prefix with a typo
    "reseacher",
    "monitorin",
    "qualit",
    "envrionment",  # a transposition
    "peneliti kualitas udara",
    "pemantaun",
    "chat luong khong khi",
    "ô nhiễm môi trườn",
    "nghien cuu",
    "trans",
    "po",
    "ve",
    "คุณภาพอากาศ",
    "ฝุ่นละออง",
    "vehicle kota",
    "zzzzzz",
]


def generated(count: int) -> list[dict]:
    rng = random.Random(12)
    documents = []
    for number in range(count):
        fields = {}
        for language in rng.sample(list(WORDS), rng.randint(1, 2)):
            fields[f"title_{language}"] = " ".join(rng.choices(WORDS[language], k=rng.randint(2, 4)))
            fields[f"summary_{language}"] = " ".join(rng.choices(WORDS[language], k=rng.randint(5, 12)))
        fields["author"] = rng.choice(["Nguyễn Văn An", "Siti Rahma", "Jane Doe", "สมชาย ใจดี"])
        documents.append(article(f"doc-{number}", kind=rng.choice(["case-study", "toolkit"]), **fields))
    return documents


@pytest.fixture
def indexed(tmp_path) -> EmbeddedEngine:
    engine = EmbeddedEngine(index_dir=tmp_path / "index", facet_cache_size=0)
    engine.index_documents(ArticleDocuments(), generated(300))
    return engine


def ranked(engine: EmbeddedEngine, text: str, typos: TypoTerms | None) -> list[tuple[str, float]]:
    """Every document the plan finds, best first, with its score (fuzzy automaton when typos is None)."""
    document_type = ArticleDocuments()
    opened, searcher, _ = engine._versioned_searcher(document_type)
    plan = engine._build_plan(opened.layout, text, typos=typos)
    if plan.query is None:
        return []
    found = searcher.search(plan.query, limit=1000, count=True)
    return [(searcher.doc(address).get_first("id"), score) for score, address in found.hits]


@pytest.mark.parametrize("text", QUERIES)
def test_term_lists_find_what_the_automaton_finds(indexed, text):
    opened, searcher, _ = indexed._versioned_searcher(ArticleDocuments())
    typos = TypoTerms(searcher, [item.key for item in opened.layout.text])
    automaton = ranked(indexed, text, None)
    listed = ranked(indexed, text, typos)
    assert [doc_id for doc_id, _ in listed] == [doc_id for doc_id, _ in automaton]
    assert [score for _, score in listed] == pytest.approx([score for _, score in automaton], rel=1e-6)
    if text != "zzzzzz":
        assert automaton, f"{text!r} should find something, or the comparison proves little"


def test_accepts_agrees_with_tantivy_fuzzy_queries_field_by_field(indexed):
    """Each field, each word of the queries, as a plan asks for it (its own typo budget, as a
    last word or not): the documents of the terms ``accepts`` picks are those of the fuzzy query."""
    import tantivy

    opened, searcher, _ = indexed._versioned_searcher(ArticleDocuments())
    schema = opened.layout.schema

    def documents(query) -> set[str]:
        found = searcher.search(query, limit=1000, count=True)
        return {searcher.doc(address).get_first("id") for _, address in found.hits}

    words = {word for text in QUERIES for word in text.lower().split()} | {"pemantaun", "trườn"}
    checked = 0
    for item in opened.layout.text:
        terms = [term for term, _ in searcher.terms_with_prefix(item.key, "")]
        for word in sorted(words):
            for distance, prefix in ((fuzzy_distance(word), False), (fuzzy_distance(word), True)):
                if not distance and not prefix:
                    continue
                fuzzy = tantivy.Query.fuzzy_term_query(
                    schema, item.key, word, distance=distance, transposition_cost_one=True, prefix=prefix
                )
                picked = [term for term in terms if accepts(term, word, distance, prefix)]
                listed = tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.term_query(schema, item.key, term))
                        for term in picked
                    ]
                )
                expected = documents(fuzzy)
                assert (documents(listed) if picked else set()) == expected, (
                    item.key,
                    word,
                    distance,
                    prefix,
                )
                checked += bool(expected)
    assert checked > 50


def test_a_commit_is_searched_with_its_own_terms(indexed):
    """A word new to the index is found by its typo at once: the terms are read per searcher."""
    document_type = ArticleDocuments()
    before = indexed.search(document_type, SearchQuery(text="bicycel"))
    assert before.total == 0
    indexed.index_documents(document_type, [article("new", title_en="Bicycle lanes")])
    after = indexed.search(document_type, SearchQuery(text="bicycel"))
    assert [hit.id for hit in after.hits] == ["new"]


def test_large_fields_and_wide_words_keep_the_automaton(indexed, monkeypatch):
    """A field with more terms than TYPO_VOCABULARY_LIMIT, or a word matching more terms than
    TYPO_EXPANSION_LIMIT, is left to the automaton (None), with the same answers."""
    opened, searcher, _ = indexed._versioned_searcher(ArticleDocuments())
    keys = [item.key for item in opened.layout.text]
    monkeypatch.setattr(typo_matching, "TYPO_VOCABULARY_LIMIT", 3)
    small = TypoTerms(searcher, keys)
    assert small.expansion("summary_en", "monitorin", 1, True) is None
    monkeypatch.undo()
    monkeypatch.setattr(typo_matching, "TYPO_EXPANSION_LIMIT", 1)
    narrow = TypoTerms(searcher, keys)
    assert narrow.expansion("summary_en", "e", 0, True) is None  # emissions, environment, …
    assert ranked(indexed, "e", narrow) == ranked(indexed, "e", None)


def test_the_vocabulary_filter_never_drops_a_match():
    """_candidates rules terms out for a whole field at once; every term ``accepts`` takes must
    survive it (random terms near and far from the words, marked letters included)."""
    import numpy as np

    from portal.search.engines.embedded.typo_matching import _candidates, _letters

    rng = random.Random(5)
    letters = "abcdeiklmnoprstuáàạôơưđ"
    words = ["department", "kualitas", "qualit", "kota", "ve", "trườn", "nghien"]
    terms = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 13))) for _ in range(3000)]
    for word in words:  # near misses: one or two edits, and longer words beginning with them
        for _ in range(60):
            near = list(word)
            for _ in range(rng.randint(1, 2)):
                spot = rng.randrange(len(near))
                near[spot : spot + 1] = rng.choice(
                    [[], [rng.choice(letters)], [near[spot], rng.choice(letters)]]
                )
            terms.append("".join(near) + rng.choice(["", "", "s", "ment", "an"]))
    terms = tuple(terms)
    lengths = np.fromiter((len(term) for term in terms), dtype=np.int64, count=len(terms))
    masks = np.fromiter((_letters(term) for term in terms), dtype=np.uint64, count=len(terms))
    matched = 0
    for word in words:
        for prefix in (False, True):
            distance = fuzzy_distance(word)
            kept = set(_candidates(terms, lengths, masks, word, distance, prefix))
            taken = {term for term in terms if accepts(term, word, distance, prefix)}
            assert taken <= kept
            assert len(kept) < len(terms) / 2  # and it does rule terms out
            matched += len(taken)
    assert matched > 100
