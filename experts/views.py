"""HTTP layer of the experts app: directory, profiles, accounts and self-service.

Sign-in and invitation links carry a token in their path. Their GET views only move the token
into the session and redirect to a token-free address, so the token never reaches Referer
headers, Django's request logging of error responses, or the pages' own links.
"""

from __future__ import annotations

import json
import logging
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from experts import selectors, services
from experts.forms import (
    ClaimForm,
    ContactForm,
    DeleteAccountForm,
    EmailLanguageForm,
    MembershipRequestForm,
    NominationForm,
    ProfileForm,
    SignInForm,
)
from experts.models import OPTIONAL_FIELD_LABELS, OPTIONAL_FIELDS, Account, Expert, RevisionStatus
from experts.ratelimit import limit_posts
from experts.seo import person_structured_data
from knowledge.selectors import related_knowledge_pages
from portal.i18n import DEFAULT_LANGUAGE, language_name, localized_field
from portal.search.engines.base import SearchEngineError
from portal.search.views import RETRY_AFTER_S as SEARCH_RETRY_AFTER_S

logger = logging.getLogger(__name__)

DIRECTORY_PAGE_SIZE = 20
SESSION_CLAIM_TOKEN = "experts.claim.token"  # noqa: S105 - a session key name, not a secret


def no_referrer(view):
    """Pages reached from an e-mailed secret link must not leak their address to other sites."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def _base_url(request: HttpRequest) -> str:
    # E-mailed links use the configured public address, never the request's Host header, so a
    # forged Host cannot point a sign-in link at someone else's server.
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


# --------------------------------------------------------------------------------------------
# Directory and profiles


@require_safe
def directory_view(request: HttpRequest) -> HttpResponse:
    try:
        result = selectors.directory(params=request.GET, page_size=DIRECTORY_PAGE_SIZE)
    except SearchEngineError:
        # The directory is the experts index's work (filters, counts, pages): without the engine
        # there is nothing right to list. A 503 is never kept by the page cache, and tells
        # crawlers and monitors this is passing.
        logger.exception("search engine failed answering %s", request.get_full_path())
        response = render(request, "experts/directory_unavailable.html", status=503)
        response["Retry-After"] = str(SEARCH_RETRY_AFTER_S)
        return response
    page = result.page
    member = selectors.is_member(user=request.user)
    cards = [
        (expert, selectors.expert_display(expert=expert, member=member, card=True))
        for expert in page.object_list
    ]
    # Pages keep the known filters only (an unknown value is reported, not carried along).
    page_params = result.selection.known_params(request.GET)
    page_params.pop("page", None)
    return render(
        request,
        "experts/directory.html",
        {
            "result": result,
            "page_obj": page,
            "cards": cards,
            "page_query": page_params.urlencode(),
            "unknown": result.unknown,
            "has_filters": result.selection.is_filtered,
            # "Filters (n)" on the collapsed filter panel: how many options are ticked.
            "filter_count": result.selection.count,
        },
    )


@require_safe
def profile_view(request: HttpRequest, slug: str) -> HttpResponse:
    expert = selectors.expert_for_reader(slug=slug, user=request.user)
    member = selectors.is_member(user=request.user)
    is_owner = request.user.is_authenticated and expert.user_id == request.user.pk
    context: dict[str, Any] = {
        "expert": expert,
        "display": selectors.expert_display(expert=expert, member=member),
        "member": member,
        "is_owner": is_owner,
        "related_pages": related_knowledge_pages(expert=expert),
    }
    if context["display"].untranslated:
        context["translation_missing_language"] = language_name(get_language() or DEFAULT_LANGUAGE)
    if member and expert.is_published and not is_owner:
        context["contact_form"] = ContactForm()
    if is_owner:
        context["revision"] = selectors.latest_revision(expert=expert)
    if expert.is_published:
        # Drafts and reviews are seen by their owner and editors only: nothing for crawlers.
        context["structured_data"] = person_structured_data(
            expert=expert, request=request, public=None if member else context["display"]
        )
    return render(request, "experts/profile.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def contact_view(request: HttpRequest, slug: str) -> HttpResponse:
    expert = selectors.expert_for_reader(slug=slug, user=request.user)
    if not expert.is_published or not selectors.is_member(user=request.user):
        raise Http404
    if request.method == "GET":
        return redirect(expert.get_absolute_url() + "#contact")
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.send_contact_message(
                sender=request.user,
                expert=expert,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except services.ContactRateLimited:
            form.add_error(
                None,
                _("You have sent %(count)s messages in the last hour. Please try again later.")
                % {"count": settings.CONTACT_MESSAGES_PER_HOUR},
            )
        else:
            messages.success(request, _("Your message was sent to %(name)s.") % {"name": expert.name})
            return redirect(expert.get_absolute_url())
    context = {
        "expert": expert,
        "display": selectors.expert_display(expert=expert, member=True),
        "member": True,
        "contact_form": form,
    }
    return render(request, "experts/profile.html", context, status=429 if form.non_field_errors() else 400)


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


# --------------------------------------------------------------------------------------------
# Signed-in self-service


@login_required
@require_safe
def account_view(request: HttpRequest) -> HttpResponse:
    account = Account.objects.filter(user=request.user).select_related("city").first()
    return _render_account(request, account=account)


def _render_account(
    request: HttpRequest, *, account: Account | None, language_form: EmailLanguageForm | None = None
) -> HttpResponse:
    expert = Expert.objects.filter(user=request.user).first()
    if account is not None and language_form is None:
        language_form = EmailLanguageForm(initial={"preferred_language": account.preferred_language})
    return render(
        request,
        "experts/accounts/account.html",
        {
            "account": account,
            "expert": expert,
            "revision": selectors.latest_revision(expert=expert) if expert else None,
            "member": selectors.is_member(user=request.user),
            "language_form": language_form,
        },
        status=400 if language_form is not None and language_form.errors else 200,
    )


@login_required
@require_POST
def account_language_view(request: HttpRequest) -> HttpResponse:
    """Change the language of the e-mails the portal sends this person."""
    account = Account.objects.filter(user=request.user).first()
    if account is None:
        raise Http404
    form = EmailLanguageForm(request.POST)
    if not form.is_valid():
        return _render_account(request, account=account, language_form=form)
    services.set_preferred_language(account=account, language=form.cleaned_data["preferred_language"])
    messages.success(request, _("Saved: the portal will write to you in this language."))
    return redirect("experts:account")


def _preview(expert: Expert, form: ProfileForm) -> selectors.ProfileDisplay:
    data = form.cleaned_data
    language = get_language()

    def text(field: str) -> str:
        return data.get(localized_field(field, language)) or data.get(
            localized_field(field, DEFAULT_LANGUAGE), ""
        )

    values = {
        "name": expert.name,
        "position": text("position"),
        "organisation": text("organisation"),
        "biography": text("biography"),
        "organisation_type": data.get("organisation_type"),
        "city": data.get("city"),
        "themes": data.get("themes", []),
        "pollutants": data.get("pollutants", []),
        "sectors": data.get("sectors", []),
        "actions": data.get("actions", []),
        "languages": data.get("languages", []),
        "skills": data.get("skills", []),
        "links": data.get("links", []),
        "availability": data.get("availability", []),
        "nominated_by": expert.nominated_by,
        "photo_url": "" if data.get("remove_photo") else (expert.photo.url if expert.photo else ""),
    }
    display = selectors.profile_display(values=values, visible=set(OPTIONAL_FIELDS) | {"name"})
    # Named as the form's ticks name them ("Biography"), never by the field's internal name.
    display.hidden_fields = [
        str(OPTIONAL_FIELD_LABELS[field])
        for field in OPTIONAL_FIELDS
        if field not in data.get("public_fields", [])
    ]
    return display


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit_view(request: HttpRequest) -> HttpResponse:
    expert = Expert.objects.filter(user=request.user).select_related("city").first()
    if expert is None:
        raise Http404
    pending = expert.proposed_changes.filter(status=RevisionStatus.PENDING).first()
    initial = ProfileForm.initial_from_revision(pending.data) if pending else ProfileForm.initial_for(expert)
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(expert, form)
        else:
            services.submit_profile_revision(
                expert=expert,
                user=request.user,
                data=form.revision_data(),
                photo=form.cleaned_data.get("photo"),
                remove_photo=form.cleaned_data.get("remove_photo", False),
            )
            messages.success(
                request,
                _("Thank you. Your changes were sent for review; your public profile changes once approved."),
            )
            return redirect("experts:account")
    return render(
        request,
        "experts/accounts/profile_edit.html",
        {"form": form, "expert": expert, "pending": pending, "preview": preview},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def data_export_view(request: HttpRequest) -> HttpResponse:
    data = services.export_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-clean-air-portal-data.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account_view(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user)
        messages.success(request, _("Your account and profile were deleted."))
        return redirect(f"/{get_language()}/")
    return render(request, "experts/accounts/delete.html", {"form": form}, status=400 if form.errors else 200)


# --------------------------------------------------------------------------------------------
# Nominations by focal points


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def nominate_view(request: HttpRequest) -> HttpResponse:
    account = selectors.focal_point_account(user=request.user)
    if account is None:
        return render(request, "experts/accounts/nominate_not_allowed.html", status=403)
    form = NominationForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nomination = services.nominate_expert(
            account=account,
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            organisation_type=data["organisation_type"],
            city=data["city"],
            themes=list(data["themes"]),
            actions=list(data["actions"]),
            reason=data["reason"],
            language=data["language"],
        )
        messages.success(
            request,
            _("Thank you. The secretariat will review the nomination of %(name)s.")
            % {"name": nomination.expert.name},
        )
        return redirect("experts:nominate")
    return render(
        request,
        "experts/accounts/nominate.html",
        {"form": form, "account": account, "nominations": selectors.nominations_of(account=account)},
        status=400 if form.errors else 200,
    )
