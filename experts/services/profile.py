"""An expert edits their own profile: the change is a draft revision in the moderation workflow.

The live profile (the row) changes only when an editor approves (experts.services.moderation);
until then the expert sees their draft in the form, and readers see the live version.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Revision, WorkflowState

from experts.models import Expert, ExpertStatus
from experts.photos import PHOTO_DIRECTORY
from experts.services.common import TAXONOMY_MODELS
from knowledge.models import City
from portal.i18n import localized_fields
from portal.media_storage import FileStoreUnavailable, file_store_answers, store_down_errors
from portal.sanitize import sanitize_html

logger = logging.getLogger(__name__)

# What an expert may change themselves; `nominated_by`, `status` and the e-mail stay with editors.
SELF_SERVICE_SCALAR_FIELDS = (
    "organisation_type",
    "skills",
    "languages",
    "links",
    "availability",
    "public_fields",
)
# Photos an editor has not approved yet are kept apart from the published ones.
PENDING_PHOTO_FOLDER = "experts/pending"


def editable_translated_fields() -> list[str]:
    return localized_fields(("position", "organisation", "biography"))


def self_service_fields() -> set[str]:
    return set(editable_translated_fields()) | set(SELF_SERVICE_SCALAR_FIELDS) | {"city", *TAXONOMY_MODELS}


def pending_draft(*, expert: Expert) -> Expert | None:
    """The newest version not yet published (waiting for review or sent back), or None."""
    if not expert.has_unpublished_changes or expert.latest_revision_id is None:
        return None
    return expert.get_latest_revision_as_object()


def pending_review(*, expert: Expert) -> WorkflowState | None:
    """The moderation of this profile in progress or sent back for changes, if any."""
    return expert.current_workflow_state


def apply_profile_values(*, expert: Expert, data: dict[str, Any]) -> None:
    """Copy proposed values onto an (unsaved) version of the profile; terms go to `pending_expertise`."""
    pending = dict(getattr(expert, "pending_expertise", None) or {})
    for key, value in data.items():
        if key == "city":
            expert.city = City.objects.get(slug=value)
        elif key in TAXONOMY_MODELS:
            pending[key] = sorted(value)
        else:
            setattr(expert, key, value)
    expert.pending_expertise = pending


def submit_profile_revision(
    *,
    expert: Expert,
    user: AbstractBaseUser,
    data: dict[str, Any],
    photo: ContentFile | None = None,
    remove_photo: bool = False,
) -> Revision:
    """Save the expert's proposed profile as a draft revision and send it to the editors.

    The draft starts the "Expert profile moderation" workflow; one sent back for changes resumes
    it; one sent while the editors still review the previous draft restarts the review on the
    newest, so an editor always approves what they compared. The public profile waits for the
    approval, except that hiding an optional field is the expert's right and takes effect at once.
    """
    if expert.user_id != user.pk:
        raise PermissionDenied(_("Only the expert can change this profile."))
    # Stored before the transaction, so a slow or absent file store never holds the row lock;
    # FileStoreUnavailable leaves nothing changed, and the caller may submit the rest without it.
    photo_name = _store_photo(photo) if photo is not None else None
    allowed = self_service_fields()
    clean_data = {key: value for key, value in data.items() if key in allowed}
    for key in clean_data:
        if key.startswith("biography"):
            clean_data[key] = sanitize_html(clean_data[key] or "")
    with transaction.atomic():
        # One submission at a time per profile (two tabs, a double click): the row lock orders them.
        live = Expert.objects.select_for_update().get(pk=expert.pk)
        if live.latest_revision_id is None:
            # A profile imported or nominated has no history yet: record it as it is (and as the
            # live version), so the editors' comparison shows what the expert changed.
            first = live.save_revision(clean=False, changed=False)
            Expert.objects.filter(pk=live.pk).update(live_revision=first)
        draft = pending_draft(expert=live) or Expert.objects.get(pk=expert.pk)
        apply_profile_values(expert=draft, data=clean_data)
        if remove_photo:
            draft.photo = ""
        if photo_name is not None:
            draft.photo.name = photo_name
        if live.status == ExpertStatus.DRAFT:
            draft.status = ExpertStatus.IN_REVIEW
        # Not cleaned: the profile form validated the proposal, and an older value an import let
        # through must not stop the expert from saving.
        revision = draft.save_revision(user=user, log_action=True, clean=False)
        live_changes: dict[str, Any] = {}
        if live.status == ExpertStatus.DRAFT:
            live_changes["status"] = ExpertStatus.IN_REVIEW
        if "public_fields" in clean_data:
            narrowed = [field for field in live.public_fields or [] if field in clean_data["public_fields"]]
            if narrowed != list(live.public_fields or []):
                live_changes["public_fields"] = narrowed
        if live_changes:
            for field, value in live_changes.items():
                setattr(live, field, value)
            # Through save(): the directory's cache and search documents follow the live row.
            live.save(update_fields=[*live_changes, "updated_at"])
        _send_for_review(expert=Expert.objects.get(pk=live.pk), user=user)
    expert.refresh_from_db()
    return revision


def _store_photo(photo: ContentFile) -> str:
    """Store a proposed photo; raises FileStoreUnavailable when the file store does not answer.

    Beside the published photos: once the draft is published its photo is served by the checking
    view, which finds a photo by its file name in that one folder (unique there).
    """
    if not file_store_answers():
        raise FileStoreUnavailable("the media storage did not answer a probe")
    try:
        return default_storage.save(f"{PHOTO_DIRECTORY}{Path(photo.name).name}", photo)
    except store_down_errors() as error:
        raise FileStoreUnavailable(str(error)) from error


def _send_for_review(*, expert: Expert, user: AbstractBaseUser) -> None:
    state = expert.current_workflow_state
    if state is None:
        workflow = expert.get_workflow()
        if workflow is None:
            # An administrator switched moderation off: the draft waits in the admin ("live + draft").
            logger.warning(
                "No active workflow for expert profiles; draft of %s not sent for review", expert.pk
            )
            return
        workflow.start(expert, user)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
    elif (
        state.current_task_state
        and state.current_task_state.status == state.current_task_state.STATUS_IN_PROGRESS
    ):
        # The review restarts on the newest draft (the cancelled task keeps the older one).
        state.current_task_state.specific.cancel(user=user, resume=True)
