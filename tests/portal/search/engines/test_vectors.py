"""The embedded engine's vector store: whole writes, journalled changes, compaction, exact search."""

import numpy as np
import pytest

from portal.search.engines import vectors as store_module
from portal.search.engines.vectors import VectorStore


def unit(*values: float) -> list[float]:
    array = np.asarray(values, dtype=np.float32)
    return (array / np.linalg.norm(array)).tolist()


@pytest.fixture
def store(tmp_path):
    return VectorStore(tmp_path / "generation", dimensions=3)


def test_nearest_gives_each_document_once_by_its_closest_language_above_the_floor(store):
    store.replace_all(
        {
            "a": {"en": unit(1, 0, 0), "th": unit(0.9, 0.1, 0)},
            "b": {"en": unit(0, 1, 0)},
            "c": {"vi": unit(0.7, 0.7, 0)},
        }
    )
    found = store.nearest(np.asarray(unit(1, 0, 0)), floor=0.5, limit=10)
    assert [(doc_id, language) for doc_id, _, language in found] == [("a", "en"), ("c", "vi")]
    assert found[0][1] == pytest.approx(1.0)
    assert store.nearest(np.asarray(unit(1, 0, 0)), floor=0.5, limit=1)[0][0] == "a"


def test_each_row_is_judged_against_the_floor_of_its_own_language(store):
    store.replace_all(
        {
            "a": {"en": unit(0.8, 0.6, 0), "th": unit(0.9, 0.44, 0)},
            "b": {"th": unit(0.9, 0.44, 0)},
            "c": {"vi": unit(0.75, 0.66, 0)},
        }
    )
    floors = {"en": 0.7, "th": 0.95}
    found = store.nearest(
        np.asarray(unit(1, 0, 0)), floor=lambda language: floors.get(language, 1.0), limit=10
    )
    # "a" is closer in Thai, but only its English row clears its language's floor; "b" has only
    # the Thai row; "c" is in a language with no floor of its own here (1.0).
    assert [(doc_id, language) for doc_id, _, language in found] == [("a", "en")]
    assert found[0][1] == pytest.approx(0.8)


def test_changes_are_journalled_then_folded_into_a_new_matrix(store, monkeypatch):
    monkeypatch.setattr(store_module, "COMPACT_AFTER", 2)
    store.replace_all({"a": {"en": unit(1, 0, 0)}})
    store.upsert({"b": {"en": unit(0, 1, 0)}})
    assert (store.path / "journal.jsonl").exists()
    assert store.ids() == {"a", "b"}
    store.upsert({"a": {"th": unit(0, 0, 1)}})  # replaces every language of "a"
    assert store.nearest(np.asarray(unit(1, 0, 0)), floor=0.5, limit=5) == []
    assert not (store.path / "journal.jsonl").exists()  # the second line folded the journal
    store.delete(["b"])
    assert store.ids() == {"a"}
    assert VectorStore(store.path.parent, dimensions=3).count() == 1  # another process reads the same


def test_vectors_of_another_size_are_ignored(store):
    store.replace_all({"a": {"en": [0.5, 0.5]}, "b": {"en": unit(1, 0, 0)}})
    assert store.ids() == {"b"}
    assert store.nearest(np.asarray([1.0, 0.0]), floor=0.0, limit=5) == []


def test_nearest_among_many_documents_in_several_languages_is_the_exact_best(tmp_path):
    # Enough rows that only a partial selection is sorted, with documents whose other languages
    # crowd the best rows (so the selection must look deeper than ``limit`` rows).
    rng = np.random.default_rng(4)
    store = VectorStore(tmp_path / "generation", dimensions=16)
    target = rng.normal(size=16).astype(np.float32)
    target /= np.linalg.norm(target)
    vectors: dict[str, dict[str, list[float]]] = {}
    for number in range(600):
        by_language = {}
        for language in ("en", "vi", "th")[: 1 + number % 3]:
            row = rng.normal(size=16).astype(np.float32) + (target * 3 if number < 40 else 0)
            by_language[language] = (row / np.linalg.norm(row)).tolist()
        vectors[f"d{number}"] = by_language
    store.replace_all(vectors)

    found = store.nearest(target, floor=0.1, limit=25)

    best: dict[str, tuple[float, str]] = {}
    for doc_id, by_language in vectors.items():
        for language, row in by_language.items():
            similarity = float(np.dot(np.asarray(row, dtype=np.float32), target))
            if similarity >= 0.1 and similarity > best.get(doc_id, (-2.0, ""))[0]:
                best[doc_id] = (similarity, language)
    expected = sorted(best.items(), key=lambda item: -item[1][0])[:25]
    assert [(doc_id, language) for doc_id, _, language in found] == [
        (doc_id, language) for doc_id, (_, language) in expected
    ]
    assert [similarity for _, similarity, _ in found] == pytest.approx([s for _, (s, _) in expected])


def test_a_repeated_question_is_answered_from_memory_until_the_store_changes(store, monkeypatch):
    store.replace_all({"a": {"en": unit(1, 0, 0)}, "b": {"en": unit(0.6, 0.8, 0)}})
    query = np.asarray(unit(1, 0, 0))
    first = store.nearest(query, floor=0.5, limit=5)
    products = []
    computed = VectorStore._nearest
    monkeypatch.setattr(
        VectorStore, "_nearest", staticmethod(lambda *args: products.append(1) or computed(*args))
    )
    assert store.nearest(query, floor=0.5, limit=5) == first
    assert products == []  # same store, vector, floor and limit: no product
    # Another floor or limit is another question.
    assert [doc_id for doc_id, _, _ in store.nearest(query, floor=0.7, limit=5)] == ["a"]
    assert store.nearest(query, floor=0.5, limit=1) == first[:1]
    assert len(products) == 2
    # A change to the store (a journalled save) is seen at once: "b" now points the query's way.
    store.upsert({"b": {"en": unit(1, 0.01, 0)}})
    again = store.nearest(query, floor=0.5, limit=5)
    assert [doc_id for doc_id, _, _ in again] == ["a", "b"]
    assert again[1][1] > first[1][1]
    assert len(products) == 3


def test_a_journalled_save_leaves_the_written_rows_mapped_from_the_file(store):
    # Every web worker reads the store: a save must not make each fold the whole matrix into a
    # private copy (264 MB at 100,000 experts); only the journal's own rows are held in memory.
    store.replace_all({"a": {"en": unit(1, 0, 0)}, "b": {"en": unit(0, 1, 0), "th": unit(0, 0.9, 0.1)}})
    store.upsert({"c": {"vi": unit(0.9, 0.1, 0)}})
    store.delete(["b"])
    loaded = store._read()
    assert isinstance(loaded.written.matrix.base, np.memmap)
    assert loaded.extra.shape == (1, 3)
    assert store.ids() == {"a", "c"}
    found = store.nearest(np.asarray(unit(1, 0, 0)), floor=0.5, limit=5)
    assert [(doc_id, language) for doc_id, _, language in found] == [("a", "en"), ("c", "vi")]
    # A document deleted from the written rows and set again is answered by its new rows.
    store.upsert({"b": {"id": unit(1, 0.05, 0)}})
    found = store.nearest(np.asarray(unit(1, 0, 0)), floor=0.5, limit=5)
    assert [(doc_id, language) for doc_id, _, language in found] == [("a", "en"), ("b", "id"), ("c", "vi")]


def test_a_reader_started_before_the_store_was_read_again_shares_what_it_read(store):
    # What gunicorn's master reads before the fork (portal/warmup.py) is what a worker's first
    # search uses, as long as the files have not changed since.
    store.replace_all({"a": {"en": unit(1, 0, 0)}})
    store.load()
    first = store._read()
    assert VectorStore(store.path.parent, dimensions=3)._read() is first
    store.upsert({"b": {"en": unit(0, 1, 0)}})
    again = store._read()
    assert again is not first
    assert again.written is first.written  # the journal changed, not the written rows
