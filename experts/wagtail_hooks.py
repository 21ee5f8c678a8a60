from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.models import TaskState
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, WorkflowActionView

from experts import admin_views, selectors, services
from experts.accounts.models import Account
from experts.forms import ExpertAdminForm
from experts.models import Expert, Nomination

admin_urlpatterns = [
    path("", admin_views.queue_view, name="queue"),
    path("accounts/<int:pk>/decide/", admin_views.decide_account_view, name="decide_account"),
    path("nominations/<int:pk>/decide/", admin_views.decide_nomination_view, name="decide_nomination"),
    path("invite/", admin_views.invite_view, name="invite"),
]


@hooks.register("before_edit_snippet")
def record_a_profile_without_history(request, instance) -> None:
    """A profile imported, nominated or loaded as demo content has no Wagtail revision yet: record
    it as it is (the live version) when an editor opens it, so the first edit already compares
    against something."""
    if isinstance(instance, Expert) and instance.latest_revision_id is None:
        revision = instance.save_revision(clean=False, changed=False)
        Expert.objects.filter(pk=instance.pk).update(live_revision=revision)


class ExpertWorkflowActionView(WorkflowActionView):
    """Wagtail's workflow action (approve, request changes, reject) on a profile draft, telling the
    editor what happened, and that another editor decided first when one did: the decision itself
    is taken once, under a row lock (experts.services.moderation.decide)."""

    def dispatch(self, request, *args, **kwargs):
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            return self._decided_already(request, services.decided_already().message)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            response = super().post(request, *args, **kwargs)
        except services.AlreadyDecided as error:
            return self._decided_already(request, error.message)
        self.task_state.refresh_from_db()
        name = self.object.name
        if self.task_state.status == TaskState.STATUS_IN_PROGRESS:
            # The form was not valid (sending back and rejecting need a comment); a modal shows
            # its errors itself.
            if request.headers.get("x-requested-with") != "XMLHttpRequest":
                messages.error(request, _("Write a comment that tells the expert what to change."))
        elif self.action_name == "approve":
            messages.success(request, _("Profile changes of %(name)s published.") % {"name": name})
        elif self.action_name == "reject":
            messages.success(request, _("Profile changes of %(name)s sent back.") % {"name": name})
        else:
            messages.success(request, _("Profile changes of %(name)s rejected.") % {"name": name})
        return response

    def _decided_already(self, request, message: str):
        messages.warning(request, message)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return self.render_modal_json(request, {"step": "success", "redirect": self.redirect_url})
        return redirect(self.redirect_url)


class ExpertEditView(EditView):
    """The profile's admin page. Its workflow buttons decide through the same once-only path as
    the action view: when another editor decided first, the editor is told so and the page
    reloads (their edits are kept as a draft revision) instead of an error page."""

    def workflow_action_action(self):
        try:
            return super().workflow_action_action()
        except services.AlreadyDecided as error:
            messages.warning(self.request, error.message)
            return redirect(self.get_edit_url())


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
        gettext_lazy("Expert moderation"), reverse("experts_admin:queue"), icon_name="tasks", order=250
    )


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = gettext_lazy("Experts")
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["name", "organisation", "city", "status", "last_reviewed"]
    list_filter = ["status", "organisation_type"]
    search_fields = ["name", "organisation"]
    workflow_action_view_class = ExpertWorkflowActionView
    edit_view_class = ExpertEditView

    def get_edit_handler(self) -> ObjectList:
        # The model's panels (per-language copies added by wagtail-modeltranslation at start-up),
        # built on the form that edits lists as rows and the biography as rich text.
        return ObjectList(self.model.panels, base_form_class=ExpertAdminForm).bind_to_model(self.model)


class AccountViewSet(SnippetViewSet):
    """Roles and approval of people who sign in (membership requests are decided in the queue)."""

    model = Account
    icon = "group"
    menu_label = gettext_lazy("Member accounts")
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
    menu_label = gettext_lazy("Nominations")
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


@hooks.register("register_account_menu_item")
def register_authenticator_account_item(request):
    """On the admin's "Account" page: enrol an authenticator app or a passkey instead of the
    e-mailed link."""
    return {
        "url": reverse("experts:two_factor"),
        "label": _("Two-step sign-in"),
        "help_text": _(
            "Sign in with a code from an app on your phone or with a passkey instead of an e-mailed link."
        ),
    }
