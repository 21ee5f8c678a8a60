"""The search report in the Wagtail admin: what readers look for, miss and follow."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from portal.i18n import portal_language_names
from portal.search.report import PERIODS, search_report

REPORT_PERMISSION = "portal.view_search_report"


def can_view_report(user: object) -> bool:
    """Admin access and the report permission (granted to Editors by a data migration)."""
    has_perm = getattr(user, "has_perm", None)
    return bool(has_perm and has_perm("wagtailadmin.access_admin") and has_perm(REPORT_PERMISSION))


def search_report_view(request: HttpRequest) -> HttpResponse:
    """Top queries, queries without results and click-through, per language, for 7/30/90 days."""
    if not can_view_report(request.user):
        # Answered here: Wagtail turns a raised PermissionDenied into a redirect to the dashboard,
        # which hides from scripts and tests that the report is refused.
        return permission_denied(request, PermissionDenied())
    raw_days = request.GET.get("days", "")
    days = int(raw_days) if raw_days.isdecimal() and int(raw_days) in PERIODS else PERIODS[1]
    names = portal_language_names()
    language = request.GET.get("language", "")
    if language not in names:
        language = ""
    report = search_report(days, language)
    return render(
        request,
        "search/admin/report.html",
        {
            "report": report,
            "periods": [(period, _("Last %(days)s days") % {"days": period}) for period in PERIODS],
            "languages": list(names.items()),
            "per_language": [(names.get(row.language, row.language), row) for row in report.per_language],
            "top_queries": [(names.get(row.language, row.language), row) for row in report.top_queries],
            "zero_result_queries": [
                (names.get(row.language, row.language), row) for row in report.zero_result_queries
            ],
        },
    )
