"""The editors' "Missing translations" report (admin → Reports)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.i18n import portal_language_names, translation_languages
from portal.selectors import (
    KIND_LABELS,
    STATE_LABELS,
    MissingTranslation,
    describe_gaps,
    missing_translations,
)


def can_view_translation_report(user: object) -> bool:
    """Editors: admin access and the right to change pages (Editors, Reviewers, Moderators)."""
    has_perm = getattr(user, "has_perm", None)
    return bool(
        has_perm
        and has_perm("wagtailadmin.access_admin")
        and PagePermissionPolicy().user_has_any_permission(user, ["change", "publish"])
    )


def _language_choices() -> list[tuple[str, str]]:
    names = portal_language_names()
    return [(code, names[code]) for code in translation_languages()]


class MissingTranslationsFilterSet(WagtailFilterSet):
    # The rows are built by portal.selectors.missing_translations, not by filtering a queryset:
    # these filters only carry the editor's choice to it (MissingTranslationsReportView never
    # applies them to a queryset).
    language = django_filters.ChoiceFilter(
        label=_("Missing in"), choices=_language_choices, empty_label=_("Any language")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=lambda: [(key, str(label)) for key, label in KIND_LABELS.items()],
        empty_label=_("Everything"),
    )
    state = django_filters.ChoiceFilter(
        label=_("Translation"),
        choices=lambda: [(key, str(label)) for key, label in STATE_LABELS.items()],
        empty_label=_("Missing or out of date"),
    )

    class Meta:
        model = Page
        fields: list[str] = []


class MissingTranslationsReportView(ReportView):
    page_title = _("Missing translations")
    header_icon = "globe"
    index_url_name = "missing_translations_report"
    index_results_url_name = "missing_translations_report_results"
    filterset_class = MissingTranslationsFilterSet
    paginate_by = 100

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not can_view_translation_report(request.user):
            # A 403 here: Wagtail would turn a raised PermissionDenied into a dashboard redirect.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Title"), get_url=lambda row: row.edit_url),
            Column("kind_label", label=_("Kind")),
            Column("type_label", label=_("Type")),
            Column("gaps", label=_("Not yet translated")),
            Column("stale_gaps", label=_("Out of date")),
        ]

    def get_filterset_kwargs(self) -> dict:
        return {**super().get_filterset_kwargs(), "queryset": Page.objects.none()}

    def get_filtered_queryset(self) -> list[MissingTranslation]:
        return self.get_queryset()

    def get_queryset(self) -> list[MissingTranslation]:
        choice = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}
        rows = missing_translations(
            language=choice.get("language") or "",
            kind=choice.get("kind") or "",
            state=choice.get("state") or "",
        )
        names = portal_language_names()
        finder = AdminURLFinder(self.request.user)
        for row in rows:
            row.edit_url = finder.get_edit_url(row.instance)
            row.gaps = describe_gaps(row, names)
            row.stale_gaps = describe_gaps(row, names, stale=True)
        return rows
