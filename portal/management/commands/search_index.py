"""``manage.py search_index rebuild|status|verify [--fix]|drain|create-search-key``: look after
the search indexes.

- ``rebuild [--type NAME]``: rebuild from the database beside the live index, then swap it in
  (searching keeps working throughout); a progress bar goes to stderr.
- ``status [--type NAME]``: per document type, the engine and how many documents the database
  and the index hold; then the outbox: changes waiting to be confirmed, the oldest, the last error.
- ``verify [--type NAME] [--fix]``: list ids missing from the index, stale (indexed content
  differs from the database) and extra (no longer in the database); ``--fix`` repairs them.
  Exits 1 while problems remain.
- ``drain``: send the outbox's due changes now (what the task worker does); exits 1 if some
  failed (they stay in the outbox).
- ``create-search-key``: (Meilisearch) create a search-only key for the portal's indexes and
  store it in the database; searches use it from then on unless MEILISEARCH_SEARCH_KEY is set.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from portal.search import hybrid, outbox
from portal.search.documents import DocumentType, document_types, get_document_type, iter_chunks
from portal.search.embeddings import get_provider
from portal.search.engines.base import SearchEngine, SearchEngineError, content_hash, get_engine
from portal.search.models import SearchEngineKey

LISTED_IDS = 50
VECTOR_BATCH = 256
"""Documents whose vectors are looked up (one query) and computed together in a rebuild."""
"""Ids shown per kind of problem; the rest are counted."""


class _OneLineParser(CommandParser):
    """Reports a bad argument in one line (no usage block), so the cause is what one sees."""

    def error(self, message: str) -> None:
        if self.called_from_command_line:
            self.exit(2, f"{self.prog}: error: {message} (see --help)\n")
        raise CommandError(f"Error: {message}")


class Command(BaseCommand):
    help = "Rebuild, inspect and repair the search indexes."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _OneLineParser  # same parser, terser errors
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action",
            required=True,
            metavar="{rebuild,status,verify,drain,create-search-key}",
            parser_class=_OneLineParser,
        )
        for name, help_text in (
            ("rebuild", "rebuild indexes from the database (searching keeps working)"),
            ("status", "documents in the database and in the index, per type; the outbox backlog"),
            ("verify", "list missing, stale and extra documents; --fix repairs them"),
            ("drain", "send the index changes waiting in the outbox that are due"),
            ("create-search-key", "create and store a search-only Meilisearch key"),
        ):
            action = actions.add_parser(name, help=help_text, description=help_text)
            if name in {"rebuild", "status", "verify"}:
                action.add_argument("--type", dest="type", metavar="NAME", help="only this document type")
            if name == "verify":
                action.add_argument("--fix", action="store_true", help="repair what is wrong")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "drain":
            self._drain()
            return
        engine = get_engine()
        if options["action"] == "create-search-key":
            self._create_search_key(engine)
            return
        selected = self._selected(options.get("type"))
        try:
            if options["action"] == "rebuild":
                self._rebuild(engine, selected, progress=options["verbosity"] > 0)
            elif options["action"] == "status":
                self._status(engine, selected)
            else:
                self._verify(engine, selected, fix=options["fix"])
        except SearchEngineError as error:
            raise CommandError(str(error)) from error

    @staticmethod
    def _selected(name: str | None) -> list[DocumentType]:
        if name is not None:
            try:
                return [get_document_type(name)]
            except KeyError as error:
                raise CommandError(error.args[0]) from None
        selected = document_types()
        if not selected:
            raise CommandError("no search document types are registered")
        return selected

    def _rebuild(self, engine: SearchEngine, selected: list[DocumentType], *, progress: bool) -> None:
        for document_type in selected:
            total = document_type.get_queryset().count()
            documents = tqdm(
                document_type.documents(),
                total=total,
                desc=document_type.name,
                unit="doc",
                file=sys.stderr,
                disable=not progress,
            )
            report = hybrid.VectorReport()
            written = engine.rebuild(document_type, self._with_vectors(document_type, documents, report))
            self.stdout.write(f"{document_type.name}: rebuilt with {written} documents ({engine.name})")
            if get_provider() is not None and document_type.semantic_fields:
                self.stdout.write(
                    f"{document_type.name}: vectors: {report.computed} computed, {report.reused} reused"
                )

    @staticmethod
    def _with_vectors(
        document_type: DocumentType, documents: Iterable[dict[str, Any]], report: hybrid.VectorReport
    ) -> Iterator[dict[str, Any]]:
        """``documents`` with their vectors, looked up or computed a batch at a time (the
        progress bar, which counts documents read, slows down where passages are new)."""
        for chunk in iter_chunks(documents, VECTOR_BATCH):
            report.merge(hybrid.attach_vectors(document_type, chunk, compute=True))
            yield from chunk

    def _status(self, engine: SearchEngine, selected: list[DocumentType]) -> None:
        for document_type in selected:
            in_database = sum(1 for _ in document_type.indexable_objects())
            in_index = engine.count(document_type)
            state = "ok" if in_database == in_index else "differs: run `search_index verify`"
            self.stdout.write(
                f"{document_type.name}: engine {engine.name}, {in_database} in database, "
                f"{in_index} in index ({state})"
            )
        backlog = outbox.backlog()
        if not backlog.count:
            self.stdout.write("outbox: empty (every change confirmed by the engine)")
            return
        oldest = timezone.localtime(backlog.oldest).isoformat(timespec="seconds") if backlog.oldest else "?"
        line = (
            f"outbox: {backlog.count} changes waiting, oldest from {oldest} "
            f"({backlog.oldest_age_s:.0f} s ago), {backlog.failing} failed at least once"
        )
        self.stdout.write(line, style_func=self.style.WARNING if backlog.stale else None)
        if backlog.last_error:
            self.stdout.write(f"outbox: last error: {backlog.last_error}")

    def _drain(self) -> None:
        report = outbox.drain(budget_s=float("inf"))
        left = outbox.backlog()
        self.stdout.write(f"outbox: {report.sent} sent, {report.failed} failed, {left.count} waiting")
        if report.failed:
            raise CommandError(f"{report.failed} index changes failed: {report.errors[-1]}", returncode=1)

    def _create_search_key(self, engine: SearchEngine) -> None:
        create = getattr(engine, "create_search_key", None)
        if create is None:
            raise CommandError(f"the {engine.name} engine has no keys (set MEILISEARCH_URL)")
        try:
            created = create()
        except SearchEngineError as error:
            raise CommandError(str(error)) from error
        SearchEngineKey.objects.create(
            url=engine.url, uid=created["uid"], key=created["key"], description="search-only, portal indexes"
        )
        self.stdout.write(
            f"created search-only key {created['uid']} for indexes {', '.join(created['indexes'])}; "
            "stored in the database and used by searches from now on",
            style_func=self.style.SUCCESS,
        )

    def _verify(self, engine: SearchEngine, selected: list[DocumentType], *, fix: bool) -> None:
        unresolved = 0
        for document_type in selected:
            missing, stale, extra, replacements = self._compare(engine, document_type)
            name = document_type.name
            if not (missing or stale or extra):
                self.stdout.write(f"{name}: index matches the database")
                continue
            for label, ids in (("missing", missing), ("stale", stale), ("extra", extra)):
                if ids:
                    shown = ", ".join(ids[:LISTED_IDS])
                    more = f" … and {len(ids) - LISTED_IDS} more" if len(ids) > LISTED_IDS else ""
                    self.stdout.write(f"{name}: {len(ids)} {label}: {shown}{more}")
            if not fix:
                unresolved += len(missing) + len(stale) + len(extra)
                continue
            # Repaired documents keep (or get) their vectors: sent without, they would lose them.
            hybrid.attach_vectors(document_type, replacements, compute=True)
            engine.index_documents(document_type, replacements)
            engine.delete_documents(document_type, extra)
            again = self._compare(engine, document_type)
            left = len(again[0]) + len(again[1]) + len(again[2])
            unresolved += left
            if left:
                self.stdout.write(f"{name}: {left} problems remain after repair")
            else:
                self.stdout.write(
                    f"{name}: fixed ({len(replacements)} indexed, {len(extra)} removed)",
                    style_func=self.style.SUCCESS,
                )
        if unresolved:
            hint = "" if fix else "; run `search_index verify --fix`"
            raise CommandError(f"{unresolved} index problems{hint}", returncode=1)

    @staticmethod
    def _compare(
        engine: SearchEngine, document_type: DocumentType
    ) -> tuple[list[str], list[str], list[str], list[dict[str, Any]]]:
        """Missing, stale and extra ids, and the documents that would repair the first two."""
        indexed = engine.indexed_hashes(document_type)
        missing: list[str] = []
        stale: list[str] = []
        replacements: list[dict[str, Any]] = []
        seen: set[str] = set()
        for document in document_type.documents():
            doc_id = document["id"]
            seen.add(doc_id)
            indexed_hash = indexed.get(doc_id)
            if indexed_hash is None:
                missing.append(doc_id)
            elif indexed_hash != content_hash(document):
                stale.append(doc_id)
            else:
                continue
            replacements.append(document)
        extra = sorted(set(indexed) - seen)
        return sorted(missing), sorted(stale), extra, replacements
