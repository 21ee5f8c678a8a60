"""Changes experts proposed that were still waiting for review (ExpertRevision, status pending)
become what a new proposal is: a draft revision of the profile, written by the expert at the time
they sent it, under review in the "Expert profile moderation" workflow. Nothing is lost: the draft
holds the live profile with every proposed value (texts, lists, city, expertise terms, a proposed
photo or its removal), and the old record stays, marked as replaced.

Decided changes (approved, sent back) stay as the record they are.
"""

from django.db import migrations
from modelcluster.models import get_serializable_data_for_fields

EXPERTISE = ("themes", "pollutants", "sectors", "actions")
WORKFLOW_NAME = "Expert profile moderation"


def _live_content(expert) -> dict:
    """The live profile (the row, not an older revision: the account may have been claimed since)
    as Expert.serializable_data stores it: its columns and its terms' slugs."""
    content = get_serializable_data_for_fields(expert)
    content["expertise"] = {
        relation: sorted(getattr(expert, relation).values_list("slug", flat=True)) for relation in EXPERTISE
    }
    return content


def pending_changes_to_drafts(apps, schema_editor):
    Expert = apps.get_model("experts", "Expert")
    ExpertRevision = apps.get_model("experts", "ExpertRevision")
    City = apps.get_model("knowledge", "City")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    expert_type, _created = ContentType.objects.get_or_create(app_label="experts", model="expert")
    task_state_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="taskstate")
    assignment = WorkflowContentType.objects.filter(content_type=expert_type).select_related("workflow").first()
    first_task = (
        WorkflowTask.objects.filter(workflow=assignment.workflow).order_by("sort_order").first()
        if assignment
        else None
    )
    # The newest pending change of each expert (submitting again superseded the older ones).
    pending = ExpertRevision.objects.filter(status="pending").order_by("expert_id", "-created_at", "-pk")
    seen = set()
    for change in pending:
        if change.expert_id in seen:
            ExpertRevision.objects.filter(pk=change.pk).update(status="superseded")
            continue
        seen.add(change.expert_id)
        expert = Expert.objects.get(pk=change.expert_id)
        content = _live_content(expert)
        expertise = dict(content.get("expertise") or {})
        for key, value in (change.data or {}).items():
            if key == "city":
                city = City.objects.filter(slug=value).first()
                if city is not None:
                    content["city"] = city.pk
            elif key in EXPERTISE:
                expertise[key] = sorted(value or [])
            else:
                content[key] = value
        content["expertise"] = expertise
        if change.remove_photo:
            content["photo"] = ""
        if change.photo:
            content["photo"] = change.photo.name  # the file stays where the proposal put it
        draft = Revision.objects.create(
            content_type=expert_type,
            base_content_type=expert_type,
            object_id=str(expert.pk),
            user_id=change.submitted_by_id,
            content=content,
            object_str=expert.name,
            created_at=change.created_at,  # the day the expert sent it
        )
        Expert.objects.filter(pk=expert.pk).update(latest_revision=draft, has_unpublished_changes=True)
        if first_task is not None:
            state = WorkflowState.objects.create(
                content_type=expert_type,
                base_content_type=expert_type,
                object_id=str(expert.pk),
                workflow=assignment.workflow,
                status="in_progress",
                requested_by_id=change.submitted_by_id,
            )
            task_state = TaskState.objects.create(
                workflow_state=state,
                revision=draft,
                task_id=first_task.task_id,
                status="in_progress",
                content_type=task_state_type,
            )
            WorkflowState.objects.filter(pk=state.pk).update(
                current_task_state=task_state, created_at=change.created_at
            )
            TaskState.objects.filter(pk=task_state.pk).update(started_at=change.created_at)
        ExpertRevision.objects.filter(pk=change.pk).update(status="superseded")


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0008_expert_moderation_workflow"),
        ("knowledge", "0001_initial"),
    ]

    operations = [migrations.RunPython(pending_changes_to_drafts, migrations.RunPython.noop)]
