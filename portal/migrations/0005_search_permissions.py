"""Editors manage editors' picks and read the search report.

The Editors group is created by knowledge's editorial-workflow migration; permissions are
created here if post_migrate has not created them yet (fresh databases).
"""

from django.db import migrations

PICK_CODENAMES = ["add_searchpick", "change_searchpick", "delete_searchpick", "view_searchpick"]


def permission(apps, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label="portal", model=model)
    found, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = [
        permission(apps, "searchpick", codename, f"Can {codename.replace('_', ' ')}")
        for codename in PICK_CODENAMES
    ]
    permissions.append(
        permission(apps, "searchquerylog", "view_search_report", "Can view the search report")
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [*PICK_CODENAMES, "view_search_report"]
    found = Permission.objects.filter(content_type__app_label="portal", codename__in=codenames)
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*found)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_search_picks_and_query_log"),
        ("knowledge", "0005_editorial_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
