"""Moderation in the Wagtail admin: membership requests, nominations and invitations.

Profile changes are not decided here: they are draft revisions in Wagtail's workflow ("Expert
profile moderation"), approved, sent back or rejected from the profile's own admin page
(ExpertWorkflowActionView); this page lists them with links there.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from experts import selectors, services
from experts.accounts import services as account_services
from experts.accounts.models import Account
from experts.forms import InviteForm, ReviewForm
from experts.models import ModerationDecision, Nomination


def _require_moderator(request: HttpRequest) -> None:
    if not selectors.can_moderate(user=request.user):
        raise PermissionDenied


def queue_view(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    return render(
        request,
        "experts/admin/queue.html",
        {
            "reviews": selectors.pending_profile_reviews(),
            "accounts": selectors.pending_accounts(),
            "nominations": selectors.pending_nominations(),
            "decisions": ModerationDecision.objects.select_related("actor")[:50],
            "review_form": ReviewForm(),
        },
    )


@require_POST
def decide_account_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    account = get_object_or_404(Account.objects.select_related("user"), pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        return _decide_account(request, account, comment)
    except services.AlreadyDecided as error:
        messages.warning(request, error.message)
        return redirect("experts_admin:queue")


def _decide_account(request: HttpRequest, account: Account, comment: str) -> HttpResponse:
    if request.POST.get("decision") == "approve":
        account_services.approve_account(account=account, actor=request.user)
        messages.success(request, _("Membership of %(email)s approved.") % {"email": account.user.email})
    else:
        if not comment:
            messages.error(request, _("Write a comment that tells the person why."))
            return redirect("experts_admin:queue")
        account_services.send_back_account(account=account, actor=request.user, comment=comment)
        messages.success(
            request, _("Membership request of %(email)s sent back.") % {"email": account.user.email}
        )
    return redirect("experts_admin:queue")


@require_POST
def decide_nomination_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    nomination = get_object_or_404(Nomination.objects.select_related("expert"), pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        return _decide_nomination(request, nomination, comment)
    except services.AlreadyDecided as error:
        messages.warning(request, error.message)
        return redirect("experts_admin:queue")


def _decide_nomination(request: HttpRequest, nomination: Nomination, comment: str) -> HttpResponse:
    name = nomination.expert.name
    if request.POST.get("decision") == "approve":
        services.approve_nomination(
            nomination=nomination, actor=request.user, base_url=settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        )
        messages.success(request, _("%(name)s published and invited to claim the profile.") % {"name": name})
    else:
        if not comment:
            messages.error(request, _("Write a comment that tells the focal point why."))
            return redirect("experts_admin:queue")
        services.decline_nomination(nomination=nomination, actor=request.user, comment=comment)
        messages.success(request, _("Nomination of %(name)s declined.") % {"name": name})
    return redirect("experts_admin:queue")


@require_http_methods(["GET", "HEAD", "POST"])
def invite_view(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        expert = form.cleaned_data["expert"]
        account_services.invite_expert(
            expert=expert,
            invited_by=request.user,
            base_url=settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            language=form.cleaned_data["language"],
            email=form.cleaned_data["email"],
        )
        messages.success(request, _("Invitation sent to %(name)s.") % {"name": expert.name})
        return redirect("experts_admin:queue")
    return render(request, "experts/admin/invite.html", {"form": form})
