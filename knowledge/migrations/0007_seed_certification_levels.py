"""Seed the certification ladder (five steps of air-quality-management capacity) in four languages,
and let Editors and Reviewers manage levels and city certifications like the other snippets.

The levels are a frozen copy beside this migration (knowledge/migrations/data/0007_certification_levels.json),
read through portal.content_data: never edit it; portal/content_data.py says why.
"""

from pathlib import Path

from django.db import migrations

from portal.content_data import DataFile, Integer, Record, Slug, Translated

LANGUAGES = ("en", "vi", "id", "th")
SUFFIXES = ("en", "vi", "ind", "th")
TEXT = Translated(complete=True, languages=LANGUAGES)
LEVELS = DataFile(
    Path(__file__).resolve().parent / "data" / "0007_certification_levels.json",
    Record({"slug": Slug(), "rank": Integer(), "name": TEXT, "description": TEXT, "criteria": TEXT}),
    key="slug",
)
DATA_FILES = (LEVELS,)
SNIPPET_MODELS = ["certificationlevel", "citycertification"]


def translated(field, values):
    return {
        field: values["en"],
        **{f"{field}_{suffix}": values[language] for suffix, language in zip(SUFFIXES, LANGUAGES, strict=True)},
    }


def seed(apps, schema_editor):
    CertificationLevel = apps.get_model("knowledge", "CertificationLevel")
    for row in LEVELS:
        CertificationLevel.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "rank": row["rank"],
                **translated("name", row["name"]),
                **translated("description", row["description"]),
                **translated("criteria", row["criteria"]),
            },
        )
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for model in SNIPPET_MODELS:
        content_type, _created = ContentType.objects.get_or_create(app_label="knowledge", model=model)
        for action in ("add", "change", "delete", "view"):
            permissions.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )[0]
            )
    for group in Group.objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0006_certification_ladder"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
