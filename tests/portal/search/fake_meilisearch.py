"""A small in-process HTTP server that answers like Meilisearch, for tests without a server.

It sits at the HTTP boundary: the real ``meilisearch`` client talks to it over a socket, so the
engine's requests (paths, bodies, keys) are what a real server would get. It keeps indexes,
documents, settings, tasks and keys in memory, records every request, and can play a server that
is down (503 / closed), slow (tasks stay ``processing``) or failing (tasks end ``failed``).

Search is deliberately simple (with ``matchingStrategy: all`` every query word must occur in a
searchable attribute, a quoted one as a whole word, as phrase search finds it; with ``last`` or ``frequency`` any one will do and documents with more of the
words come first; the index's ``stopWords`` are left out of the query; filters ``field IN [...]``
evaluated with Meilisearch's quoting rules); ranking beyond that is not imitated. With
``showRankingScoreDetails`` each hit carries the ``words`` rule's details as Meilisearch documents
them (``matchingWords`` of ``maxMatchingWords``), computed from that same matching.

A ``hybrid`` search with a ``vector`` also answers, after the keyword hits, the documents (passing
the filter) that carry ``_vectors`` for its embedder, closest first, each scored by the dot product
with its closest embedding (the vectors are normalised, so it is their cosine similarity) and,
with details asked, ranked by ``vectorSort`` instead of ``words``; a semantic search has no
threshold of its own, so every document with vectors answers. The total counts both. With
``semanticRatio: 1.0`` (pure semantic search, as documented) only that semantic list answers.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

NOW = "2026-11-23T10:00:00.000000Z"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    authorization: str
    body: Any


@dataclass
class FakeMeilisearch:
    """The server's state; tests read ``requests`` and flip ``down``/``task_mode``."""

    indexes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    keys: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    down: bool = False
    task_mode: str = "succeed"  # "succeed" | "processing" | "fail"
    task_error: dict[str, Any] = field(
        default_factory=lambda: {
            "message": "Document identifier `a b` is invalid.",
            "code": "invalid_document_id",
            "type": "invalid_request",
            "link": "https://docs.meilisearch.com/errors#invalid_document_id",
        }
    )
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def documents(self, uid: str) -> dict[str, dict[str, Any]]:
        return self.indexes.get(uid, {}).get("documents", {})

    def writes(self) -> list[Request]:
        return [
            request
            for request in self.requests
            if request.method != "GET" and request.path != "/multi-search"
        ]

    # -- tasks ---------------------------------------------------------------------------

    def enqueue(self, index_uid: str | None, kind: str, apply: Any) -> tuple[int, dict[str, Any]]:
        uid = len(self.tasks)
        task = {
            "uid": uid,
            "indexUid": index_uid,
            "status": "enqueued",
            "type": kind,
            "details": {},
            "error": None,
            "duration": None,
            "enqueuedAt": NOW,
            "startedAt": None,
            "finishedAt": None,
        }
        if self.task_mode == "processing":
            task["status"] = "processing"
        elif self.task_mode == "fail":
            task.update(status="failed", error=dict(self.task_error), finishedAt=NOW)
        else:
            apply()
            task.update(status="succeeded", finishedAt=NOW)
        self.tasks[uid] = task
        return 202, {
            "taskUid": uid,
            "indexUid": index_uid,
            "status": "enqueued",
            "type": kind,
            "enqueuedAt": NOW,
        }

    # -- filters and search --------------------------------------------------------------

    @staticmethod
    def parse_filter(expression: str) -> list[tuple[str, list[str]]]:
        """``field IN ["a", "b\\"c"]`` clauses (the only form the engine writes); ValueError else."""
        clauses = []
        pattern = re.compile(r'\s*([A-Za-z_][A-Za-z0-9_]*)\s+IN\s+\[((?:\s*"(?:[^"\\]|\\.)*"\s*,?)*)\]\s*$')
        match = pattern.match(expression)
        if not match:
            raise ValueError(f"invalid filter {expression!r}")
        values = [
            re.sub(r"\\(.)", r"\1", value) for value in re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(2))
        ]
        clauses.append((match.group(1), values))
        return clauses

    def matches_filter(self, document: dict[str, Any], filters: list[str]) -> bool:
        for expression in filters:
            for name, values in self.parse_filter(expression):
                have = document.get(name)
                have = have if isinstance(have, list) else [have]
                if not {str(item) for item in have if item is not None} & set(values):
                    return False
        return True

    def search_one(self, query: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        uid = query["indexUid"]
        if uid not in self.indexes:
            return 400, error_body(f"Index `{uid}` not found.", "index_not_found")
        index = self.indexes[uid]
        try:
            docs = [
                doc
                for doc in index["documents"].values()
                if self.matches_filter(doc, query.get("filter") or [])
            ]
        except ValueError as error:
            return 400, error_body(str(error), "invalid_search_filter")
        searchable = index["settings"].get("searchableAttributes") or []
        stop_words = {word.lower() for word in index["settings"].get("stopWords") or []}
        # A quoted phrase is found exactly (no typo, no prefix: Meilisearch's phrase search); the
        # fake's other words match anywhere in a word, its stand-in for prefixes and typos.
        q = str(query.get("q") or "")
        phrases = [phrase.lower() for phrase in re.findall(r'"([^"]*)"', q) if phrase.strip()]
        loose = [
            word.lower() for word in re.sub(r'"[^"]*"', " ", q).split() if word.lower() not in stop_words
        ]
        words = loose + phrases
        patterns = {word: re.escape(word) for word in loose}
        patterns.update({phrase: rf"(?<!\w){re.escape(phrase)}(?!\w)" for phrase in phrases})

        def matched(doc: dict[str, Any]) -> int:
            return sum(
                any(re.search(patterns[word], str(doc.get(key, "")).lower()) for key in searchable)
                for word in words
            )

        candidates = list(docs)
        hybrid = query.get("hybrid") or {}
        if hybrid.get("semanticRatio") == 1.0 and query.get("vector"):
            docs = []  # pure semantic search: the keyword side is not run
        elif words:
            if query.get("matchingStrategy", "last") == "all":
                docs = [doc for doc in docs if matched(doc) == len(words)]
            else:  # "last" / "frequency": any word will do, documents with more words first
                docs = sorted((doc for doc in docs if matched(doc)), key=matched, reverse=True)
        semantic: dict[str, float] = {}
        if hybrid and query.get("vector"):
            keyword = {id(doc) for doc in docs}
            for doc in candidates:
                embeddings = ((doc.get("_vectors") or {}).get(hybrid.get("embedder")) or {}).get("embeddings")
                if embeddings and id(doc) not in keyword:
                    semantic[str(doc["id"])] = max(
                        sum(a * b for a, b in zip(query["vector"], embedding, strict=True))
                        for embedding in embeddings
                    )
            by_id = {str(doc["id"]): doc for doc in candidates}
            docs = docs + [by_id[doc_id] for doc_id in sorted(semantic, key=semantic.get, reverse=True)]
        for sort in query.get("sort") or []:
            name, direction = sort.rsplit(":", 1)
            present = sorted(
                (doc for doc in docs if name in doc), key=lambda doc: doc[name], reverse=direction == "desc"
            )
            docs = present + [doc for doc in docs if name not in doc]
        facets = {}
        for name in query.get("facets") or []:
            counts: dict[str, int] = {}
            for doc in docs:
                values = doc.get(name)
                for value in values if isinstance(values, list) else [values]:
                    if value is not None:
                        counts[str(value)] = counts.get(str(value), 0) + 1
            facets[name] = counts
        limit = query.get("hitsPerPage", query.get("limit", 20))
        page = query.get("page", 1)
        window = docs[(page - 1) * limit : page * limit] if limit else []
        hits = []
        pre, post = query.get("highlightPreTag", "<em>"), query.get("highlightPostTag", "</em>")
        for doc in window:
            hit = dict(doc)
            formatted = {}
            for key in query.get("attributesToHighlight") or []:
                if isinstance(doc.get(key), str):
                    text = doc[key]
                    for word in words:
                        text = re.sub(f"({patterns[word]})", f"{pre}\\1{post}", text, flags=re.IGNORECASE)
                    formatted[key] = text
            hit["_formatted"] = formatted
            hit.pop("_vectors", None)  # returned only with retrieveVectors, which the portal never asks
            hit["_rankingScore"] = 0.5
            if str(doc["id"]) in semantic:
                hit["_rankingScore"] = semantic[str(doc["id"])]
                if query.get("showRankingScoreDetails"):
                    hit["_rankingScoreDetails"] = {
                        "vectorSort": {"order": 0, "similarity": semantic[str(doc["id"])]}
                    }
            elif query.get("showRankingScoreDetails") and words:
                count = matched(doc)
                hit["_rankingScoreDetails"] = {
                    "words": {
                        "order": 0,
                        "matchingWords": count,
                        "maxMatchingWords": len(words),
                        "score": count / len(words),
                    }
                }
            hits.append(hit)
        answer = {"indexUid": uid, "hits": hits, "query": query.get("q", ""), "processingTimeMs": 0}
        answer.update({"totalHits": len(docs), "page": page, "hitsPerPage": limit})
        if query.get("facets"):
            answer["facetDistribution"] = facets
        return 200, answer


def error_body(message: str, code: str) -> dict[str, str]:
    return {
        "message": message,
        "code": code,
        "type": "invalid_request",
        "link": f"https://docs.meilisearch.com/errors#{code}",
    }


def make_handler(fake: FakeMeilisearch) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            with fake.lock:
                fake.requests.append(
                    Request(
                        self.command,
                        parts.path,
                        parse_qs(parts.query),
                        self.headers.get("Authorization", ""),
                        body,
                    )
                )
                if fake.down:
                    self._answer(503, error_body("service unavailable", "unavailable"))
                    return
                status, answer = route(fake, self.command, parts.path, parse_qs(parts.query), body)
            self._answer(status, answer)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    return Handler


def route(
    fake: FakeMeilisearch, method: str, path: str, query: dict[str, list[str]], body: Any
) -> tuple[int, Any]:
    segments = [segment for segment in path.split("/") if segment]
    if path == "/health":
        return 200, {"status": "available"}
    if path == "/multi-search" and method == "POST":
        results = []
        for item in body["queries"]:
            status, answer = fake.search_one(item)
            if status != 200:
                return status, answer
            results.append(answer)
        return 200, {"results": results}
    if path == "/swap-indexes" and method == "POST":

        def swap() -> None:
            for pair in body:
                first, second = pair["indexes"]
                fake.indexes[first], fake.indexes[second] = fake.indexes[second], fake.indexes[first]

        missing = [uid for pair in body for uid in pair["indexes"] if uid not in fake.indexes]
        if missing:
            return 400, error_body(f"Indexes {missing} not found.", "index_not_found")
        return fake.enqueue(None, "indexSwap", swap)
    if path == "/keys" and method == "POST":
        key = {
            "uid": f"00000000-0000-0000-0000-{len(fake.keys):012d}",
            "key": f"search-key-{len(fake.keys)}",
            "name": None,
            "description": body.get("description"),
            "actions": body["actions"],
            "indexes": body["indexes"],
            "expiresAt": body.get("expiresAt"),
            "createdAt": NOW,
            "updatedAt": NOW,
        }
        fake.keys.append(key)
        return 201, key
    if segments[:1] == ["tasks"] and len(segments) == 2:
        task = fake.tasks.get(int(segments[1]))
        return (200, task) if task else (404, error_body("Task not found.", "task_not_found"))
    if segments[:1] != ["indexes"]:
        return 404, error_body(f"no route {method} {path}", "not_found")
    if len(segments) == 1:
        if method == "POST":
            uid = body["uid"]

            def create() -> None:
                fake.indexes.setdefault(
                    uid, {"primaryKey": body.get("primaryKey"), "settings": {}, "documents": {}}
                )

            return fake.enqueue(uid, "indexCreation", create)
        limit = int(query.get("limit", ["20"])[0])
        results = [
            {"uid": uid, "primaryKey": index["primaryKey"], "createdAt": NOW, "updatedAt": NOW}
            for uid, index in fake.indexes.items()
        ]
        return 200, {"results": results[:limit], "offset": 0, "limit": limit, "total": len(results)}
    uid = segments[1]
    index = fake.indexes.get(uid)
    rest = segments[2:]
    if not rest:
        if method == "DELETE":
            if index is None:
                return 404, error_body(f"Index `{uid}` not found.", "index_not_found")
            return fake.enqueue(uid, "indexDeletion", lambda: fake.indexes.pop(uid, None))
        if index is None:
            return 404, error_body(f"Index `{uid}` not found.", "index_not_found")
        return 200, {"uid": uid, "primaryKey": index["primaryKey"], "createdAt": NOW, "updatedAt": NOW}
    if rest == ["settings"]:
        if method == "PATCH":

            def update() -> None:
                target = fake.indexes.setdefault(uid, {"primaryKey": None, "settings": {}, "documents": {}})
                target["settings"].update(body)

            return fake.enqueue(uid, "settingsUpdate", update)
        if index is None:
            return 404, error_body(f"Index `{uid}` not found.", "index_not_found")
        return 200, index["settings"]
    if rest == ["settings", "synonyms"]:
        if method in ("PUT", "DELETE"):
            # PUT replaces the whole map; DELETE (or a null body) resets it to none.
            synonyms = body if method == "PUT" and body is not None else {}

            def replace() -> None:
                target = fake.indexes.setdefault(uid, {"primaryKey": None, "settings": {}, "documents": {}})
                target["settings"]["synonyms"] = synonyms

            return fake.enqueue(uid, "settingsUpdate", replace)
        if index is None:
            return 404, error_body(f"Index `{uid}` not found.", "index_not_found")
        return 200, index["settings"].get("synonyms", {})
    if rest == ["stats"]:
        if index is None:
            return 404, error_body(f"Index `{uid}` not found.", "index_not_found")
        return 200, {
            "numberOfDocuments": len(index["documents"]),
            "isIndexing": False,
            "fieldDistribution": {},
        }
    if rest == ["documents"] and method == "POST":
        primary = query.get("primaryKey", ["id"])[0]

        def add() -> None:
            target = fake.indexes.setdefault(uid, {"primaryKey": primary, "settings": {}, "documents": {}})
            for document in body:
                target["documents"][str(document[primary])] = document

        return fake.enqueue(uid, "documentAdditionOrUpdate", add)
    if rest == ["documents"] and method == "PUT":  # partial update: fields merged into the document
        primary = query.get("primaryKey", ["id"])[0]
        skip = query.get("skipCreation", ["false"])[0] == "true"

        def update() -> None:
            target = fake.indexes.setdefault(uid, {"primaryKey": primary, "settings": {}, "documents": {}})
            for document in body:
                key = str(document[primary])
                if key in target["documents"]:
                    target["documents"][key] = {**target["documents"][key], **document}
                elif not skip:
                    target["documents"][key] = document

        return fake.enqueue(uid, "documentAdditionOrUpdate", update)
    if rest == ["documents", "delete"] and method == "POST":
        if index is None:
            return 404, error_body(f"Index `{uid}` not found.", "index_not_found")
        try:
            [fake.parse_filter(expression) for expression in body["filter"]]
        except ValueError as error:
            return 400, error_body(str(error), "invalid_document_filter")

        def delete() -> None:
            for doc_id, document in list(index["documents"].items()):
                if fake.matches_filter(document, body["filter"]):
                    del index["documents"][doc_id]

        return fake.enqueue(uid, "documentDeletion", delete)
    if rest == ["documents", "fetch"] and method == "POST":
        if index is None:
            return 404, error_body(f"Index `{uid}` not found.", "index_not_found")
        documents = list(index["documents"].values())
        offset, limit = body.get("offset", 0), body.get("limit", 20)
        fields = body.get("fields")
        window = [
            {key: value for key, value in doc.items() if fields is None or key in fields}
            for doc in documents[offset : offset + limit]
        ]
        return 200, {"results": window, "offset": offset, "limit": limit, "total": len(documents)}
    return 404, error_body(f"no route {method} {path}", "not_found")


class FakeServer:
    """Runs a FakeMeilisearch on 127.0.0.1 at a free port, in a thread."""

    def __init__(self) -> None:
        self.fake = FakeMeilisearch()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.fake))
        self.httpd.daemon_threads = True
        self.fake.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakeMeilisearch:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
