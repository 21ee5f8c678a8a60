"""Seed the vocabulary of docs/architecture.md ("Vocabularies") with labels in English, Vietnamese, Indonesian and Thai.

The rows are a frozen copy beside this migration (knowledge/migrations/data/0002_*.json), read
through portal.content_data: never edit them; portal/content_data.py says why.
"""

from pathlib import Path

from django.db import migrations

from portal.content_data import DataFile, Number, Record, Slug, Text, Translated

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "vi", "id", "th")
SUFFIXES = ("en", "vi", "ind", "th")
NAME = Translated(complete=True, languages=LANGUAGES)
TERMS = {
    model_name: DataFile(DATA / f"0002_{name}.json", Record({"slug": Slug(), "name": NAME}), key="slug")
    for model_name, name in (("Theme", "themes"), ("Pollutant", "pollutants"), ("Sector", "sectors"), ("Action", "actions"))
}
COUNTRIES = DataFile(DATA / "0002_countries.json", Record({"code": Text(), "name": NAME}), key="code")
CITIES = DataFile(
    DATA / "0002_cities.json",
    Record({"slug": Slug(), "country": Text(), "latitude": Number(), "longitude": Number(), "name": NAME}),
    key="slug",
)
DATA_FILES = (*TERMS.values(), COUNTRIES, CITIES)


def labels(names):
    return {"name": names["en"], **{f"name_{suffix}": names[language] for suffix, language in zip(SUFFIXES, LANGUAGES, strict=True)}}


def seed(apps, schema_editor):
    for model_name, rows in TERMS.items():
        model = apps.get_model("knowledge", model_name)
        for order, row in enumerate(rows):
            model.objects.update_or_create(slug=row["slug"], defaults={**labels(row["name"]), "sort_order": order})
    Country = apps.get_model("knowledge", "Country")
    for row in COUNTRIES:
        Country.objects.update_or_create(code=row["code"], defaults=labels(row["name"]))
    City = apps.get_model("knowledge", "City")
    for row in CITIES:
        City.objects.update_or_create(
            slug=row["slug"],
            defaults={
                **labels(row["name"]),
                "country": Country.objects.get(code=row["country"]),
                "latitude": row["latitude"],
                "longitude": row["longitude"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
