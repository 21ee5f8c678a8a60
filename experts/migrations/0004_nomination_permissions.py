"""Editors and moderators review nominations, as they moderate expert profiles."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(app_label="experts", model="nomination")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_nomination", defaults={"name": f"Can {action} nomination"}
        )[0]
        for action in ("change", "view")
    ]
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0003_focal_points_and_nominations"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
