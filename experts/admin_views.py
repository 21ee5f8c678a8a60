"""Moderation in the Wagtail admin: pending profile revisions and membership requests."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from experts import selectors, services
from experts.compare import field_labels, readable_value
from experts.forms import InviteForm, ReviewForm
from experts.models import (
    Account,
    ExpertRevision,
    ModerationDecision,
    Nomination,
)
from experts.services import TAXONOMY_MODELS


def _require_moderator(request: HttpRequest) -> None:
    if not selectors.can_moderate(user=request.user):
        raise PermissionDenied


def queue_view(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    return render(
        request,
        "experts/admin/queue.html",
        {
            "revisions": selectors.pending_revisions(),
            "accounts": selectors.pending_accounts(),
            "nominations": selectors.pending_nominations(),
            "decisions": ModerationDecision.objects.select_related("actor")[:50],
            "review_form": ReviewForm(),
        },
    )


def _changes(revision: ExpertRevision) -> list[tuple[str, str, str]]:
    """``(label, now, proposed)`` for each field the revision changes, in the form's order;
    fields the expert left as they were are not listed."""
    expert = revision.expert
    labels = field_labels()
    rows = []
    for key, proposed in revision.data.items():
        if key in TAXONOMY_MODELS:
            current = list(getattr(expert, key).values_list("slug", flat=True))
        elif key == "city":
            current = expert.city.slug
        else:
            current = getattr(expert, key, "")
        now, then = readable_value(key, current), readable_value(key, proposed)
        if now != then:
            rows.append((labels.get(key, key), now, then))
    if revision.photo:
        rows.append((labels["photo"], _("Current photo") if expert.photo else "—", _("New photo")))
    if revision.remove_photo:
        rows.append((labels["photo"], _("Current photo") if expert.photo else "—", _("Photo removed")))
    return rows


def revision_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    revision = get_object_or_404(ExpertRevision.objects.select_related("expert__city"), pk=pk)
    return render(
        request,
        "experts/admin/revision.html",
        {"revision": revision, "changes": _changes(revision), "review_form": ReviewForm()},
    )


@require_POST
def decide_revision_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    # Not filtered on status: an editor who lost a race to another one is told so (the service
    # decides under the row's lock), not shown a 404.
    revision = get_object_or_404(ExpertRevision, pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        return _decide_revision(request, revision, comment)
    except services.AlreadyDecided as error:
        messages.warning(request, error.message)
        return redirect("experts_admin:queue")


def _decide_revision(request: HttpRequest, revision: ExpertRevision, comment: str) -> HttpResponse:
    if request.POST.get("decision") == "approve":
        services.approve_revision(revision=revision, actor=request.user)
        messages.success(
            request, _("Profile changes of %(name)s published.") % {"name": revision.expert.name}
        )
    else:
        if not comment:
            messages.error(request, _("Write a comment that tells the expert what to change."))
            return redirect("experts_admin:revision", pk=revision.pk)
        services.send_back_revision(revision=revision, actor=request.user, comment=comment)
        messages.success(
            request, _("Profile changes of %(name)s sent back.") % {"name": revision.expert.name}
        )
    return redirect("experts_admin:queue")


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
        services.approve_account(account=account, actor=request.user)
        messages.success(request, _("Membership of %(email)s approved.") % {"email": account.user.email})
    else:
        if not comment:
            messages.error(request, _("Write a comment that tells the person why."))
            return redirect("experts_admin:queue")
        services.send_back_account(account=account, actor=request.user, comment=comment)
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
        services.invite_expert(
            expert=expert,
            invited_by=request.user,
            base_url=settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            language=form.cleaned_data["language"],
            email=form.cleaned_data["email"],
        )
        messages.success(request, _("Invitation sent to %(name)s.") % {"name": expert.name})
        return redirect("experts_admin:queue")
    return render(request, "experts/admin/invite.html", {"form": form})
