"""A small PDF writer for text reports: headings, paragraphs and lists over as many A4 pages as
the text needs, with the document's title and language set.

Two ways to set the text, chosen once per process:

- **Embedded Noto fonts** (the usual way): fpdf2 embeds a subset of Noto Sans and Noto Sans Thai
  (OFL, shipped by the ``fontpkg-noto-sans*`` wheels) and shapes every line with HarfBuzz
  (uharfbuzz), so Vietnamese tone marks stack and Thai vowels and tone marks sit where a Thai
  reader expects them; Thai lines break between words (PyThaiNLP), not inside them. The text reads
  back with pypdf, so search finds a report by any language's words.
- **The PDF base fonts** (the fallback when a font or a library is missing): Helvetica in
  WinAnsiEncoding, which covers English and Bahasa Indonesia only; other characters are replaced.
  Callers ask :func:`can_set` before writing a language, and the fallback is logged once.

One module per concern: ``base_fonts`` (the report's blocks, their rhythm on the page that both
writers follow, :func:`lay_out`, and the Helvetica fallback writer),
``fonts`` (finding and preparing the Noto fonts, :func:`can_set`) and ``shaping`` (the fpdf2
writer with HarfBuzz shaping, and :func:`write_pdf`, which picks one of the two).
"""

from __future__ import annotations

from portal.pdf.base_fonts import (
    BODY_SIZE,
    LEADING,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Block,
    Section,
    text_width,
)
from portal.pdf.fonts import Fonts, can_set, embedded_fonts
from portal.pdf.shaping import PRODUCER, write_pdf

__all__ = [
    "BODY_SIZE",
    "LEADING",
    "MARGIN",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "PRODUCER",
    "Block",
    "Fonts",
    "Section",
    "can_set",
    "embedded_fonts",
    "text_width",
    "write_pdf",
]
