"""Wagtail's document and image forms, asking the file store before they take a file.

Why: with media in a bucket (portal/media_storage.py), an upload while the bucket is unreachable
failed with the storage's error after its retries, a server error that lost the title, tags and
collection the editor had filled in. Now the form answers at once (within PROBE_TIMEOUT_S) with a
message on the file field and everything else as typed. Named by WAGTAILDOCS_DOCUMENT_FORM_BASE
and WAGTAILIMAGES_IMAGE_FORM_BASE, so the single, multiple and replace-file uploads all use them.
"""

from __future__ import annotations

from typing import Any

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from portal.media_storage import FILE_STORE_DOWN_MESSAGE, file_store_answers


class FileStoreCheckedForm:
    """Refuses a new file, with FILE_STORE_DOWN_MESSAGE on it, while the file store is down."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        if self.files.get("file") and "file" not in self.errors and not file_store_answers():  # type: ignore[attr-defined]
            self.add_error("file", FILE_STORE_DOWN_MESSAGE)  # type: ignore[attr-defined]
        return cleaned


class DocumentForm(FileStoreCheckedForm, BaseDocumentForm):
    pass


class ImageForm(FileStoreCheckedForm, BaseImageForm):
    pass
