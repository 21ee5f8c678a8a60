"""Experts get Wagtail revisions (RevisionMixin): every existing profile starts its history with
one revision holding the profile as it is, so the first later change already compares against
something. Pending and decided changes proposed by experts (ExpertRevision) are kept as they are."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields

EXPERTISE = ("themes", "pollutants", "sectors", "actions")


def first_revisions(apps, schema_editor):
    Expert = apps.get_model("experts", "Expert")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="experts", model="expert")
    now = timezone.now()
    for expert in Expert.objects.filter(latest_revision__isnull=True).iterator():
        content = get_serializable_data_for_fields(expert)
        # As Expert.serializable_data stores them: the expertise terms' slugs.
        content["expertise"] = {
            relation: sorted(getattr(expert, relation).values_list("slug", flat=True)) for relation in EXPERTISE
        }
        revision = Revision.objects.create(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(expert.pk),
            created_at=expert.updated_at or now,
            object_str=expert.name,
            content=content,
        )
        Expert.objects.filter(pk=expert.pk).update(latest_revision=revision)


def drop_first_revisions(apps, schema_editor):
    # The revisions go with the column that points at them; the profiles themselves are untouched.
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="experts", model="expert").first()
    if content_type:
        Revision.objects.filter(base_content_type=content_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0006_expert_readable_slugs"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="expert",
            name="latest_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.revision",
                verbose_name="latest revision",
            ),
        ),
        migrations.AlterField(
            model_name="expertrevision",
            name="expert",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="proposed_changes",
                to="experts.expert",
            ),
        ),
        migrations.RunPython(first_revisions, drop_first_revisions),
    ]
