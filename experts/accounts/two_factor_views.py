"""Staff's second factor: the sign-in's second step (the app's code, a recovery code or a passkey),
and enrolling or removing the app and the passkeys (experts.accounts.two_factor, experts.accounts.passkeys)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from experts.accounts import passkeys, two_factor
from experts.accounts.forms import AuthenticatorCodeForm, RecoveryCodeForm
from experts.accounts.http import _safe_next
from experts.accounts.ratelimit import limit_posts


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit_posts(scope="sign_in_code", limit=20, window_seconds=900)
def sign_in_code_view(request: HttpRequest) -> HttpResponse:
    pending = two_factor.pending_sign_in(session=request.session)
    if pending is None:
        messages.info(request, _("Please enter your e-mail address and password again."))
        return redirect("experts:sign_in")
    has_app = two_factor.authenticator(user=pending["user"]) is not None
    # Passkeys only: the box takes a recovery code, and says so.
    form = (AuthenticatorCodeForm if has_app else RecoveryCodeForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = two_factor.complete_code_sign_in(request=request, code=form.cleaned_data["code"])
        if done is not None:
            messages.success(request, _("You are signed in."))
            # Lands in the language the sign-in started in, as after the e-mailed link.
            with translation.override(done["language"]):
                default = reverse("wagtailadmin_home")
            return redirect(_safe_next(request, done["next"]) or default)
        form.add_error(
            "code",
            _("That code is not right. Enter the code your app shows now, or an unused recovery code."),
        )
    return render(
        request,
        "experts/accounts/sign_in_code.html",
        {
            "form": form,
            "minutes": two_factor.CODE_MINUTES,
            "has_app": has_app,
            "has_passkeys": bool(passkeys.user_passkeys(user=pending["user"])),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_view(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app, add or remove passkeys, see how many recovery codes are left,
    get new ones, or remove the app."""
    user = request.user
    if not two_factor.is_staff(user):
        raise PermissionDenied
    fresh_codes = request.session.pop(passkeys.SESSION_FRESH_CODES, None) if request.method == "GET" else None
    if fresh_codes:
        # The first passkey was just added (experts.accounts.passkey_views): its recovery codes, once.
        return render(
            request, "experts/accounts/recovery_codes.html", {"codes": fresh_codes, "enrolled": False}
        )
    device = two_factor.authenticator(user=user)
    action = request.POST.get("action", "")
    if action == "remove_passkey":
        if passkeys.remove_passkey(user=user, passkey_id=request.POST.get("passkey")):
            messages.info(request, _("The passkey is removed."))
        return redirect("experts:two_factor")
    passkey_context = {
        "passkeys": passkeys.user_passkeys(user=user),
        "codes_left": two_factor.recovery_codes_left(user=user),
        "passkey_name_max": passkeys.NAME_MAX_LENGTH,
    }
    if action == "recovery" and (device is not None or passkey_context["passkeys"]):
        codes = two_factor.new_recovery_codes(user=user)
        return render(request, "experts/accounts/recovery_codes.html", {"codes": codes, "enrolled": False})
    if device is None:
        enrolling = two_factor.enrolment_device(user=user)
        form = AuthenticatorCodeForm(request.POST if action == "confirm" else None)
        if action == "confirm" and form.is_valid():
            codes = two_factor.confirm_authenticator(device=enrolling, code=form.cleaned_data["code"])
            if codes is not None:
                return render(
                    request, "experts/accounts/recovery_codes.html", {"codes": codes, "enrolled": True}
                )
            form.add_error("code", _("That code is not right. Enter the code your app shows now."))
        return render(
            request,
            "experts/accounts/two_factor.html",
            {
                "form": form,
                "qr_code": two_factor.qr_code(device=enrolling),
                "secret": two_factor.secret_text(device=enrolling),
                **passkey_context,
            },
            status=400 if form.errors else 200,
        )
    if action == "remove":
        two_factor.remove_authenticator(user=user)
        if two_factor.uses_second_factor(user=user):
            messages.info(request, _("Your authenticator app is removed: you sign in with a passkey."))
        else:
            messages.info(
                request, _("Your authenticator app is removed: you sign in with the e-mailed link again.")
            )
        return redirect("experts:two_factor")
    return render(
        request,
        "experts/accounts/two_factor.html",
        {"device": device, **passkey_context},
    )
