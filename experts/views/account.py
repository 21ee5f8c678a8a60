"""A signed-in expert's own pages: the account page, the e-mail language, profile edits with their
preview, the personal data export and account deletion.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from experts import selectors, services
from experts.accounts import services as account_services
from experts.accounts.forms import DeleteAccountForm, EmailLanguageForm
from experts.accounts.models import Account
from experts.forms import ProfileForm
from experts.models import OPTIONAL_FIELD_LABELS, OPTIONAL_FIELDS, Expert
from experts.views.common import FILE_STORE_RETRY_AFTER_S
from portal.i18n import DEFAULT_LANGUAGE, localized_field
from portal.media_storage import FILE_STORE_DOWN_MESSAGE, FileStoreUnavailable

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
            "review": selectors.latest_review(expert=expert) if expert else None,
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
    account_services.set_preferred_language(account=account, language=form.cleaned_data["preferred_language"])
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
    # The expert edits their latest version: the draft waiting for review (or sent back) if there
    # is one, else the live profile.
    draft = services.pending_draft(expert=expert)
    form = ProfileForm(
        request.POST or None, request.FILES or None, initial=ProfileForm.initial_for(draft or expert)
    )
    preview = None
    store_down = False
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(draft or expert, form)
        else:
            submission = {
                "expert": expert,
                "user": request.user,
                "data": form.revision_data(),
                "remove_photo": form.cleaned_data.get("remove_photo", False),
            }
            try:
                services.submit_profile_revision(**submission, photo=form.cleaned_data.get("photo"))
            except FileStoreUnavailable:
                # The text changes go for review without the photo; the form comes back with what
                # the expert typed and asks for the photo again later.
                services.submit_profile_revision(**submission)
                form.add_error("photo", FILE_STORE_DOWN_MESSAGE)
                store_down = True
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your changes were sent for review; your public profile changes once approved."
                    ),
                )
                return redirect("experts:account")
    if store_down:
        draft = services.pending_draft(expert=expert)
    response = render(
        request,
        "experts/accounts/profile_edit.html",
        {
            "form": form,
            "expert": expert,
            "pending": draft is not None,
            "review": selectors.latest_review(expert=expert) if draft is not None else None,
            "preview": preview,
        },
        # Not the expert's mistake: the file store is down (their other changes were sent).
        status=503 if store_down else 400 if form.errors else 200,
    )
    if store_down:
        response["Retry-After"] = str(FILE_STORE_RETRY_AFTER_S)
    return response


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
