"""Highlights: snippets of a hit's text in the reader's language with the matched words in <mark>.

tantivy's SnippetGenerator marks the terms of the query it is given; typo and prefix queries name
none, so the hit's terms that the plan found are looked up here and handed to it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from typing import Any

import tantivy

from portal.search.engines.embedded.analysis import (
    ANALYZERS,
    SEGMENTED,
    segmented_word_terms,
    segmented_words,
)
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
        languages = layout.document_type.languages  # read once: a settings lookup each time
        language = query.language if query.language in languages else "en"
        by_key = {item.key: item for item in layout.text}
        # Which keys to look in, in order, for each highlighted field: the reader's language, else
        # English, else whatever the document has (the same for every hit, so worked out once).
        order = tuple(dict.fromkeys((language, "en", *languages)))
        candidates = [
            (
                text_field.name,
                [
                    (key, by_key[key])
                    for key in (
                        [f"{text_field.name}_{code}" for code in order]
                        if text_field.translated
                        else [text_field.name]
                    )
                    if key in by_key
                ],
            )
            for text_field in layout.document_type.text_fields
            if text_field.highlight
        ]
        # (field name, key) -> [(hit number, text as indexed)]
        texts: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for number, ((_, doc), source) in enumerate(zip(docs, sources, strict=True)):
            for name, keys in candidates:
                for key, item in keys:
                    value = source.get(key)
                    if not value:
                        continue
                    if item.analyzer == SEGMENTED:
                        value = doc.get_first(key) or ""
                    elif not isinstance(value, str):
                        value = " ".join(_strings(value))
                    texts.setdefault((name, key), []).append((number, value))
                    break
        for (name, key), entries in texts.items():
            item = by_key[key]
            # Hits of one page often share a text (a position, an organisation, a place): each
            # distinct text is judged once per search, and gets one snippet (below).
            distinct = dict.fromkeys(value for _, value in entries)
            matched, marked_texts = _marked_texts(item.analyzer, plan, distinct)
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
            ratio = max(_bytes_per_char(value) for value in distinct)
            generator.set_max_num_chars(int(item.field.snippet_chars * ratio) + 1)
            snippets: dict[str, str] = {}
            for number, value in entries:
                # Only texts with a match of their own get a snippet: one without would come back
                # unmarked and be dropped anyway, after a tantivy document and a snippet each.
                if value not in marked_texts:
                    continue
                marked = snippets.get(value)
                if marked is None:
                    document = tantivy.Document()
                    document.add_text(key, value)
                    marked = snippets[value] = _snippet_html(generator.snippet_from_doc(document))
                if marked:
                    result[number][name] = marked
        return result


def _marked_texts(analyzer: str, plan: _Plan, texts: Collection[str]) -> tuple[set[str], set[str]]:
    """The terms of ``texts`` (one field's distinct texts on a page) that ``plan`` marks, and
    the texts holding at least one of them.

    Why: judging the terms text by text made a Python set of every text's terms and asked the
    plan about each set (a name and ~130 words of expertise a hit). Here a field's texts are
    judged together: the distinct words of all of them are looked up and judged once, and
    whether a text holds a marked word is one set test, done in C.
    """
    if analyzer == SEGMENTED:
        words_of = {text: segmented_words(text) for text in texts}
        every: set[str] = set().union(*words_of.values())
        every.discard("")
        word_terms = segmented_word_terms(every)
        if word_terms is not None:
            matched = plan.marked_among(set(word_terms.values()))
            if not matched:
                return matched, set()
            marked_words = {word for word, term in word_terms.items() if term in matched}
            return matched, {text for text, words in words_of.items() if not marked_words.isdisjoint(words)}
    terms_of = {text: ANALYZERS[analyzer].analyze(text) for text in texts}
    matched = plan.marked_among(set().union(*terms_of.values()))
    return matched, {text for text, terms in terms_of.items() if not matched.isdisjoint(terms)}


def _bytes_per_char(value: str) -> float:
    """UTF-8 bytes per character of ``value`` (0.0 when empty); no encoding for ASCII text."""
    if value.isascii():
        return 1.0 if value else 0.0
    return len(value.encode("utf-8")) / len(value)


_GAP_BETWEEN_MARKS = re.compile(r"</mark>(\s*)<mark>")
# Stand-ins for the marks while the fragment is escaped in one piece: control characters that
# text as indexed never holds (the sanitiser and the analysers keep none) and escaping keeps.
_OPEN, _CLOSE = "\x02", "\x03"


def _snippet_html(snippet: tantivy.Snippet) -> str:
    """The snippet as HTML-escaped text with <mark> around matches; empty if nothing matched.

    tantivy marks whole index terms, but a Thai term may be a bound prefix ("การ") that the
    reader sees as part of the next word: the marks go through whole_word_ranges, as
    Meilisearch's do, so both engines mark the same words. The text is then cleaned and escaped
    once with stand-ins where the marks go, and the stand-ins become tags: the same text as
    escaping each piece between marks on its own, at a fraction of the calls.
    """
    highlighted = snippet.highlighted()
    if not highlighted:
        return ""
    fragment = snippet.fragment()
    if fragment.isascii():
        # One byte per character: tantivy's byte offsets are the character offsets.
        text = fragment
        ranges = [(item.start, item.end) for item in highlighted]
    else:
        raw = fragment.encode("utf-8")  # tantivy reports byte offsets
        text = raw.decode("utf-8", errors="replace")
        spans = [(item.start, item.end) for item in highlighted]
        chars = _char_offsets(raw, {offset for span in spans for offset in span})
        ranges = [(chars[start], chars[end]) for start, end in spans]
    kept = whole_word_ranges(text, ranges)
    if not kept:
        return ""
    if _OPEN in text or _CLOSE in text:
        return _snippet_html_by_piece(text, kept)
    pieces: list[str] = []
    position = 0
    for start, end in kept:
        pieces += (text[position:start], _OPEN, text[start:end], _CLOSE)
        position = end
    pieces.append(text[position:])
    marked = _escape("".join(pieces)).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    return _GAP_BETWEEN_MARKS.sub(r"\1", marked).strip()


def _snippet_html_by_piece(text: str, kept: list[tuple[int, int]]) -> str:
    """``_snippet_html`` for a text holding a stand-in character: each piece escaped alone."""
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


def _char_offsets(raw: bytes, offsets: set[int]) -> dict[int, int]:
    """``_chars`` of each of ``offsets``, decoding ``raw`` once in pieces rather than from its
    start for each (a biography's snippet has a dozen marks). tantivy's offsets are those of
    tokens, so on character boundaries, where decoding in pieces counts as decoding whole."""
    found: dict[int, int] = {}
    position = count = 0
    for offset in sorted(offsets):
        count += len(raw[position:offset].decode("utf-8", errors="replace"))
        found[offset] = count
        position = offset
    return found


def _escape(text: str) -> str:
    return html.escape(text.replace(THAI_SEPARATOR, ""), quote=True)
