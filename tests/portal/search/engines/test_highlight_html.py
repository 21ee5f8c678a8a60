"""Snippet HTML: the fragment escaped in one piece with stand-ins for the marks gives the HTML that
escaping each piece between marks on its own gives (``_snippet_html_by_piece``, the way it was
written first and the fallback for a fragment holding a stand-in character)."""

import pytest
import tantivy

from portal.search.engines.embedded.highlights import (
    _char_offsets,
    _chars,
    _snippet_html,
    _snippet_html_by_piece,
)
from portal.search.text import whole_word_ranges


def snippet(text: str, *terms: str) -> tantivy.Snippet:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=True, tokenizer_name="default")
    schema = builder.build()
    index = tantivy.Index(schema)
    # The generator marks only terms the index holds: index the text itself first.
    writer = index.writer(15_000_000, 1)
    writer.add_document(tantivy.Document(body=[text]))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    query = tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", term)) for term in terms]
    )
    generator = tantivy.SnippetGenerator.create(index.searcher(), query, schema, "body")
    generator.set_max_num_chars(400)
    document = tantivy.Document()
    document.add_text("body", text)
    return generator.snippet_from_doc(document)


@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        (
            'Smog & "haze" <b>in</b> Hà Nội: smog again',
            ("smog", "haze"),
            "<mark>Smog</mark> &amp; &quot;<mark>haze</mark>&quot; &lt;b&gt;in&lt;/b&gt; Hà Nội: <mark>smog</mark> again",
        ),
        ("air\tquality monitoring", ("air", "quality"), "<mark>airquality</mark> monitoring"),
        ("nothing to see", ("smog",), ""),
        ("control \x02 char and smog", ("smog",), "control \x02 char and <mark>smog</mark>"),
    ],
)
def test_snippet_html_is_the_html_of_each_piece_escaped_alone(text, terms, expected):
    found = snippet(text, *terms)
    ranges = [(item.start, item.end) for item in found.highlighted()]

    assert _snippet_html(found) == expected
    if ranges:
        raw = found.fragment().encode("utf-8")
        kept = whole_word_ranges(
            found.fragment(), [(_chars(raw, start), _chars(raw, end)) for start, end in ranges]
        )
        assert _snippet_html_by_piece(found.fragment(), kept) == expected


def test_character_offsets_decoded_in_pieces_are_those_decoded_from_the_start():
    text = "Hà Nội & กรุงเทพมหานคร: PM2.5 — bụi mịn"
    raw = text.encode("utf-8")
    boundaries = {len(text[:index].encode("utf-8")) for index in range(len(text) + 1)}

    assert _char_offsets(raw, boundaries) == {offset: _chars(raw, offset) for offset in boundaries}
    assert _char_offsets(raw, {len(raw)}) == {len(raw): len(text)}
