"""The "Search" admin menu: editors' picks and synonyms (snippets) and the search report."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.admin_reports import MissingTranslationsReportView, can_view_translation_report
from portal.admin_translation_files import (
    can_translate,
    translation_file_export_view,
    translation_files_view,
)
from portal.search.admin_views import can_view_report, search_report_view
from portal.search.models import SearchPick, SearchSynonym, pickable_page_types
from portal.task_admin import can_manage_tasks, failed_task_action_view, failed_tasks_view
from portal.workflow_names import translate_log_actions


class SearchPickViewSet(SnippetViewSet):
    model = SearchPick
    icon = "pick"
    menu_label = _("Editors' picks")
    list_display = ["query", "language", "page", "expert", "sort_order"]
    list_filter = ["language"]
    search_fields = ["query", "note"]
    ordering = ["normalised_query", "sort_order"]
    panels = [
        FieldPanel("query"),
        FieldPanel("language"),
        # Hooks load after the apps are ready, so every collection has registered its pick target.
        PageChooserPanel("page", page_type=list(pickable_page_types())),
        FieldPanel("expert"),
        FieldPanel("sort_order"),
        FieldPanel("note"),
    ]


class SearchSynonymViewSet(SnippetViewSet):
    """Groups of words search treats as the same; drafts count only once published."""

    model = SearchSynonym
    icon = "list-ul"
    menu_label = _("Synonyms")
    list_display = [
        "__str__",
        "note",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["live"]
    search_fields = ["terms_en", "terms_vi", "terms_ind", "terms_th", "note"]
    ordering = ["terms_en", "pk"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("terms_en"), FieldPanel("terms_vi"), FieldPanel("terms_ind"), FieldPanel("terms_th")],
            heading=_("Words that mean the same thing"),
            help_text=_(
                "Search finds any of these words when a reader types one of them, in every language. "
                "Write at least two. If one of them is already a search term, the others are added to it."
            ),
        ),
        FieldPanel("note"),
    ]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_report(request.user)


class SearchReportViewSet(ViewSet):
    """One page, the report; a viewset so it sits in the "Search" menu beside the picks."""

    name = "search-report"
    icon = "doc-full-inverse"
    menu_label = _("Search report")
    menu_item_class = SearchReportMenuItem

    def get_urlpatterns(self) -> list[URLPattern]:
        return [path("", search_report_view, name="index")]


class SearchViewSetGroup(ViewSetGroup):
    items = (SearchPickViewSet, SearchSynonymViewSet, SearchReportViewSet)
    menu_icon = "search"
    menu_label = _("Search")
    menu_name = "search-admin"
    menu_order = 260


register_snippet(SearchViewSetGroup)


@hooks.register("register_permissions")
def register_search_report_permission() -> QuerySet[Permission]:
    """Let administrators grant the report to other groups in the admin's group editor."""
    return Permission.objects.filter(content_type__app_label="portal", codename="view_search_report")


class MissingTranslationsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_translation_report(request.user)


@hooks.register("register_reports_menu_item")
def register_missing_translations_menu_item() -> MenuItem:
    return MissingTranslationsMenuItem(
        _("Missing translations"),
        reverse("missing_translations_report"),
        name="missing-translations",
        icon_name="globe",
        order=650,
    )


@hooks.register("register_admin_urls")
def register_missing_translations_urls() -> list[URLPattern]:
    return [
        path(
            "reports/missing-translations/",
            MissingTranslationsReportView.as_view(),
            name="missing_translations_report",
        ),
        path(
            "reports/missing-translations/results/",
            MissingTranslationsReportView.as_view(results_only=True),
            name="missing_translations_report_results",
        ),
    ]


class FailedTasksMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_manage_tasks(request.user)


@hooks.register("register_reports_menu_item")
def register_failed_tasks_menu_item() -> MenuItem:
    return FailedTasksMenuItem(
        _("Failed tasks"), reverse("failed_tasks_report"), name="failed-tasks", icon_name="warning", order=660
    )


@hooks.register("register_admin_urls")
def register_failed_tasks_urls() -> list[URLPattern]:
    return [
        path("reports/failed-tasks/", failed_tasks_view, name="failed_tasks_report"),
        path(
            "reports/failed-tasks/<uuid:task_id>/<str:action>/",
            failed_task_action_view,
            name="failed_task_action",
        ),
    ]


class TranslationFilesButton(PageMenuItem):
    label = _("Translation files")
    icon_name = "globe"
    url_name = "page_translation_files"

    def is_shown(self, user: object) -> bool:
        return can_translate(self.page, user)


@hooks.register("register_page_header_buttons")
def register_translation_files_button(page, user, view_name, next_url=None):
    """In the page editor's "…" menu: export the page's texts for a translator, import them back."""
    yield TranslationFilesButton(page=page, priority=67)


@hooks.register("register_admin_urls")
def register_translation_files_urls() -> list[URLPattern]:
    return [
        path("pages/<int:page_id>/translation-files/", translation_files_view, name="page_translation_files"),
        path(
            "pages/<int:page_id>/translation-files/<str:language>.<str:file_format>",
            translation_file_export_view,
            name="page_translation_file",
        ),
    ]


# After Wagtail's own registrations (order 0): its workflow log messages quote the workflow's and
# the task's names as the acting editor read them; show them in the reader's language instead.
hooks.register("register_log_actions", translate_log_actions, order=100)
