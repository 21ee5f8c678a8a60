"""Experts are moderated with Wagtail's machinery: drafts (DraftStateMixin), a workflow
(WorkflowMixin) and locking (LockableMixin) on top of the revisions they already had.

Every existing profile is live, and its latest revision (0007 gave each one) is its live
version. The default "Expert profile moderation" workflow, one "Editors review" task (the
ExpertReviewTask, a group approval by Editors and Moderators), is assigned to the Expert snippet;
those groups may publish, lock and unlock profiles.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

WORKFLOW_NAME = "Expert profile moderation"
TASK_NAME = "Editors review the profile change"
REVIEWER_GROUPS = ("Editors", "Moderators")
PERMISSIONS = {
    "publish_expert": "Can publish expert",
    "lock_expert": "Can lock expert",
    "unlock_expert": "Can unlock expert",
}


def set_up_moderation(apps, schema_editor):
    Expert = apps.get_model("experts", "Expert")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ExpertReviewTask = apps.get_model("experts", "ExpertReviewTask")

    for expert in Expert.objects.all().only("pk", "updated_at", "latest_revision"):
        Expert.objects.filter(pk=expert.pk).update(
            live=True,
            has_unpublished_changes=False,
            live_revision=expert.latest_revision_id,
            first_published_at=expert.updated_at,
            last_published_at=expert.updated_at,
        )

    expert_type, _created = ContentType.objects.get_or_create(app_label="experts", model="expert")
    task_type, _created = ContentType.objects.get_or_create(app_label="experts", model="expertreviewtask")
    groups = [Group.objects.get_or_create(name=name)[0] for name in REVIEWER_GROUPS]
    permissions = [
        Permission.objects.get_or_create(content_type=expert_type, codename=codename, defaults={"name": name})[0]
        for codename, name in PERMISSIONS.items()
    ]
    for group in groups:
        group.permissions.add(*permissions)

    if WorkflowContentType.objects.filter(content_type=expert_type).exists():
        return  # a workflow was assigned by hand already: keep it
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first() or Workflow.objects.create(
        name=WORKFLOW_NAME, active=True
    )
    task = ExpertReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ExpertReviewTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
        task.groups.set(groups)
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    WorkflowContentType.objects.create(content_type=expert_type, workflow=workflow)


def remove_moderation(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    expert_type = ContentType.objects.filter(app_label="experts", model="expert").first()
    if expert_type:
        WorkflowContentType.objects.filter(content_type=expert_type).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME, workflow_content_types__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0007_expert_revisions"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="expert",
            name="live",
            field=models.BooleanField(default=True, editable=False, verbose_name="live"),
        ),
        migrations.AddField(
            model_name="expert",
            name="has_unpublished_changes",
            field=models.BooleanField(default=False, editable=False, verbose_name="has unpublished changes"),
        ),
        migrations.AddField(
            model_name="expert",
            name="first_published_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name="first published at"),
        ),
        migrations.AddField(
            model_name="expert",
            name="last_published_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="last published at"),
        ),
        migrations.AddField(
            model_name="expert",
            name="live_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.revision",
                verbose_name="live revision",
            ),
        ),
        migrations.AddField(
            model_name="expert",
            name="go_live_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="go live date/time"),
        ),
        migrations.AddField(
            model_name="expert",
            name="expire_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="expiry date/time"),
        ),
        migrations.AddField(
            model_name="expert",
            name="expired",
            field=models.BooleanField(default=False, editable=False, verbose_name="expired"),
        ),
        migrations.AddField(
            model_name="expert",
            name="locked",
            field=models.BooleanField(default=False, editable=False, verbose_name="locked"),
        ),
        migrations.AddField(
            model_name="expert",
            name="locked_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="locked at"),
        ),
        migrations.AddField(
            model_name="expert",
            name="locked_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="locked_%(class)ss",
                to=settings.AUTH_USER_MODEL,
                verbose_name="locked by",
            ),
        ),
        migrations.AlterField(
            model_name="moderationdecision",
            name="decision",
            field=models.CharField(
                choices=[
                    ("approved", "Approved"),
                    ("sent_back", "Sent back"),
                    ("invited", "Invited"),
                    ("declined", "Rejected"),
                ],
                max_length=20,
                verbose_name="decision",
            ),
        ),
        migrations.CreateModel(
            name="ExpertReviewTask",
            fields=[
                (
                    "task_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.task",
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        help_text="Pages/snippets at this step in a workflow will be moderated or approved by these groups of users",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
            ],
            options={
                "verbose_name": "expert profile review",
                "verbose_name_plural": "expert profile reviews",
            },
            bases=("wagtailcore.task",),
        ),
        migrations.RunPython(set_up_moderation, remove_moderation),
    ]
