from portal.sanitize import ALLOWED_TAGS, sanitize_html


def test_script_and_style_elements_are_dropped_with_their_contents():
    html = "<p>Safe<script>steal(document.cookie)</script><style>body{display:none}</style> text</p>"

    assert sanitize_html(html) == "<p>Safe text</p>"


def test_javascript_links_lose_their_href_but_http_and_mailto_stay():
    html = '<a href="javascript:alert(1)">bad</a> <a href="https://example.org">web</a> <a href="mailto:a@b.org">mail</a>'

    cleaned = sanitize_html(html)

    assert "javascript" not in cleaned
    assert '<a href="https://example.org">web</a>' in cleaned
    assert '<a href="mailto:a@b.org">mail</a>' in cleaned


def test_unknown_tags_and_attributes_are_stripped_and_allowed_ones_kept():
    html = '<h2 onclick="x()">Title</h2><img src=x onerror="x()"><div><strong>bold</strong></div><blockquote>q</blockquote>'

    cleaned = sanitize_html(html)

    assert "<h2>Title</h2>" in cleaned
    assert "<strong>bold</strong>" in cleaned
    assert "<blockquote>q</blockquote>" in cleaned
    for forbidden in ("onclick", "onerror", "<img", "<div"):
        assert forbidden not in cleaned


def test_the_allowed_list_is_the_documented_one():
    assert {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "blockquote"} == set(
        ALLOWED_TAGS
    )


def test_unclosed_script_swallows_the_rest():
    assert sanitize_html("<p>ok</p><script>alert(1)") == "<p>ok</p>"
