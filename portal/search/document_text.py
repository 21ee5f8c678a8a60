"""The text inside uploaded documents, so search finds a report by what its file says.

How: saving a document (the admin's upload, a replaced file, the demo loader) queues
:func:`extract_text` once the transaction commits; the task worker reads the file (PDF through
pypdf; Office and OpenDocument files through their XML; CSV as text), stores the words as a
:class:`~portal.search.models.DocumentText` row and records an index change for every object
that links the document (Wagtail's reference index knows them), so their search documents are
rebuilt with the new text. A save never waits for the reading, and a file that cannot be read
only goes without text: the reason is kept on the row and logged.

Document types ask :func:`texts_of` for the text of the documents their objects link.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks import task
from wagtail.documents import get_document_model
from wagtail.models import ReferenceIndex

from portal.search import outbox
from portal.search.models import DocumentText
from portal.search.signals import connected_document_types

__all__ = [
    "MAX_CHARS",
    "connect_signals",
    "extract_document_text",
    "extract_text",
    "read_language",
    "read_text",
    "texts_of",
]

logger = logging.getLogger(__name__)

MAX_CHARS = 100_000
"""Text kept per document: a long report's first hundred thousand characters (about 40 pages)
say what it is about; more would only swell the index."""
MAX_PAGES = 200
MAX_MEMBER_BYTES = 20 * 1024 * 1024
"""An Office file's XML part read at most this large (a zip bomb is refused, not unpacked)."""

# The XML parts holding an Office or OpenDocument file's text, by extension.
_XML_PARTS = {
    "docx": re.compile(r"word/(document|footnotes|endnotes)\d*\.xml"),
    "pptx": re.compile(r"ppt/slides/slide\d+\.xml"),
    "xlsx": re.compile(r"xl/sharedStrings\.xml"),
    "odt": re.compile(r"content\.xml"),
    "ods": re.compile(r"content\.xml"),
}
_TAG = re.compile(rb"<[^>]+>")
_PARAGRAPH_END = re.compile(rb"</(w:p|a:p|text:p|text:h|si)>")


# Control characters a PDF's text layer can carry (pypdf reads some shaped Vietnamese glyphs of
# our own reports as followed by \x07 or \x19): never text, and they would split a word.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A tab between two Thai letters: pypdf reads a shaped sara am (ำ) as followed by one, which cuts
# the word in two (สำ|หรับ). Thai writes no tabs inside a line, so these are never the author's.
_THAI_TAB = re.compile(r"(?<=[\u0e00-\u0e7f])\t(?=[\u0e00-\u0e7f])")


def _clean(text: str) -> str:
    text = _THAI_TAB.sub("", _CONTROL.sub("", text))
    return " ".join(text.split())[:MAX_CHARS]


def _pdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Most "protected" PDFs are encrypted with an empty user password (printing restrictions).
        reader.decrypt("")
    pieces: list[str] = []
    length = 0
    for page in reader.pages[:MAX_PAGES]:
        piece = page.extract_text() or ""
        pieces.append(piece)
        length += len(piece)
        if length >= MAX_CHARS:
            break
    return _clean(" ".join(pieces)), len(reader.pages)


def _xml_text(data: bytes, extension: str) -> tuple[str, int]:
    pattern = _XML_PARTS[extension]
    pieces: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in sorted(archive.infolist(), key=lambda item: item.filename):
            if not pattern.fullmatch(info.filename):
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                raise ValueError(f"{info.filename} unpacks to {info.file_size} bytes")
            xml = _PARAGRAPH_END.sub(b" ", archive.read(info))
            pieces.append(_TAG.sub(b"", xml).decode("utf-8", errors="replace"))
    from html import unescape

    return _clean(unescape(" ".join(pieces))), 0


_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
_OFFICE_LANGUAGE = re.compile(rb"<dc:language>([^<]{1,35})</dc:language>")
# Where an Office or OpenDocument file names its language.
_LANGUAGE_PARTS = {"docx": "docProps/core.xml", "pptx": "docProps/core.xml", "xlsx": "docProps/core.xml",
                   "odt": "meta.xml", "odp": "meta.xml", "ods": "meta.xml"}  # fmt: skip


def read_language(*, data: bytes, extension: str) -> str:
    """The primary language subtag ("vi") a file declares for itself, or "" when it declares
    none (or something that is not a language tag). Raises on a file that is not what its
    extension says."""
    extension = extension.lower()
    declared: object = ""
    if extension == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        declared = reader.trailer["/Root"].get("/Lang", "")
    elif extension in _LANGUAGE_PARTS:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if _LANGUAGE_PARTS[extension] in archive.namelist():
                info = archive.getinfo(_LANGUAGE_PARTS[extension])
                if info.file_size <= MAX_MEMBER_BYTES:
                    found = _OFFICE_LANGUAGE.search(archive.read(info))
                    declared = found.group(1).decode("ascii", errors="replace") if found else ""
    match = _LANGUAGE_TAG.fullmatch(str(declared).strip())
    return match.group(1).lower() if match else ""


def read_text(*, data: bytes, extension: str) -> tuple[str, int]:
    """The words of a file (``extension`` without the dot) and its number of pages (0 if unknown).

    Raises on a file that is not what its extension says (the caller records why).
    """
    extension = extension.lower()
    if extension == "pdf":
        return _pdf_text(data)
    if extension in _XML_PARTS:
        return _xml_text(data, extension)
    if extension in {"csv", "txt"}:
        return _clean(data[: MAX_CHARS * 4].decode("utf-8", errors="replace")), 0
    return "", 0


def _linking_objects(document: Any) -> Iterable[tuple[type[models.Model], Any]]:
    """Every object whose fields link ``document`` (its specific model and primary key)."""
    references = ReferenceIndex.get_references_to(document).select_related("content_type")
    seen = set()
    for reference in references:
        model = reference.content_type.model_class()
        key = (model, reference.object_id)
        if model is not None and key not in seen:
            seen.add(key)
            yield key


def _reindex_linking_objects(document: Any) -> int:
    recorded = 0
    types = connected_document_types()
    for model, pk in _linking_objects(document):
        handling = [document_type for document_type in types if document_type.handles(model)]
        if handling:
            recorded += len(outbox.record_change(model, pk, handling))
    if recorded:
        outbox.schedule_processing()
    return recorded


def extract_document_text(*, document: Any) -> DocumentText:
    """Read ``document``'s file now and store its text (unchanged files are not read again), then
    queue the objects linking it for indexing."""
    with document.file.open("rb") as handle:
        data = handle.read()
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    stored = DocumentText.objects.filter(document=document).first()
    if stored is not None and stored.file_hash == digest:
        if not stored.language and not stored.error:
            # Read before files' languages were kept: the language alone, without the text.
            with contextlib.suppress(Exception):
                stored.language = read_language(data=data, extension=document.file_extension)
                if stored.language:
                    stored.save(update_fields=["language"])
        return stored
    text, pages, error, language = "", 0, "", ""
    try:
        text, pages = read_text(data=data, extension=document.file_extension)
        language = read_language(data=data, extension=document.file_extension)
    except Exception as exc:
        # pypdf and zipfile raise many kinds of errors on damaged or mislabelled files; a file we
        # cannot read must cost its text only, never the worker or the page that links it.
        logger.warning("could not read the text of document %s: %s", document.pk, exc, exc_info=True)
        error = f"{type(exc).__name__}: {exc}"[:300]
    stored, _created = DocumentText.objects.update_or_create(
        document=document,
        defaults={
            "file_hash": digest,
            "text": text,
            "pages": pages,
            "error": error,
            "language": language,
            "extracted_at": timezone.now(),
        },
    )
    _reindex_linking_objects(document)
    return stored


@task()
def extract_text(*, document_id: int) -> int:
    """The task: read document ``document_id``'s text; answers how many characters were kept."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:  # deleted before the worker came to it
        return 0
    return len(extract_document_text(document=document).text)


def _enqueue(document_id: int) -> None:
    try:
        extract_text.enqueue(document_id=document_id)
    except Exception:
        # The document is saved; its text is read the next time it is saved or by a re-run.
        logger.exception("could not queue reading the text of document %s", document_id)


def _document_saved(sender: type[models.Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    document_id = instance.pk
    # After the commit, so the worker finds the document and its file.
    transaction.on_commit(lambda: _enqueue(document_id))


def connect_signals() -> None:
    post_save.connect(
        _document_saved, sender=get_document_model(), dispatch_uid="portal.search.document_text.saved"
    )


def texts_of(document_ids: Iterable[int]) -> str:
    """The stored text of these documents, one after the other ("" for those not read yet)."""
    ids = sorted(set(document_ids))
    if not ids:
        return ""
    rows = DocumentText.objects.filter(document_id__in=ids).exclude(text="").order_by("document_id")
    return " ".join(rows.values_list("text", flat=True))
