"""Profile photos served only after the app has checked who may see them.

Why: nginx served ``/media/experts/photos/`` straight from disk, so a photo an expert shows to
members only (or the photo of a profile still in draft) was public to anyone who had its address,
for instance from a member who copied it. Now every photo address the portal writes is
``/photos/experts/<file name>`` (the storage's ``url()``), nginx refuses ``/media/experts/``, and
:func:`photo_view` decides:

- the photo of a published profile that shows it to everyone: answered to anyone, cacheable by
  browsers and shared caches for :data:`PUBLIC_MAX_AGE_S` (the file name changes with every new
  photo, so a cached copy is never a stale picture; hiding a photo takes effect within that time);
- a members-only photo of a published profile: members, the expert and editors;
- the photo of a draft, in-review or archived profile: the expert and editors.

Anyone else gets 404, as for a photo that does not exist (its existence is not confirmed). The
bytes come from nginx through ``X-Accel-Redirect`` behind deploy/nginx.conf
(:mod:`portal.accel`), from this process otherwise, and from a short-lived signed address when
media live on S3-compatible storage (the bucket stays private).
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from portal.accel import sendfile

__all__ = [
    "PHOTO_DIRECTORY",
    "PUBLIC_MAX_AGE_S",
    "REDIRECT_MAX_AGE_S",
    "CheckedPhotoStorage",
    "photo_storage",
    "photo_view",
]

PHOTO_DIRECTORY = "experts/photos/"
"""Where ``Expert.photo`` files live in the media storage (its ``upload_to``), drafts' too."""
LEGACY_DRAFT_DIRECTORY = "experts/pending/"
"""Where photos proposed before profile drafts were moderated in Wagtail's workflow were kept."""
PUBLIC_MAX_AGE_S = 60 * 60
"""How long a browser or a shared cache may keep a photo everyone may see."""
REDIRECT_MAX_AGE_S = 5 * 60
"""On S3 the answer is a redirect to a signed address that expires (``AWS_QUERYSTRING_EXPIRE``,
an hour by default): it is kept for much less than that."""


class CheckedPhotoStorage(Storage):
    """The media storage (``STORAGES["default"]``: the media directory, or S3), except that a
    photo's address is the checking view's.

    Every operation is the default storage's, looked up on each call, so the files stay where
    they were (nothing to move) and a test or an operator switching ``STORAGES`` switches the
    photos too.
    """

    @property
    def files(self) -> Storage:
        return storages["default"]

    def url(self, name: str | None) -> str:
        if not name:
            raise ValueError("This file is not accessible via a URL.")
        return reverse("expert_photo", kwargs={"name": PurePosixPath(name).name})

    def file_url(self, name: str) -> str:
        """The address the storage itself gives the file (a signed one on S3)."""
        return self.files.url(name)

    # Everything else, as the default storage does it.
    def _open(self, name: str, mode: str = "rb") -> Any:
        return self.files.open(name, mode)

    def _save(self, name: str, content: Any) -> str:
        return self.files._save(name, content)

    def get_valid_name(self, name: str) -> str:
        return self.files.get_valid_name(name)

    def get_alternative_name(self, file_root: str, file_ext: str) -> str:
        return self.files.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.files.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename: str) -> str:
        return self.files.generate_filename(filename)

    def path(self, name: str) -> str:
        return self.files.path(name)

    def delete(self, name: str) -> None:
        self.files.delete(name)

    def exists(self, name: str) -> bool:
        return self.files.exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.files.listdir(path)

    def size(self, name: str) -> int:
        return self.files.size(name)

    def get_accessed_time(self, name: str) -> Any:
        return self.files.get_accessed_time(name)

    def get_created_time(self, name: str) -> Any:
        return self.files.get_created_time(name)

    def get_modified_time(self, name: str) -> Any:
        return self.files.get_modified_time(name)


_STORAGE = CheckedPhotoStorage()


def photo_storage() -> CheckedPhotoStorage:
    """``Expert.photo``'s storage (a callable, so migrations name it rather than freeze it)."""
    return _STORAGE


def _may_see(request: HttpRequest, expert: Any) -> bool:
    from experts.selectors import can_moderate, is_member

    user = request.user
    if user.is_authenticated and expert.user_id == user.pk:
        return True
    if can_moderate(user=user) or (user.is_active and user.has_perm("experts.change_expert")):
        return True
    return expert.is_published and is_member(user=user)


def _send(request: HttpRequest, name: str) -> HttpResponse:
    """The photo's bytes: through nginx, from the media directory, or from a signed S3 address."""
    try:
        path = _STORAGE.path(name)
    except NotImplementedError:
        # No local file (S3): the bucket's own signed, short-lived address.
        return HttpResponseRedirect(_STORAGE.file_url(name))
    if getattr(settings, "SENDFILE_BACKEND", None) == "portal.accel":
        response = sendfile(request, path)
        response["Content-Type"] = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return response
    try:
        return FileResponse(open(path, "rb"), content_type=mimetypes.guess_type(name)[0])
    except FileNotFoundError as error:
        raise Http404 from error


@require_safe
def photo_view(request: HttpRequest, name: str) -> HttpResponse:
    """An expert's photo, to whoever may see it (module docstring); 404 to anyone else."""
    from experts.models import Expert

    fields = ("pk", "status", "public_fields", "user", "photo")
    expert = Expert.objects.filter(photo=PHOTO_DIRECTORY + name).only(*fields).first()
    if expert is None:
        # A photo proposed before drafts were saved beside the published ones (migration 0009's
        # pending changes) and published since.
        expert = Expert.objects.filter(photo=LEGACY_DRAFT_DIRECTORY + name).only(*fields).first()
    if expert is None:
        raise Http404
    if expert.is_published and expert.is_field_public("photo"):
        response = _send(request, expert.photo.name)
        # Not personal: the same answer for everyone (no cookie read, so no Vary: Cookie).
        max_age = REDIRECT_MAX_AGE_S if isinstance(response, HttpResponseRedirect) else PUBLIC_MAX_AGE_S
        patch_cache_control(response, public=True, max_age=max_age)
        return response
    if not _may_see(request, expert):
        raise Http404
    response = _send(request, expert.photo.name)
    # Kept by this reader's browser only, and asked again each time: a member who signs out, or
    # an expert who hides the photo, leaves no copy anyone else is served.
    patch_cache_control(response, private=True, no_cache=True)
    return response
