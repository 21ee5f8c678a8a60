"""Editors and Reviewers see (and export) event registrations, like the other snippets."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(app_label="knowledge", model="eventregistration")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_eventregistration",
            defaults={"name": f"Can {action} event registration"},
        )[0]
        for action in ("add", "change", "delete", "view")
    ]
    for group in Group.objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0008_events"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
