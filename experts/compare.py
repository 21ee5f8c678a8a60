"""How an editor reads a profile's values and the changes between two versions of it.

One reading for every place an editor compares: Wagtail's revision comparison of an expert
(History → Compare, through `ReadableFieldPanel` and `BiographyComparison`) and the moderation
queue's review of a change an expert proposed (`experts.admin_views`). Values are named as a person
names them: terms and cities by their names, languages by their names in the editor's language,
choices by their labels, rich text as its text, "—" for nothing; never a slug, a code, a Python
list, "None" or an HTML tag.

Imported by `experts.models` (the panels) and named in the settings
(WAGTAILMODELTRANSLATION_CUSTOM_SIMPLE_PANELS), so it reads every model lazily.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.compare import FieldComparison, TextDiff, TextFieldComparison
from wagtail.admin.panels import FieldPanel

from portal.i18n import language_name
from portal.sanitize import html_to_text

TAXONOMY_RELATIONS = ("themes", "pollutants", "sectors", "actions")
NOTHING = "—"


def _choice_label(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def readable_value(key: str, value: Any) -> str:
    """A profile's value (or a proposed one) as an editor reads it. ``key`` is the field's name,
    or a translated column (``biography_th``); taxonomy values are slugs or terms, the city a slug
    or a city."""
    from experts.models import OPTIONAL_FIELD_LABELS, Availability, Expert, ExpertStatus, OrganisationType
    from knowledge.models import City

    if key in TAXONOMY_RELATIONS:
        items = list(value or [])
        if items and isinstance(items[0], str):
            items = list(Expert._meta.get_field(key).related_model.objects.filter(slug__in=items))
        names = sorted(str(term.name) for term in items)
    elif key == "city":
        if isinstance(value, str):
            value = City.objects.filter(slug=value).first()
        elif isinstance(value, int):
            value = City.objects.filter(pk=value).first()
        names = [str(value.name)] if value else []
    elif key == "languages":
        names = [language_name(code) for code in value or []]
    elif key == "availability":
        names = [_choice_label(Availability, slug) for slug in value or []]
    elif key == "public_fields":
        names = [str(OPTIONAL_FIELD_LABELS.get(name, name)) for name in value or []]
    elif key == "organisation_type":
        names = [_choice_label(OrganisationType, value)] if value else []
    elif key == "status":
        names = [_choice_label(ExpertStatus, value)] if value else []
    elif key.startswith("biography"):
        names = [html_to_text(value or "", marks=False)]
    elif key == "photo":
        # The stored file name means nothing to an editor; whether there is a photo does.
        names = [str(_("Photo"))] if value else []
    elif isinstance(value, datetime.date):
        names = [date_format(value, "DATE_FORMAT")]
    elif isinstance(value, list | tuple):
        names = [str(item) for item in value]
    else:
        names = [str(value)] if value not in (None, "") else []
    return ", ".join(name for name in names if name) or NOTHING


def field_labels() -> dict[str, str]:
    """``{key: label}`` for every key a profile version may hold, in the editor's language:
    "Biography (Bahasa Indonesia)" for ``biography_ind``, "Languages spoken" for ``languages``
    (modeltranslation's columns carry such labels, see portal.settings.base)."""
    from experts.models import Expert

    labels: dict[str, str] = {}
    for field in Expert._meta.get_fields():
        if hasattr(field, "verbose_name") and not field.auto_created:
            labels[field.name] = capfirst(str(field.verbose_name))
    return labels


class ReadableComparison(FieldComparison):
    """Wagtail's field comparison, reading both sides through `readable_value`.

    A many-to-many field of a version rebuilt from a revision comes from what the revision stored
    (`Expert.revision_expertise`), not from the database, so expertise changes show too.
    """

    def __init__(self, field: models.Field, obj_a: Any, obj_b: Any) -> None:
        self.field = field
        self.val_a = self._value(field, obj_a)
        self.val_b = self._value(field, obj_b)

    @staticmethod
    def _value(field: models.Field, obj: Any) -> Any:
        if field.many_to_many:
            stored = getattr(obj, "revision_expertise", None)
            if stored is not None and field.name in stored:
                return sorted(stored[field.name])
            return sorted(getattr(obj, field.name).values_list("slug", flat=True)) if obj.pk else []
        if field.is_relation:
            return getattr(obj, field.attname)
        return field.value_from_object(obj)

    def has_changed(self) -> bool:
        name = self.field.name
        return readable_value(name, self.val_a) != readable_value(name, self.val_b)

    def htmldiff(self) -> str:
        name = self.field.name
        before, after = readable_value(name, self.val_a), readable_value(name, self.val_b)
        if before == after:
            return escape(before)
        return TextDiff([("deletion", before), ("addition", after)]).to_html()


class BiographyComparison(TextFieldComparison):
    """A biography (stored as sanitised HTML) compared as the text a reader reads, word by word."""

    def htmldiff(self) -> str:
        before = html_to_text(self.val_a or "", marks=False)
        after = html_to_text(self.val_b or "", marks=False)
        if before == after:
            return escape(before or NOTHING)
        return TextFieldComparison.htmldiff(_TextPair(self.field, before, after))

    def has_changed(self) -> bool:
        return html_to_text(self.val_a or "", marks=False) != html_to_text(self.val_b or "", marks=False)


class _TextPair(TextFieldComparison):
    def __init__(self, field: models.Field, before: str, after: str) -> None:
        self.field, self.val_a, self.val_b = field, before, after


class ReadableFieldPanel(FieldPanel):
    """A field panel whose revision comparison names values as `readable_value` does."""

    def get_comparison_class(self) -> type[FieldComparison]:
        return ReadableComparison


class BiographyPanel(FieldPanel):
    """The biography in one language, compared as text. wagtail-modeltranslation copies it into one
    panel per language (listed in WAGTAILMODELTRANSLATION_CUSTOM_SIMPLE_PANELS)."""

    def get_comparison_class(self) -> type[FieldComparison]:
        return BiographyComparison
