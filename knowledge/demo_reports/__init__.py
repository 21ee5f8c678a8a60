"""The demo's report files, written at load time from the same facts as the page, so every forum
report and training material a reader opens has a document to download and search finds the page
by what is inside it: one PDF per language the page is written in (English, Vietnamese, Bahasa
Indonesia, Thai), plus the Haiphong inventory summary.

The facts come from the shared seed documents (the EACAC programme list, the ESCAP workshop page,
the C3 programme news); the sentences are the portal's own. Each file says it is a summary the
portal prepared, not the organisers' own report. The English report carries the longer
background (the series, the EACAC programme); the others carry the page's own translated text
with their labels and dates in that language. Vietnamese and Thai need the embedded fonts
(portal/pdf/); when those are missing only English and Indonesian files are written.

``english`` writes the English forum report and the Haiphong summary from the background in
``background``; ``translated`` writes a report per language with the labels in ``words``.
"""

from __future__ import annotations

from knowledge.demo_reports.background import (
    EACAC_PROGRAMME,
    ESCAP_CONTEXT,
    ESCAP_OBJECTIVES,
    NOTICE,
    PORTAL_NAME,
    SERIES_ABOUT,
)
from knowledge.demo_reports.english import forum_report_pdf, haiphong_inventory_pdf
from knowledge.demo_reports.translated import (
    forum_report_pdfs,
    link_text,
    report_languages,
    training_material_pdfs,
)
from knowledge.demo_reports.words import LANGUAGE_NAMES, LANGUAGES, LINK_TEXT, WORDS

__all__ = [
    "EACAC_PROGRAMME",
    "ESCAP_CONTEXT",
    "ESCAP_OBJECTIVES",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LINK_TEXT",
    "NOTICE",
    "PORTAL_NAME",
    "SERIES_ABOUT",
    "WORDS",
    "forum_report_pdf",
    "forum_report_pdfs",
    "haiphong_inventory_pdf",
    "link_text",
    "report_languages",
    "training_material_pdfs",
]
