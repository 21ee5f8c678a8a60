"""The JSON endpoints static/js/passkeys.js calls: options for the browser, then its answer
(experts.accounts.passkeys). Every refusal is a JSON 4xx with a translated ``error`` the script shows."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from experts.accounts import passkeys, two_factor
from experts.accounts.http import _safe_next
from experts.accounts.ratelimit import limit_posts

# A WebAuthn answer is a few kilobytes; anything far larger is not one.
MAX_BODY_BYTES = 64 * 1024


class BadRequest(Exception):
    pass


def _error(message: str, *, status: int = 400, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _json_body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BODY_BYTES:
        raise BadRequest(_("The request is too large."))
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(_("The request is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise BadRequest(_("The request must be a JSON object."))
    return body


def _staff_or_error(request: HttpRequest) -> JsonResponse | None:
    if not request.user.is_authenticated:
        return _error(_("Please sign in first."), status=401)
    if not two_factor.is_staff(request.user):
        return _error(_("Only editors and administrators can add a passkey."), status=403)
    return None


@never_cache
@require_POST
def register_options_view(request: HttpRequest) -> JsonResponse:
    refused = _staff_or_error(request)
    if refused is not None:
        return refused
    try:
        body = _json_body(request)
        options = passkeys.registration_options(request=request, user=request.user, name=body.get("name"))
    except (BadRequest, passkeys.PasskeyError) as error:
        return _error(str(error))
    return JsonResponse(options)


@never_cache
@require_POST
def register_view(request: HttpRequest) -> JsonResponse:
    refused = _staff_or_error(request)
    if refused is not None:
        return refused
    try:
        body = _json_body(request)
        passkey, codes = passkeys.register(request=request, user=request.user, response=body)
    except (BadRequest, passkeys.PasskeyError) as error:
        return _error(str(error))
    messages.success(request, _("Your passkey “%(name)s” is added.") % {"name": passkey.name})
    if codes:
        # The first second factor: its recovery codes are shown once, by the next page load.
        request.session[passkeys.SESSION_FRESH_CODES] = codes
    return JsonResponse({"redirect": reverse("experts:two_factor")})


@never_cache
@require_POST
@limit_posts(scope="sign_in_passkey", limit=40, window_seconds=900)
def sign_in_options_view(request: HttpRequest) -> JsonResponse:
    try:
        return JsonResponse(passkeys.sign_in_options(request=request))
    except passkeys.PasskeyError as error:
        return _error(str(error), redirect=reverse("experts:sign_in_code"))


@never_cache
@require_POST
@limit_posts(scope="sign_in_passkey", limit=40, window_seconds=900)
def sign_in_view(request: HttpRequest) -> JsonResponse:
    try:
        body = _json_body(request)
        pending = passkeys.complete_passkey_sign_in(request=request, response=body)
    except (BadRequest, passkeys.PasskeyError) as error:
        return _error(str(error))
    messages.success(request, _("You are signed in."))
    # Lands in the language the sign-in started in, as after the code or the e-mailed link.
    with translation.override(pending["language"]):
        default = reverse("wagtailadmin_home")
    return JsonResponse({"redirect": _safe_next(request, pending["next"]) or default})
