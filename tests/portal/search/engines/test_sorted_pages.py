"""Deep pages of a list sorted by name: the same order as one sorted read, page after page, in
the four languages, with equal names, and after names are changed, added and removed."""

import random

import pytest

from portal.search.engines.embedded import EmbeddedEngine
from portal.search.engines.embedded.sorting import order_key
from portal.search.query import SearchQuery
from portal.search.text import fold, normalise
from tests.portal.search.conftest import article

# Names of the four languages, with long shared beginnings (the order key holds only the first
# nine characters) and exact repeats (their order is the index's, as in one sorted read).
NAMES = [
    "Nguyễn Thị Lan",
    "Nguyễn Thị Lan Anh",
    "Nguyen Thi Lan",
    "Nguyễn Thị Làn",
    "Đặng Văn Quang",
    "Dang Van Quang 12",
    "Dang Van Quang 2",
    "Siti Nurhaliza",
    "Siti Nurhaliza",
    "Sarah O'Brien",
    "Sarah-Jane Smith",
    "Émile Zola",
    "Emile Zola",
    "สมชาย ใจดี",
    "สมชาย ใจดี",
    "สมชาย ใจงาม",
    "เวียง ทอง",
    "李明",
    "Zoë Ng",
]


def _names_of(engine, articles, sort: str, page_size: int) -> tuple[list[str], int]:
    ids: list[str] = []
    total = 0
    for page in range(1, 1000):
        result = engine.search(articles, SearchQuery(sort=sort, page=page, page_size=page_size))
        total = result.total
        if not result.hits:
            return ids, total
        ids += [hit.id for hit in result.hits]
    raise AssertionError("more pages than documents")


def _expected(documents: dict[str, str]) -> list[str]:
    """The names in the order readers see: the folded name's bytes (repeats keep index order)."""
    return sorted(documents.values(), key=lambda name: fold(normalise(name)).encode())


def test_order_key_never_decreases_along_the_sorted_names():
    rng = random.Random(14)
    letters = [*" aăâbdđeêoơuưzéß0129-'.", "สม", "ชาย", "เ", "่", "李", "😀", "\u0e4f", "\x7f"]
    names = [fold(normalise(name)) for name in NAMES]
    names += ["".join(rng.choice(letters) for _ in range(rng.randint(0, 16))) for _ in range(5000)]
    names.sort(key=str.encode)
    keys = [order_key(name) for name in names]
    assert keys == sorted(keys)
    assert all(0 <= key < 2**63 for key in keys)
    # Names that differ within their first nine characters get different keys, Thai too.
    assert (
        order_key("dang van quang")
        < order_key("nguyen thi lan")
        < order_key("สมชาย ใจงาม")
        < order_key("สมชาย ใจดี")
    )


@pytest.mark.parametrize("sort", ["name", "-name"])
def test_every_page_continues_the_one_sorted_list(tmp_path, articles, sort):
    engine = EmbeddedEngine(index_dir=tmp_path / "index")
    rng = random.Random(7)
    documents = {f"a{number}": rng.choice(NAMES) for number in range(120)}
    # Several commits, so the documents lie in several segments, as after outbox updates.
    items = list(documents.items())
    for start in range(0, len(items), 30):
        engine.index_documents(
            articles, [article(doc_id, name=name) for doc_id, name in items[start : start + 30]]
        )
    engine.index_documents(articles, [article("nameless", title_en="No name")])

    whole = [hit.id for hit in engine.search(articles, SearchQuery(sort=sort, page_size=100, page=1)).hits]
    whole += [hit.id for hit in engine.search(articles, SearchQuery(sort=sort, page_size=100, page=2)).hits]
    for page_size in (1, 3, 7, 20):
        paged, total = _names_of(engine, articles, sort, page_size)
        assert paged == whole
        assert total == len(documents) + 1
    assert whole[-1] == "nameless"  # a document without a name comes last either way
    names = [documents[doc_id] for doc_id in whole[:-1]]
    expected = _expected(documents)
    assert [fold(normalise(name)) for name in names] == [
        fold(normalise(name)) for name in (expected if sort == "name" else expected[::-1])
    ]


def test_a_renamed_added_or_removed_expert_moves_at_once_on_deep_pages(tmp_path, articles):
    engine = EmbeddedEngine(index_dir=tmp_path / "index")
    documents = {f"a{number:03}": f"Nguyễn Thị Lan {number}" for number in range(60)}
    engine.rebuild(articles, [article(doc_id, name=name) for doc_id, name in documents.items()])

    renamed = {"a007": "Nguyễn Thị Lan 999", "a040": "Đặng Văn Quang"}
    added = {"b001": "Nguyễn Thị Lan 305", "b002": "Zoë Ng"}
    engine.index_documents(
        articles, [article(doc_id, name=name) for doc_id, name in {**renamed, **added}.items()]
    )
    engine.delete_documents(articles, ["a031"])
    documents.update(renamed)
    documents.update(added)
    del documents["a031"]

    paged, total = _names_of(engine, articles, "name", 7)
    assert total == len(documents)
    assert [documents[doc_id] for doc_id in paged] == _expected(documents)
    assert paged.index("a040") < paged.index("a000")  # Đặng files under D, before Nguyễn
    assert paged.index("a007") > paged.index("a059") and paged[-1] == "b002"
