"""Getting in: password and e-mailed link sign-in, sign-out, the admin login redirect, membership
requests and claiming an invited profile.

Sign-in and invitation links carry a token in their path. Their GET views only move the token
into the session and redirect to a token-free address, so the token never reaches Referer
headers, Django's request logging of error responses, or the pages' own links.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from experts.accounts import services, two_factor
from experts.accounts.forms import ClaimForm, MembershipRequestForm, SignInForm
from experts.accounts.http import SESSION_CLAIM_TOKEN, _base_url, _safe_next, no_referrer
from experts.accounts.ratelimit import limit_posts

# --------------------------------------------------------------------------------------------
# Two-step sign-in


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url or reverse("experts:account"))
    form = SignInForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        if two_factor.uses_second_factor(user=form.user):
            # Staff who enrolled an authenticator app or a passkey use it instead of an e-mail.
            two_factor.start_code_sign_in(
                session=request.session, user=form.user, next_url=next_url, language=get_language()
            )
            return redirect("experts:sign_in_code")
        services.start_sign_in(
            user=form.user,
            session=request.session,
            next_url=next_url,
            base_url=_base_url(request),
            language=get_language(),
        )
        return redirect("experts:sign_in_sent")
    return render(
        request,
        "experts/accounts/sign_in.html",
        {"form": form, "next": next_url, "minutes": settings.SIGN_IN_LINK_MINUTES},
        status=400 if form.errors else 200,
    )


@never_cache
@require_safe
def sign_in_sent_view(request: HttpRequest) -> HttpResponse:
    attempt = services.session_attempt(session=request.session)
    return render(
        request,
        "experts/accounts/sign_in_sent.html",
        {"attempt": attempt, "minutes": settings.SIGN_IN_LINK_MINUTES},
    )


@never_cache
@no_referrer
def sign_in_link_view(request: HttpRequest, token: str) -> HttpResponse:
    # Tokens are 43 characters; anything much longer is not one and is not worth storing.
    request.session[services.SESSION_LINK_TOKEN] = token[:100]
    return HttpResponseRedirect(reverse("experts:sign_in_confirm"))


LINK_STATE_STATUS = {
    services.LinkState.VALID: 200,
    services.LinkState.EXPIRED: 410,
    services.LinkState.USED: 410,
    services.LinkState.INVALID: 400,
    services.LinkState.OTHER_ATTEMPT: 403,
}


# No @no_referrer here or on claim_view: their addresses carry no token, and under "no-referrer"
# browsers send `Origin: null` with the form's POST, which Django's CSRF origin check refuses.
# The site-wide "same-origin" policy sends the real origin to us and nothing to other sites.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_confirm_view(request: HttpRequest) -> HttpResponse:
    token = request.session.get(services.SESSION_LINK_TOKEN, "")
    if request.method == "POST":
        check = services.complete_sign_in(request=request, token=token)
        if check.state is services.LinkState.VALID:
            messages.success(request, _("You are signed in."))
            # Lands in the language the sign-in started in (the link carries it too).
            with translation.override(check.attempt.language):
                default = (
                    reverse("wagtailadmin_home") if request.user.is_staff else reverse("experts:account")
                )
            return redirect(_safe_next(request, check.attempt.next_url) or default)
    else:
        check = services.check_sign_in_link(token=token, session=request.session)
    return render(
        request,
        "experts/accounts/sign_in_confirm.html",
        {"state": check.state.value, "minutes": settings.SIGN_IN_LINK_MINUTES},
        status=LINK_STATE_STATUS[check.state],
    )


@never_cache
@require_POST
@limit_posts(scope="resend", limit=10, window_seconds=3600)
def sign_in_resend_view(request: HttpRequest) -> HttpResponse:
    attempt = services.resend_sign_in_link(session=request.session, base_url=_base_url(request))
    if attempt is None:
        messages.info(request, _("Please enter your e-mail address and password again to get a new link."))
        return redirect("experts:sign_in")
    messages.success(request, _("We sent you a new link. Earlier links no longer work."))
    return redirect("experts:sign_in_sent")


@require_POST
def sign_out_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect(f"/{get_language()}/")


def admin_login_redirect(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.GET.get("next")) or "/admin/"
    return redirect(f"{reverse('experts:sign_in')}?{urlencode({'next': next_url})}")


# --------------------------------------------------------------------------------------------
# Membership requests and invitations


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit_posts(scope="join", limit=10, window_seconds=3600)
def membership_request_view(request: HttpRequest) -> HttpResponse:
    form = MembershipRequestForm(request.POST or None, initial={"preferred_language": get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.request_membership(
            email=data["email"],
            password=data["password2"],
            full_name=data["full_name"],
            organisation=data["organisation"],
            position=data["position"],
            city=data["city"],
            preferred_language=data["preferred_language"],
        )
        return redirect("experts:join_received")
    return render(request, "experts/accounts/join.html", {"form": form}, status=400 if form.errors else 200)


@require_safe
def membership_received_view(request: HttpRequest) -> HttpResponse:
    return render(request, "experts/accounts/join_received.html")


@never_cache
@no_referrer
def claim_link_view(request: HttpRequest, token: str) -> HttpResponse:
    request.session[SESSION_CLAIM_TOKEN] = token[:100]
    return HttpResponseRedirect(reverse("experts:claim"))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def claim_view(request: HttpRequest) -> HttpResponse:
    invitation = services.find_invitation(token=request.session.get(SESSION_CLAIM_TOKEN, ""))
    if invitation is None:
        return render(request, "experts/accounts/claim_invalid.html", status=410)
    form = ClaimForm(
        request.POST or None, email=invitation.email, initial={"preferred_language": invitation.language}
    )
    if request.method == "POST" and form.is_valid():
        services.claim_profile(
            invitation=invitation,
            password=form.cleaned_data["password2"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        request.session.pop(SESSION_CLAIM_TOKEN, None)
        messages.success(
            request, _("Your account is ready. Sign in with your e-mail address and new password.")
        )
        return redirect("experts:sign_in")
    return render(
        request,
        "experts/accounts/claim.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )
