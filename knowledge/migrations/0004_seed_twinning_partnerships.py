"""Seed the five City-to-City Cooperation (C3) pairs of the Cities Clean Air Partnership.

The pairs are a frozen copy beside this migration (knowledge/migrations/data/0004_twinning_partnerships.json),
read through portal.content_data: never edit it; portal/content_data.py says why.
"""

from pathlib import Path

from django.db import migrations
from modeltranslation.utils import build_localized_fieldname

from portal.content_data import DataFile, Integer, ListOf, Record, Slug, Translated, optional

PARTNERSHIPS = DataFile(
    Path(__file__).resolve().parent / "data" / "0004_twinning_partnerships.json",
    Record(
        {
            "slug": Slug(),
            "mentor_city": Slug(),
            "learning_city": Slug(),
            "focus_actions": ListOf(Slug()),
            "start_year": optional(Integer()),
            "summary": Translated(complete=True, languages=("en", "vi", "id", "th")),
        }
    ),
    key="slug",
)
DATA_FILES = (PARTNERSHIPS,)


def seed(apps, schema_editor):
    City = apps.get_model("knowledge", "City")
    Action = apps.get_model("knowledge", "Action")
    TwinningPartnership = apps.get_model("knowledge", "TwinningPartnership")
    for row in PARTNERSHIPS:
        defaults = {
            "mentor_city": City.objects.get(slug=row["mentor_city"]),
            "learning_city": City.objects.get(slug=row["learning_city"]),
            "start_year": row.get("start_year"),
            "status": "active",
            "summary": row["summary"]["en"],
        }
        for language, text in row["summary"].items():
            defaults[build_localized_fieldname("summary", language)] = text
        partnership, _created = TwinningPartnership.objects.update_or_create(slug=row["slug"], defaults=defaults)
        partnership.focus_actions.set(Action.objects.filter(slug__in=row["focus_actions"]))


def unseed(apps, schema_editor):
    TwinningPartnership = apps.get_model("knowledge", "TwinningPartnership")
    TwinningPartnership.objects.filter(slug__in=[row["slug"] for row in PARTNERSHIPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_knowledge_pages_and_twinning")]

    operations = [migrations.RunPython(seed, unseed)]
