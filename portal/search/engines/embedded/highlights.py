"""Highlights: snippets of a hit's text in the reader's language with the matched words in <mark>.

tantivy's SnippetGenerator marks the terms of the query it is given; typo and prefix queries name
none, so the hit's terms that the plan found are looked up here and handed to it.
"""

from __future__ import annotations

import html
import re
from typing import Any

import tantivy

from portal.search.engines.embedded.analysis import ANALYZERS, SEGMENTED
from portal.search.engines.embedded.planning import _Plan
from portal.search.engines.embedded.schema import _Layout, _strings
from portal.search.query import SearchQuery
from portal.search.text import THAI_SEPARATOR, whole_word_ranges


class Highlighting:
    """Snippets with marks (a part of EmbeddedEngine)."""

    def _highlights(
        self,
        layout: _Layout,
        searcher: tantivy.Searcher,
        plan: _Plan,
        query: SearchQuery,
        docs: list[tuple[Any, tantivy.Document]],
        sources: list[dict[str, Any]],
    ) -> list[dict[str, str]]:
        """Snippets per hit in the reader's language (else English, else any), matches in <mark>.

        tantivy's SnippetGenerator highlights the terms of the query it is given, and typo or
        prefix queries name no terms; so the words of the hits that the query matched are
        found here and handed to it as plain term queries.
        """
        result: list[dict[str, str]] = [{} for _ in docs]
        if not plan.terms or not docs:
            return result
        language = query.language if query.language in layout.document_type.languages else "en"
        by_key = {item.key: item for item in layout.text}
        # (field name, key) -> [(hit number, text as indexed)]
        texts: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for number, ((_, doc), source) in enumerate(zip(docs, sources, strict=True)):
            for text_field in layout.document_type.text_fields:
                if not text_field.highlight:
                    continue
                keys = [text_field.name]
                if text_field.translated:
                    # The reader's language, else English, else whatever the document has.
                    order = dict.fromkeys((language, "en", *layout.document_type.languages))
                    keys = [f"{text_field.name}_{code}" for code in order]
                for key in keys:
                    item = by_key.get(key)
                    value = source.get(key) if item is not None else None
                    if not value:
                        continue
                    if item.analyzer == SEGMENTED:
                        value = doc.get_first(key) or ""
                    elif not isinstance(value, str):
                        value = " ".join(_strings(value))
                    texts.setdefault((text_field.name, key), []).append((number, value))
                    break
        for (name, key), entries in texts.items():
            item = by_key[key]
            analyzer = ANALYZERS[item.analyzer]
            matched: set[str] = set()
            # Only texts with a match of their own get a snippet: one without would come back
            # unmarked and be dropped anyway, after a tantivy document and a snippet each.
            marked_entries: list[tuple[int, str]] = []
            for number, value in entries:
                found = plan.marked_among(set(analyzer.analyze(value)))
                if found:
                    matched |= found
                    marked_entries.append((number, value))
            if not matched:
                continue
            marker = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Should, tantivy.Query.term_query(layout.schema, key, term))
                    for term in matched
                ]
            )
            generator = tantivy.SnippetGenerator.create(searcher, marker, layout.schema, key)
            # tantivy counts the snippet length in UTF-8 bytes (three per Thai letter).
            ratio = max(len(value.encode("utf-8")) / max(len(value), 1) for _, value in entries)
            generator.set_max_num_chars(int(item.field.snippet_chars * ratio) + 1)
            for number, value in marked_entries:
                document = tantivy.Document()
                document.add_text(key, value)
                snippet = generator.snippet_from_doc(document)
                marked = _snippet_html(snippet)
                if marked:
                    result[number][name] = marked
        return result


_GAP_BETWEEN_MARKS = re.compile(r"</mark>(\s*)<mark>")


def _snippet_html(snippet: tantivy.Snippet) -> str:
    """The snippet as HTML-escaped text with <mark> around matches; empty if nothing matched.

    tantivy marks whole index terms, but a Thai term may be a bound prefix ("การ") that the
    reader sees as part of the next word: the marks go through whole_word_ranges, as
    Meilisearch's do, so both engines mark the same words.
    """
    highlighted = snippet.highlighted()
    if not highlighted:
        return ""
    raw = snippet.fragment().encode("utf-8")  # tantivy reports byte offsets
    text = raw.decode("utf-8", errors="replace")
    ranges = [(_chars(raw, item.start), _chars(raw, item.end)) for item in highlighted]
    kept = whole_word_ranges(text, ranges)
    if not kept:
        return ""
    pieces: list[str] = []
    position = 0
    for start, end in kept:
        pieces.append(_escape(text[position:start]))
        pieces.append(f"<mark>{_escape(text[start:end])}</mark>")
        position = end
    pieces.append(_escape(text[position:]))
    return _GAP_BETWEEN_MARKS.sub(r"\1", "".join(pieces)).strip()


def _chars(raw: bytes, offset: int) -> int:
    """The character offset of byte ``offset`` of UTF-8 ``raw``."""
    return len(raw[:offset].decode("utf-8", errors="replace"))


def _escape(text: str) -> str:
    return html.escape(text.replace(THAI_SEPARATOR, ""), quote=True)
