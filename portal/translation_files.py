"""A page's texts in a file a translation agency can work on offline, and back.

Per page and language, `export_file` writes every text written in English (portal.translation_units)
with its current translation: a PO file (gettext, what Poedit, Weblate and most agencies open) or
an XLIFF 1.2 file (what CAT tools such as Trados and memoQ exchange). Each text keeps its unit key
(PO `msgctxt`, XLIFF `id`), so the file can be sent back in any order. A translation older than its
English is marked for review (PO "fuzzy", XLIFF `needs-review-translation`).

`import_file` reads such a file back and saves what it translates as a new draft revision of the
page (never published: an editor reviews it) and marks those translations up to date. Nothing is
saved unless the whole file is right: it must be a file of this page, in the language chosen, and
every translated text must stand beside the English the page has now; each problem is named.

Rich text travels as Wagtail's editor HTML (page links as `data-linktype`/`data-id`) and comes back
through the same whitelist as the editor, so an agency cannot add markup the editor would refuse.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

# Only writes with the standard library; uploaded files are read with defusedxml.
from xml.etree import ElementTree as ET

import polib
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.models import Page

from portal.i18n import DEFAULT_LANGUAGE, localized_field, portal_language_names, translation_languages
from portal.translation_sources import mark_fresh, stale_translations
from portal.translation_units import HTML, Unit, field_kind, translated_stream, translation_units

PO = "po"
XLIFF = "xliff"
FORMATS = {PO: ("po", "text/x-gettext-translation"), XLIFF: ("xlf", "application/x-xliff+xml")}
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
# Large enough for a long case study in four scripts; a bigger upload is not one page's texts.
MAX_FILE_BYTES = 5 * 1024 * 1024


class TranslationFileError(Exception):
    """The file cannot be imported; ``problems`` says why, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class _Entry:
    key: str
    source: str
    target: str
    needs_review: bool


@dataclass
class ImportResult:
    revision: Any
    language: str
    count: int  # texts imported
    fields: list[str]


def _editor_html(html: str, features: Any) -> str:
    return EditorHTMLConverter(features=features).from_database_format(html)


def _outward(unit: Unit) -> tuple[str, str]:
    """The unit's English and translation as they go into a file."""
    if unit.kind == HTML:
        return _editor_html(unit.source, unit.features), _editor_html(unit.target, unit.features)
    return unit.source, unit.target


def _inward(unit: Unit, text: str) -> str:
    """A translation from a file as it is stored: rich text through the editor's whitelist."""
    if unit.kind == HTML:
        return EditorHTMLConverter(features=unit.features).to_database_format(text)
    return text


def file_name(*, page: Page, language: str, file_format: str) -> str:
    return f"{page.slug or page.pk}-{language}.{FORMATS[file_format][0]}"


def _draft(page: Page) -> Page:
    # What editors see in the editor: the latest revision, draft or published.
    return page.specific.get_latest_revision_as_object()


def export_file(*, page: Page, language: str, file_format: str) -> bytes:
    """The texts of ``page`` (its latest revision) for translation into ``language``."""
    draft = _draft(page)
    stale = set(stale_translations(draft).get(language, ()))
    units = translation_units(draft, language)
    if file_format == XLIFF:
        return _write_xliff(draft, language, units, stale)
    return _write_po(draft, language, units, stale)


def _write_po(page: Page, language: str, units: list[Unit], stale: set[str]) -> bytes:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"page {page.pk}",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Page-Id": str(page.pk),
        "X-Page-Title": str(getattr(page, localized_field("title", DEFAULT_LANGUAGE), "") or page.title),
        "X-Source-Language": DEFAULT_LANGUAGE,
    }
    for unit in units:
        source, target = _outward(unit)
        comment = unit.label
        if unit.kind == HTML:
            comment += "\n" + _("Rich text: keep the HTML tags and their attributes.")
        entry = polib.POEntry(msgctxt=unit.key, msgid=source, msgstr=target, comment=comment)
        if target and unit.field in stale:
            entry.flags.append("fuzzy")
        po.append(entry)
    return str(po).encode()


def _write_xliff(page: Page, language: str, units: list[Unit], stale: set[str]) -> bytes:
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", {"version": "1.2"})
    file = ET.SubElement(
        root,
        f"{{{XLIFF_NS}}}file",
        {
            "original": f"page-{page.pk}",
            "source-language": DEFAULT_LANGUAGE,
            "target-language": language,
            "datatype": "plaintext",
        },
    )
    header = ET.SubElement(file, f"{{{XLIFF_NS}}}header")
    ET.SubElement(header, f"{{{XLIFF_NS}}}note").text = str(
        getattr(page, localized_field("title", DEFAULT_LANGUAGE), "") or page.title
    )
    body = ET.SubElement(file, f"{{{XLIFF_NS}}}body")
    for unit in units:
        source, target = _outward(unit)
        element = ET.SubElement(body, f"{{{XLIFF_NS}}}trans-unit", {"id": unit.key, "resname": unit.key})
        ET.SubElement(element, f"{{{XLIFF_NS}}}source", {"xml:lang": DEFAULT_LANGUAGE}).text = source
        state = "new" if not target else "needs-review-translation" if unit.field in stale else "translated"
        ET.SubElement(element, f"{{{XLIFF_NS}}}target", {"xml:lang": language, "state": state}).text = target
        note = unit.label
        if unit.kind == HTML:
            note += " — " + _("Rich text: keep the HTML tags and their attributes.")
        ET.SubElement(element, f"{{{XLIFF_NS}}}note").text = note
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="UTF-8", xml_declaration=True)
    return buffer.getvalue()


def _read_po(text: str) -> tuple[str, str, list[_Entry]]:
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as error:
        raise TranslationFileError(
            [_("This is not a PO file we can read (%(error)s).") % {"error": error}]
        ) from None
    if "X-Page-Id" not in po.metadata:
        # polib reads almost any text as a PO file; ours always say which page they hold.
        raise TranslationFileError(
            [_("This is not a PO file exported from this portal: it does not say which page it holds.")]
        )
    entries = [
        _Entry(entry.msgctxt or "", entry.msgid, entry.msgstr, "fuzzy" in entry.flags)
        for entry in po
        if not entry.obsolete
    ]
    return po.metadata.get("X-Page-Id", ""), po.metadata.get("Language", ""), entries


def _read_xliff(data: bytes) -> tuple[str, str, list[_Entry]]:
    try:
        root = SafeET.fromstring(data)
    except (SafeET.ParseError, DefusedXmlException) as error:
        raise TranslationFileError(
            [_("This is not an XLIFF file we can read (%(error)s).") % {"error": error}]
        ) from None
    ns = {"x": XLIFF_NS}
    file = root.find("x:file", ns)
    if root.tag != f"{{{XLIFF_NS}}}xliff" or file is None:
        raise TranslationFileError([_("This is not an XLIFF 1.2 file: it has no <file> element.")])
    original = file.get("original", "")
    page_id = original.removeprefix("page-") if original.startswith("page-") else ""
    entries = []
    for element in file.iterfind("x:body//x:trans-unit", ns):
        source, target = element.find("x:source", ns), element.find("x:target", ns)
        entries.append(
            _Entry(
                element.get("id", ""),
                "".join(source.itertext()) if source is not None else "",
                "".join(target.itertext()) if target is not None else "",
                target is not None and target.get("state", "") in {"new", "needs-review-translation"},
            )
        )
    return page_id, file.get("target-language", ""), entries


def _read(data: bytes) -> tuple[str, str, list[_Entry]]:
    if len(data) > MAX_FILE_BYTES:
        raise TranslationFileError([_("The file is larger than one page's texts can be.")])
    if data.lstrip()[:1] == b"<":
        return _read_xliff(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranslationFileError(
            [_("The file is not UTF-8 text: save it as UTF-8 and upload it again.")]
        ) from None
    if "msgid" not in text:
        raise TranslationFileError([_("This is neither a PO nor an XLIFF file.")])
    return _read_po(text)


@transaction.atomic
def import_file(*, page: Page, language: str, data: bytes, user: Any) -> ImportResult:
    """Save the translations into ``language`` in ``data`` (a PO or XLIFF file exported for
    ``page``) as a new draft revision; raises TranslationFileError, saving nothing, when the file
    does not fit the page as it is now."""
    names = portal_language_names()
    page_id, file_language, entries = _read(data)
    if page_id != str(page.pk):
        raise TranslationFileError(
            [_("This file holds the texts of another page, not “%(title)s”.") % {"title": page.title}]
        )
    if file_language != language:
        raise TranslationFileError(
            [
                _("This file is a translation into %(file)s, not into %(chosen)s.")
                % {
                    "file": names.get(file_language, file_language or "?"),
                    "chosen": names.get(language, language),
                }
            ]
        )
    draft = _draft(page)
    units = {unit.key: unit for unit in translation_units(draft, language)}
    problems: list[str] = []
    texts: dict[str, dict[str, str]] = defaultdict(dict)  # field → key → stored text
    for entry in entries:
        if not entry.target.strip() or entry.needs_review:
            continue  # left for later, or a translator's own "check this again"
        unit = units.get(entry.key)
        if unit is None:
            problems.append(
                _("“%(text)s…” is no longer on the page: export a new file and translate it there.")
                % {"text": entry.source[:40]}
            )
            continue
        if entry.source != _outward(unit)[0]:
            problems.append(
                _("%(label)s: the English changed after this file was exported; export a new file.")
                % {"label": unit.label}
            )
            continue
        texts[unit.field][unit.key] = _inward(unit, entry.target)
    if problems:
        raise TranslationFileError(problems)
    if not texts:
        raise TranslationFileError([_("The file has no translated texts to import.")])
    for field, by_key in texts.items():
        column = localized_field(field, language)
        if field_kind(type(draft), field) == "stream":
            setattr(draft, column, translated_stream(draft, field, language, by_key))
        else:
            setattr(draft, column, next(iter(by_key.values())))
    try:
        revision = draft.save_revision(user=user, log_action=True)
    except ValidationError as error:
        raise TranslationFileError(
            [f"{message}" for messages in error.message_dict.values() for message in messages]
            if hasattr(error, "error_dict")
            else error.messages
        ) from None
    for field in texts:
        mark_fresh(instance=draft, field=field, language=language)
    return ImportResult(revision, language, sum(len(by_key) for by_key in texts.values()), list(texts))


def language_choices() -> list[tuple[str, str]]:
    names = portal_language_names()
    return [(code, names[code]) for code in translation_languages()]
