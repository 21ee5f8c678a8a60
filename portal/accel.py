"""Files the app has checked, handed to nginx to send (``X-Accel-Redirect``).

Why: nginx served everything under ``/media/`` straight from disk, so a document in a private
collection was public to anyone who knew its address. Now nginx refuses ``/media/documents/``
and documents are served by Wagtail's document view (``/documents/<id>/<name>``), which checks
the collection's privacy; once it has, this backend answers with an empty response naming the
file, and nginx sends the file from its internal ``/protected-media/`` location: the check in
Python, the bytes from nginx, no gunicorn worker held for a download.

Used as Wagtail's ``SENDFILE_BACKEND`` when ``MEDIA_X_ACCEL_REDIRECT`` is on (compose sets it:
only behind deploy/nginx.conf, whose internal location answers it); without it the app streams
the file itself. Expert photos take the same way after their own check (experts/photos.py);
nginx's location for them keeps the app's Cache-Control, so a public photo stays cacheable.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

__all__ = ["PROTECTED_PREFIX", "sendfile"]

PROTECTED_PREFIX = "/protected-media/"
"""deploy/nginx.conf's internal location: an alias of the media directory no client can ask for."""


def sendfile(request: HttpRequest, filename: str, **kwargs: object) -> HttpResponse:
    """An empty response telling nginx to send ``filename`` (a file under MEDIA_ROOT)."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    path = Path(filename).resolve()
    if not path.is_relative_to(media_root):
        # Never hand nginx a path outside the media directory, whatever a storage returned.
        raise Http404
    response = HttpResponse()
    response["X-Accel-Redirect"] = PROTECTED_PREFIX + quote(path.relative_to(media_root).as_posix())
    return response
