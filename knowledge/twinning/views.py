"""Twinning pages: /<lang>/twinning/… (public interfaces: docs/architecture.md; the suggestions
API is knowledge/twinning/api.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from wagtail.admin.admin_url_finder import AdminURLFinder

from knowledge.charts import action_progress
from knowledge.maps import partnerships_map
from knowledge.models import Action, City
from knowledge.twinning.matchmaking import UnknownSlugs, resolve_request, suggest_partners
from knowledge.twinning.partnerships import (
    can_add_partnership,
    create_draft_partnership,
    filter_partnerships,
    partnership_detail,
)


@require_safe
def twinning_index(request: HttpRequest) -> HttpResponse:
    listing = filter_partnerships(params=request.GET)
    city_map = partnerships_map(partnerships=listing.partnerships) if listing.partnerships else None
    return render(request, "knowledge/twinning/index.html", {"listing": listing, "city_map": city_map})


@require_safe
def twinning_detail(request: HttpRequest, slug: str) -> HttpResponse:
    detail = partnership_detail(slug=slug)
    return render(
        request,
        "knowledge/twinning/detail.html",
        {
            "detail": detail,
            "partnership": detail.partnership,
            "city_map": partnerships_map(partnerships=[detail.partnership]),
            "progress": action_progress(statuses=[item.status for item, _ in detail.items]),
        },
    )


class MatchForm(forms.Form):
    """The learning city and the actions it wants help with; choices in the reader's language."""

    city = forms.ChoiceField(label=gettext_lazy("Learning city"))
    action = forms.MultipleChoiceField(label=gettext_lazy("Actions"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cities = sorted(City.objects.select_related("country"), key=lambda city: city.name)
        self.fields["city"].choices = [("", _("Choose a city"))] + [
            (city.slug, f"{city.name} ({city.country.name})") for city in cities
        ]
        self.fields["action"].choices = [(action.slug, action.name) for action in Action.objects.all()]


@require_safe
def twinning_match(request: HttpRequest) -> HttpResponse:
    """Suggested partners for a learning city: a plain GET form, so it works without JavaScript."""
    submitted = "city" in request.GET or "action" in request.GET
    form = MatchForm(request.GET if submitted else None)
    suggestions = None
    if submitted and form.is_valid():
        city, actions = resolve_request(
            city_slug=form.cleaned_data["city"], action_slugs=form.cleaned_data["action"]
        )
        suggestions = suggest_partners(city=city, actions=actions)
    return render(
        request,
        "knowledge/twinning/match.html",
        {
            "form": form,
            "suggestions": suggestions,
            "can_add_partnership": can_add_partnership(user=request.user),
        },
    )


@require_POST
def twinning_create_draft(request: HttpRequest) -> HttpResponse:
    """Turn a suggestion into a planned partnership and open it in the admin (editors only)."""
    if not can_add_partnership(user=request.user):
        raise PermissionDenied
    mentor = City.objects.filter(slug=request.POST.get("mentor", "")).first()
    try:
        learning, actions = resolve_request(
            city_slug=request.POST.get("city"), action_slugs=request.POST.getlist("action")
        )
    except UnknownSlugs as error:
        return HttpResponse("; ".join(error.reasons), status=400, content_type="text/plain; charset=utf-8")
    if mentor is None or mentor.pk == learning.pk:
        return HttpResponse(
            _("unknown or invalid mentor city"), status=400, content_type="text/plain; charset=utf-8"
        )
    partnership, created = create_draft_partnership(
        mentor=mentor, learning=learning, actions=actions, user=request.user
    )
    if created:
        messages.success(request, _("Draft partnership “%(name)s” created.") % {"name": partnership})
    else:
        messages.info(request, _("“%(name)s” already exists; here it is.") % {"name": partnership})
    edit_url = AdminURLFinder(request.user).get_edit_url(partnership)
    return HttpResponseRedirect(edit_url or reverse("twinning:detail", kwargs={"slug": partnership.slug}))
