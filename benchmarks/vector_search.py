"""The embedded engine's vector search alone: exact (numpy, ``VectorStore.nearest``) against an
approximate index (usearch HNSW, when it is installed), at a given number of documents.

    .venv/bin/python benchmarks/vector_search.py --documents 100000 [--queries 200]

Why synthetic vectors: embedding 100,000 experts' passages on one core takes hours. The rows are
shaped like e5's: every vector shares a strong common direction (unrelated e5 passages still score
~0.75) plus one of 2,000 topic directions and noise, 1.8 rows per document (one per language a
profile is written in, as the generated experts have), 384 dimensions, L2-normalised. A query is a
topic direction with other noise; the floor is set so a few hundred rows pass, as in-domain
queries do. What is measured: CPU milliseconds per query (the thread's CPU time, so other work
on a shared machine does not inflate it; one BLAS thread), p50/p95/p99 over every query, the
size of the matrix or index, and for the approximate index its build time and its recall of the
exact top 50 documents. ``--ann`` names the usearch element types to build (each build is minutes
of one core at 100,000 documents).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

# One BLAS thread, as in a web worker sharing two cores with its siblings; set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.search.engines.vectors import VectorStore

DIMENSIONS = 384
TOPICS = 2_000
LIMIT = 50
ROWS_PER_DOCUMENT = 1.8


def unit_rows(array: np.ndarray) -> np.ndarray:
    return (array / np.linalg.norm(array, axis=1, keepdims=True)).astype(np.float32)


def synthetic(documents: int, queries: int, seed: int = 1) -> tuple[dict, np.ndarray]:
    rng = np.random.default_rng(seed)
    common = unit_rows(rng.normal(size=(1, DIMENSIONS)))[0]
    topics = unit_rows(rng.normal(size=(TOPICS, DIMENSIONS)))
    vectors: dict[str, dict[str, list[float]]] = {}
    languages = ("en", "vi", "id", "th")
    rows_total = int(documents * ROWS_PER_DOCUMENT)
    topic_of = rng.integers(0, TOPICS, size=documents)
    extra = rng.random(size=documents) < (ROWS_PER_DOCUMENT - 1)
    noise = rng.normal(size=(rows_total + documents, DIMENSIONS)).astype(np.float32)
    row = 0
    for number in range(documents):
        by_language = {}
        for language in languages[: 2 if extra[number] else 1]:
            vector = common * 1.6 + topics[topic_of[number]] * 0.7 + noise[row] * 0.045
            by_language[language] = vector / np.linalg.norm(vector)
            row += 1
        vectors[f"d{number}"] = by_language
    asked = rng.integers(0, TOPICS, size=queries)
    query_rows = common * 1.6 + topics[asked] * 0.55 + rng.normal(size=(queries, DIMENSIONS)) * 0.05
    return vectors, unit_rows(query_rows)


def percentiles(values: list[float]) -> str:
    array = np.asarray(values)
    return " / ".join(f"{np.percentile(array, p):.2f}" for p in (50, 95, 99))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ann", default="i8,f16", help="usearch element types, comma-separated")
    options = parser.parse_args()

    started = time.thread_time()
    vectors, queries = synthetic(options.documents, options.queries)
    rows = sum(len(by_language) for by_language in vectors.values())
    print(
        f"{options.documents:,} documents, {rows:,} rows of {DIMENSIONS} float32 "
        f"({time.thread_time() - started:.1f} s to generate)\n"
    )

    with tempfile.TemporaryDirectory(prefix="vector-bench-") as folder:
        store = VectorStore(Path(folder), DIMENSIONS)
        store.replace_all({doc_id: {k: v.tolist() for k, v in by.items()} for doc_id, by in vectors.items()})
        began = time.thread_time()
        store.count()  # what a worker pays once per generation: load the matrix
        load_s = time.thread_time() - began
        matrix = store._read().matrix
        sims = matrix @ queries.T
        # The floor of hybrid.floor_for is relative; here: the level the 300th best row reaches.
        floors = np.sort(sims, axis=0)[-300]
        exact: list[list[str]] = []
        times: list[float] = []
        for query, floor in zip(queries, floors, strict=True):
            began = time.thread_time()
            found = store.nearest(query, floor=float(floor), limit=LIMIT)
            times.append((time.thread_time() - began) * 1000)
            exact.append([doc_id for doc_id, _, _ in found])
        product: list[float] = []
        for query in queries[:50]:
            began = time.thread_time()
            matrix @ query
            product.append((time.thread_time() - began) * 1000)
        print("| method | ms per query p50 / p95 / p99 | memory | build | recall of the exact top 50 |")
        print("| --- | --- | --- | --- | --- |")
        print(
            f"| exact, numpy (VectorStore.nearest) | {percentiles(times)} | {matrix.nbytes / 2**20:.0f} MB "
            f"float32 | load {load_s:.1f} s | 1.000 |"
        )
        print(f"| of which the matrix product alone | {percentiles(product)} | | | |")

        try:
            from usearch.index import Index
        except ImportError:
            print("\nusearch is not installed: the approximate index was not measured.")
            return
        keys = np.arange(rows, dtype=np.uint64)
        owner = [doc_id for doc_id, by in vectors.items() for _ in by]
        for dtype in [name for name in options.ann.split(",") if name]:
            index = Index(ndim=DIMENSIONS, metric="cos", dtype=dtype, connectivity=16, expansion_add=128)
            began = time.thread_time()
            index.add(keys, matrix, threads=1)
            build_s = time.thread_time() - began
            index.expansion_search = 256
            times, recalls = [], []
            for query, truth, floor in zip(queries, exact, floors, strict=True):
                began = time.thread_time()
                matches = index.search(query, LIMIT * 2, threads=1)
                seen: list[str] = []
                for key, distance in zip(matches.keys, matches.distances, strict=True):
                    doc_id = owner[int(key)]
                    if 1 - distance >= floor and doc_id not in seen:
                        seen.append(doc_id)
                found_ids = seen[:LIMIT]
                times.append((time.thread_time() - began) * 1000)
                if truth:
                    recalls.append(len(set(found_ids) & set(truth)) / len(truth))
            print(
                f"| usearch HNSW {dtype} (M=16, ef 128/256) | {percentiles(times)} | "
                f"{index.memory_usage / 2**20:.0f} MB | {build_s:.0f} s, one thread | "
                f"{np.mean(recalls):.3f} |"
            )


if __name__ == "__main__":
    main()
