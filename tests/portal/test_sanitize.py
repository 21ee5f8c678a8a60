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
