from portal.sanitize import ALLOWED_TAGS, sanitize_html


def test_script_elements_are_dropped_with_their_contents():
    cleaned = sanitize_html(
        "<p>Monitoring<script>steal(document.cookie)</script></p><style>p{color:red}</style>"
    )

    assert cleaned == "<p>Monitoring</p>"
    assert "steal" not in cleaned
    assert "color" not in cleaned


def test_an_unclosed_or_split_script_leaves_no_payload():
    assert sanitize_html("<p>ok</p><script>alert(1)") == "<p>ok</p>"
    assert "alert" not in sanitize_html("<scr<script>x</script>ipt>alert(2)</script>done")


def test_event_handlers_and_javascript_links_are_removed():
    cleaned = sanitize_html(
        '<p onclick="evil()">Hi</p><a href="javascript:alert(1)">bad</a>'
        '<a href="JaVaScRiPt:alert(1)">bad2</a><img src=x onerror="alert(1)">'
    )

    assert "onclick" not in cleaned
    assert "javascript" not in cleaned.lower()
    assert "onerror" not in cleaned
    assert "<img" not in cleaned
    assert cleaned.startswith("<p>Hi</p>")


def test_allowed_formatting_and_safe_links_survive():
    html = (
        "<h2>Work</h2><p><strong>Bold</strong> <em>it</em> <b>b</b> <i>i</i><br></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>q</blockquote><h3>More</h3>"
        '<a href="https://cleanairasia.org">web</a> <a href="mailto:info@example.org">mail</a>'
    )

    cleaned = sanitize_html(html)

    for tag in ("h2", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h3"):
        assert f"<{tag}>" in cleaned
    assert '<a href="https://cleanairasia.org">' in cleaned
    assert '<a href="mailto:info@example.org">' in cleaned
    assert {"p", "br", "a"} <= ALLOWED_TAGS


def test_other_tags_are_stripped_but_their_text_kept():
    assert sanitize_html('<div class="x"><span>text</span></div><iframe src="x">f</iframe>') == "text"
    assert sanitize_html("") == ""


def test_the_allowed_list_is_the_documented_one():
    assert {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "blockquote"} == set(
        ALLOWED_TAGS
    )


def test_unclosed_script_swallows_the_rest():
    assert sanitize_html("<p>ok</p><script>alert(1)") == "<p>ok</p>"


# --- Text with light marks (the expert's biography box) ---------------------------------------

from portal.sanitize import html_to_text, text_to_html  # noqa: E402


def test_blank_lines_make_paragraphs_and_dashes_make_lists():
    text = (
        "Leads the inventory at **DONRE**.\nSince 2019.\n\n- CMAQ\n- *low-cost* sensors\n\n1. measure\n2. act"
    )
    assert text_to_html(text) == (
        "<p>Leads the inventory at <strong>DONRE</strong>.<br>Since 2019.</p>"
        "<ul><li>CMAQ</li><li><em>low-cost</em> sensors</li></ul>"
        "<ol><li>measure</li><li>act</li></ol>"
    )


def test_links_are_written_as_label_and_address_or_bare():
    html = text_to_html("See [the report](https://example.org/r?a=1&b=2) or https://example.org/x.")
    assert html == (
        '<p>See <a href="https://example.org/r?a=1&amp;b=2">the report</a> or '
        '<a href="https://example.org/x">https://example.org/x</a>.</p>'
    )


def test_typed_markup_is_text_never_tags():
    html = text_to_html('<script>alert(1)</script> [x](javascript:alert(1)) <b onclick="x()">b</b>')
    assert "<script" not in html and "<b" not in html and "href" not in html
    assert "&lt;script&gt;" in html


def test_a_stored_biography_comes_back_as_the_text_that_makes_it():
    stored = text_to_html("One **two** *three*.\n\n- a\n- [b](https://example.org/)\n\n1. c")
    assert html_to_text(stored) == "One **two** *three*.\n\n- a\n- [b](https://example.org/)\n\n1. c"
    assert text_to_html(html_to_text(stored)) == stored


def test_html_written_elsewhere_reads_as_plain_text():
    html = '<p>Led the <strong>port</strong> inventory.</p>\n<ul>\n<li>GIS</li>\n<li><a href="https://a.org/">A</a></li>\n</ul>'
    assert html_to_text(html, marks=False) == "Led the port inventory.\n\n• GIS\n• A (https://a.org/)"
