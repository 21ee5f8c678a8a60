from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from experts import admin_views, selectors
from experts.forms import ExpertAdminForm
from experts.models import Account, Expert, Nomination

admin_urlpatterns = [
    path("", admin_views.queue_view, name="queue"),
    path("revisions/<int:pk>/", admin_views.revision_view, name="revision"),
    path("revisions/<int:pk>/decide/", admin_views.decide_revision_view, name="decide_revision"),
    path("accounts/<int:pk>/decide/", admin_views.decide_account_view, name="decide_account"),
    path("nominations/<int:pk>/decide/", admin_views.decide_nomination_view, name="decide_nomination"),
    path("invite/", admin_views.invite_view, name="invite"),
]


@hooks.register("before_edit_snippet")
def record_a_profile_without_history(request, instance) -> None:
    """A profile imported, nominated or loaded as demo content has no Wagtail revision yet: record
    it as it is when an editor opens it, so the first edit already compares against something."""
    if isinstance(instance, Expert) and instance.latest_revision_id is None:
        instance.save_revision(clean=False)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("expert-moderation/", include((admin_urlpatterns, "experts_admin"), namespace="experts_admin"))
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return selectors.can_moderate(user=request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Expert moderation"), reverse("experts_admin:queue"), icon_name="tasks", order=250
    )


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = _("Experts")
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["name", "organisation", "city", "status", "last_reviewed"]
    list_filter = ["status", "organisation_type"]
    search_fields = ["name", "organisation"]

    def get_edit_handler(self) -> ObjectList:
        # The model's panels (per-language copies added by wagtail-modeltranslation at start-up),
        # built on the form that edits lists as rows and the biography as rich text.
        return ObjectList(self.model.panels, base_form_class=ExpertAdminForm).bind_to_model(self.model)


class AccountViewSet(SnippetViewSet):
    """Roles and approval of people who sign in (membership requests are decided in the queue)."""

    model = Account
    icon = "group"
    menu_label = _("Member accounts")
    menu_order = 245
    add_to_admin_menu = True
    list_display = ["__str__", "role", "status", "organisation", "city"]
    list_filter = ["role", "status", "focal_point_type"]
    panels = [
        FieldPanel("role"),
        FieldPanel("focal_point_type"),
        FieldPanel("status"),
        FieldPanel("organisation"),
        FieldPanel("position"),
        FieldPanel("city"),
        FieldPanel("preferred_language"),
        FieldPanel("review_comment"),
    ]


class NominationViewSet(SnippetViewSet):
    """Nominations by country and organisation type; decisions are taken in the moderation queue."""

    model = Nomination
    icon = "user"
    menu_label = _("Nominations")
    menu_order = 242
    add_to_admin_menu = True
    list_display = ["expert", "country", "organisation_type", "nominating_body", "status", "created_at"]
    list_filter = ["status", "expert__city__country", "expert__organisation_type", "nominating_body_type"]
    search_fields = ["expert__name", "nominating_body"]
    list_export = [
        "expert.name",
        "expert.organisation",
        "organisation_type",
        "country",
        "nominating_body",
        "reason",
        "status",
        "created_at",
    ]
    export_filename = "nominations"

    def get_queryset(self, request):
        return Nomination.objects.select_related("expert__city__country", "nominated_by__user")


register_snippet(ExpertViewSet)
register_snippet(NominationViewSet)
register_snippet(AccountViewSet)
