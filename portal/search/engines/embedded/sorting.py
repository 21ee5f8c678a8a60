"""Pages of a search sorted by a text field, without resolving the strings of the pages before.

tantivy sorts by a text fast field per segment by term ordinal, then turns each segment's best
``offset + limit`` ordinals back into strings to merge the segments, one dictionary lookup
(a block decompressed) each: ~16 µs a string, so page 20 of the directory (offset 380) cost
6.5 ms a segment against 0.4 for page 1 (BENCHMARKS.md, session 14).

Beside each sorted text field the index keeps ``_order_{name}``, a u64 fast field holding
``order_key`` of the same string: the string's first characters packed so that the key never
decreases as the string grows in byte order (equal strings, equal keys; different strings may
share a key). A page is then read in three steps (``sorted_page``), each exact:

1. the page by key (an integer sort, no strings), with the total: the keys of the page's
   documents are the keys at those positions in the exact order too, since both orders sort
   the same keys;
2. how many documents come before the page's first key (a count, no strings);
3. the page by the text field itself, among the documents whose keys are in the page's range
   only, from ``offset`` less that count: strings are resolved for the page and the documents
   sharing its first key that come before it, not for every document of the earlier pages.

Equal strings are ordered among themselves by tantivy as before (by where they are in the
index), because step 3 is the same sort over a subset: the page is the one the plain sort gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import tantivy

if TYPE_CHECKING:
    from portal.search.engines.embedded.schema import _Layout

# ``order_key`` packs characters into 7-bit symbols (9 of them in 63 bits), in code point order,
# which is the UTF-8 byte order the text field sorts by. The characters of folded names (space,
# digits, a-z, Thai) are one symbol each; any other character is an escape symbol for the range
# it lies in, followed by its offset in that range. Symbol 0 is "no more characters".
_SYMBOL_BITS = 7
_KEY_BITS = 63
_END = 0x110000  # past the last code point
_SINGLE = (" ", "0123456789", "abcdefghijklmnopqrstuvwxyz", "".join(map(chr, range(0x0E01, 0x0E4F))))


def _symbol_table() -> tuple[dict[str, int], list[tuple[int, int, int, int]]]:
    """``({character: symbol}, [(first code point, last code point, escape symbol, offset bits)])``
    with symbols in code point order: every character before another has the smaller symbol,
    or the same escape symbol and the smaller offset."""
    points = sorted({ord(char) for group in _SINGLE for char in group})
    symbols: dict[str, int] = {}
    escapes: list[tuple[int, int, int, int]] = []
    symbol = 1
    start = 0
    for point in [*points, _END]:
        if point > start:  # the characters between two single ones share an escape symbol
            last = point - 1
            escapes.append((start, last, symbol, (last - start).bit_length()))
            symbol += 1
        if point < _END:
            symbols[chr(point)] = symbol
            symbol += 1
        start = point + 1
    assert symbol <= 1 << _SYMBOL_BITS
    return symbols, escapes


_SYMBOLS, _ESCAPES = _symbol_table()


def order_key(text: str) -> int:
    """A u64 that never decreases as ``text`` grows in code point (UTF-8 byte) order: its first
    characters, packed (see ``_SINGLE``), cut at 63 bits and padded with zeros."""
    key = 0
    bits = 0
    for char in text:
        symbol = _SYMBOLS.get(char)
        if symbol is not None:
            key, bits = (key << _SYMBOL_BITS) | symbol, bits + _SYMBOL_BITS
        else:
            point = ord(char)
            first, _, escape, width = next(item for item in _ESCAPES if item[0] <= point <= item[1])
            key = (((key << _SYMBOL_BITS) | escape) << width) | (point - first)
            bits += _SYMBOL_BITS + width
        if bits >= _KEY_BITS:
            return key >> (bits - _KEY_BITS)
    return key << (_KEY_BITS - bits)


class SortedPage(NamedTuple):
    """A page of a sorted search, read as a tantivy.SearchResult is (``hits``, ``count``)."""

    hits: list[tuple[Any, tantivy.DocAddress]]
    count: int


def order_field(sort_field: str) -> str:
    """The u64 field beside text sort field ``_sort_{sort_field}``."""
    return f"_order_{sort_field}"


def sorted_page(
    searcher: tantivy.Searcher,
    layout: _Layout,
    query: tantivy.Query,
    *,
    sort_field: str,
    descending: bool,
    offset: int,
    limit: int,
) -> SortedPage:
    """The documents at ``offset`` .. ``offset + limit`` of ``query`` sorted by ``sort_field``
    and how many match, exactly as one search sorted by ``_sort_{sort_field}`` returns them:
    for a text field, read as the module docstring says."""
    order = tantivy.Order.Desc if descending else tantivy.Order.Asc
    sorted_by, field = f"_sort_{sort_field}", order_field(sort_field)
    sortable = layout.document_type.sortable_field(sort_field)
    if not offset or sortable is None or sortable.kind != "string":
        # Numbers and dates sort as integers already; page 1 resolves only its own strings.
        found = searcher.search(
            query, limit=limit, offset=offset, count=True, order_by_field=sorted_by, order=order
        )
        return SortedPage(found.hits, found.count or 0)
    by_key = searcher.search(query, limit=limit, offset=offset, count=True, order_by_field=field, order=order)
    total = by_key.count or 0
    keys = [value for value, _ in by_key.hits]
    if not keys or None in keys:
        # Past the end; or among the documents without the field (none has, today), which sort
        # last, where the key ranges below do not reach.
        found = searcher.search(
            query, limit=limit, offset=offset, count=False, order_by_field=sorted_by, order=order
        )
        return SortedPage(found.hits, total)
    first, last = keys[0], keys[-1]
    schema = layout.schema
    unsigned = tantivy.FieldType.Unsigned
    # tantivy puts documents without the field last in either order, so they are never before.
    if descending:
        window = tantivy.Query.range_query(schema, field, unsigned, last, first)
        before = tantivy.Query.range_query(schema, field, unsigned, first, None, include_lower=False)
    else:
        window = tantivy.Query.range_query(schema, field, unsigned, first, last)
        before = tantivy.Query.range_query(schema, field, unsigned, None, first, include_upper=False)
    ahead = searcher.search(_both(query, before), limit=1, count=True).count or 0
    found = searcher.search(
        _both(query, window),
        limit=limit,
        offset=offset - ahead,
        count=False,
        order_by_field=sorted_by,
        order=order,
    )
    return SortedPage(found.hits, total)


def _both(query: tantivy.Query, clause: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, clause)])
