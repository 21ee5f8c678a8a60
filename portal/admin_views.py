"""Admin endpoints the portal takes over from third-party packages to close security holes."""

from __future__ import annotations

import json

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail_modeltranslation.wagtail_hooks import return_translation_target_field_rendered_html


def _is_stream_field(model: type, name: str) -> bool:
    try:
        return isinstance(model._meta.get_field(name), StreamField)
    except FieldDoesNotExist:
        return False


def _is_serialised_form(data: object) -> bool:
    # jQuery's serializeArray(): a list of {"name": str, "value": str}.
    return isinstance(data, list) and all(
        isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("value"), str)
        for item in data
    )


@require_admin_access
@require_POST
def copy_translation_content(request: HttpRequest, page_id: int) -> HttpResponse:
    """The page editor's "Copy content from" button for translated stream fields.

    wagtail-modeltranslation registers this endpoint csrf_exempt, without a permission check and
    answering malformed input with a 500. This view is mounted on the same address ahead of the
    admin, so it answers instead: CSRF-protected like every other POST (the package's script
    already sends the token), only for people who may edit the page, and 400 for input that is
    not what the script sends. Well-formed requests are then handled by the package's view.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.headers.get("X-Requested-With") != "XMLHttpRequest":
        return HttpResponseBadRequest("expected the editor's XMLHttpRequest")
    model = type(page)
    origin = request.POST.get("origin_field_name", "")
    target = request.POST.get("target_field_name", "")
    if not (_is_stream_field(model, origin) and _is_stream_field(model, target)):
        return HttpResponseBadRequest("origin and target must be stream fields of this page")
    try:
        serialised = json.loads(request.POST.get("serializedOriginField", ""))
    except ValueError:
        return HttpResponseBadRequest("serializedOriginField is not JSON")
    if not _is_serialised_form(serialised):
        return HttpResponseBadRequest("serializedOriginField is not a list of form fields")
    return return_translation_target_field_rendered_html(request, page_id)
