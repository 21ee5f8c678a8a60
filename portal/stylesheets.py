"""The portal's own stylesheets set into the page itself rather than linked.

A linked stylesheet holds back the first paint until it has arrived: on a phone on a slow link
that is a round trip or two before anything shows (Lighthouse's "render-blocking resources").
The portal's stylesheets are small (a few kilobytes compressed), so each page carries the ones it
uses in a ``<style>`` element with the response's CSP nonce, and the policy keeps refusing any
other inline style and every ``style`` attribute.

The text is the file under ``static/`` as the static files finders find it, with comments and
indentation taken out. It is read once per process, or on every page while DEBUG is on, so an
edited stylesheet shows at the next reload as a linked one would.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.contrib.staticfiles import finders

__all__ = ["stylesheet_text"]

_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _read(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"no static file {path!r}")
    with open(found, encoding="utf-8") as handle:
        text = handle.read()
    # The stylesheets keep their strings on one line and no "/*" inside one, so comments and
    # line breaks go safely; "</" could end the <style> element, and never belongs in them.
    text = _COMMENT.sub("", text)
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if "</" in text:
        raise ValueError(f"{path} holds '</', which would end the <style> element it is set in")
    return text


_read_once = functools.cache(_read)


def stylesheet_text(*, path: str) -> str:
    """The stylesheet at ``path`` (relative to the static files, e.g. "css/portal.css") as the
    text of a ``<style>`` element."""
    return _read(path) if settings.DEBUG else _read_once(path)
