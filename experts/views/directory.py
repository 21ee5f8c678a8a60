"""The public side of the directory: the list with its filters, an expert's profile, the contact
relay and a focal point's nomination of an expert.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from experts import selectors, services
from experts.forms import (
    ContactForm,
    NominationForm,
)
from experts.seo import person_structured_data
from knowledge.selectors import related_knowledge_pages
from portal.i18n import DEFAULT_LANGUAGE, language_name
from portal.search.engines.base import SearchEngineError
from portal.search.views import RETRY_AFTER_S as SEARCH_RETRY_AFTER_S

logger = logging.getLogger(__name__)

DIRECTORY_PAGE_SIZE = 20


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
    # Pages keep the known filters only (an unknown value is reported, not carried along).
    page_params = result.selection.known_params(request.GET)
    page_params.pop("page", None)
    return render(
        request,
        "experts/directory.html",
        {
            "result": result,
            "page_obj": page,
            # (expert, display) pairs; a card shows what every reader may see, member or not.
            "cards": page.object_list,
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
    terms = selectors.expert_terms(experts=[expert])[expert.pk]
    context: dict[str, Any] = {
        "expert": expert,
        "display": selectors.expert_display(expert=expert, member=member, terms=terms),
        "member": member,
        "is_owner": is_owner,
        "related_pages": related_knowledge_pages(expert=expert),
    }
    if context["display"].untranslated:
        context["translation_missing_language"] = language_name(get_language() or DEFAULT_LANGUAGE)
    if member and expert.is_published and not is_owner:
        context["contact_form"] = ContactForm()
    if is_owner:
        context["review"] = selectors.latest_review(expert=expert)
    if expert.is_published:
        # Drafts and reviews are seen by their owner and editors only: nothing for crawlers.
        # Always the visitor's view, whoever reads (experts.seo).
        public = (
            selectors.expert_display(expert=expert, member=False, terms=terms)
            if member
            else context["display"]
        )
        context["structured_data"] = person_structured_data(expert=expert, request=request, public=public)
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
