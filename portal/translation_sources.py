"""Which translations of a page are out of date: the English text changed after they were saved.

For each translated field of a page and each language it is translated into, one
`TranslationSource` row remembers a fingerprint of the English text the translation was saved
against. A publish that changes a translation records the English it now stands beside; a publish
that changes the English but not a translation leaves that translation's fingerprint as it was,
so it no longer matches and the translation is out of date until a translator saves it again.

Recorded when a page's row is written (publishing), since Wagtail keeps drafts in revisions, and
when a tracked snippet is saved (taxonomy terms, cities, partnerships…: see track()).
A translation saved before this existed gets the English it stood beside at its first recorded
save, so it is never marked out of date for changes made before that.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_save
from modeltranslation.translator import NotRegistered, translator
from wagtail.fields import StreamField
from wagtail.models import Page

from portal.i18n import DEFAULT_LANGUAGE, is_written, localized_field, translation_languages


class TranslationSource(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    field = models.CharField(max_length=100)
    language = models.CharField(max_length=10)
    # SHA-256 of the English text the translation was saved against.
    source_hash = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "portal"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_source_per_translation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.field} [{self.language}]"


# Snippet models whose translations are tracked like pages' (apps add theirs with track()): each
# save of a tracked model that already exists costs two reads and a write per changed
# translation (a new row is recorded at its next save), which an import of experts pays too.
_TRACKED: set[type[models.Model]] = set()


def track(*tracked: type[models.Model]) -> None:
    """Mark these (non-page) models' translations out of date when their English changes."""
    _TRACKED.update(tracked)


def is_tracked(model: type[models.Model]) -> bool:
    return issubclass(model, Page) or any(issubclass(model, each) for each in _TRACKED)


def translated_page_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The model's translated fields in the order editors see them; a page's Wagtail title first."""
    try:
        registered = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()
    names = [field.name for field in model._meta.get_fields() if field.name in registered]
    return tuple(dict.fromkeys(["title", *names] if issubclass(model, Page) else names))


def _text(instance: models.Model, field: str, language: str) -> str | None:
    """The stored form of ``field`` in ``language`` (a StreamField as its JSON), None when empty."""
    column = localized_field(field, language)
    value = getattr(instance, column, None)
    if not is_written(value):
        return None
    model_field = instance._meta.get_field(column)
    text = model_field.value_to_string(instance)
    if isinstance(model_field, StreamField):
        # PostgreSQL stores StreamFields as jsonb, which reorders keys: the same blocks read back
        # must give the same fingerprint as when they were saved.
        text = json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False)
    return text


def _fingerprint(text: str | None) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


def _sources(instance: models.Model) -> dict[tuple[str, str], TranslationSource]:
    content_type = ContentType.objects.get_for_model(instance)
    rows = TranslationSource.objects.filter(content_type=content_type, object_id=str(instance.pk))
    return {(row.field, row.language): row for row in rows}


def record_sources(*, instance: models.Model, previous: models.Model | None) -> None:
    """Remember, for each translation ``instance`` is about to store, the English it is saved
    against; ``previous`` is the row as stored before this save (None for a new page)."""
    fields = translated_page_fields(type(instance))
    if not fields:
        return
    known = _sources(instance) if previous is not None else {}
    content_type = ContentType.objects.get_for_model(instance)
    for field in fields:
        english = _fingerprint(_text(instance, field, DEFAULT_LANGUAGE))
        english_before = _fingerprint(_text(previous, field, DEFAULT_LANGUAGE)) if previous else english
        for language in translation_languages():
            text = _text(instance, field, language)
            if text is None:
                continue
            changed = previous is None or text != _text(previous, field, language)
            if changed:
                source_hash = english
            elif (field, language) not in known:
                source_hash = english_before
            else:
                continue
            TranslationSource.objects.update_or_create(
                content_type=content_type,
                object_id=str(instance.pk),
                field=field,
                language=language,
                defaults={"source_hash": source_hash},
            )


def stale_translations(instance: models.Model) -> dict[str, list[str]]:
    """``{language: [field, …]}``: translations written in ``instance`` whose English changed
    after they were saved."""
    if instance.pk is None or not is_tracked(type(instance)):
        return {}
    known = _sources(instance)
    stale: dict[str, list[str]] = {}
    for field in translated_page_fields(type(instance)):
        english = _fingerprint(_text(instance, field, DEFAULT_LANGUAGE))
        for language in translation_languages():
            source = known.get((field, language))
            if source and source.source_hash != english and _text(instance, field, language) is not None:
                stale.setdefault(language, []).append(field)
    return stale


def mark_fresh(*, instance: models.Model, field: str, language: str) -> None:
    """Record that ``language``'s text of ``field`` now stands beside the English ``instance``
    holds (a translation imported from a translator's file, saved as a draft)."""
    TranslationSource.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        field=field,
        language=language,
        defaults={"source_hash": _fingerprint(_text(instance, field, DEFAULT_LANGUAGE))},
    )


def _before_save(
    sender: type[models.Model],
    instance: Any,
    raw: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    # Pages and tracked snippets alike: a snippet's row is what readers see, like a page's.
    if raw or not is_tracked(sender) or not translated_page_fields(sender):
        return
    if update_fields is not None and not any(
        name.startswith(f"{field}_") for name in update_fields for field in translated_page_fields(sender)
    ):
        # Saving a draft writes only the page's revision bookkeeping (latest_revision, draft
        # title…): the texts readers see, and so the translations' sources, stay as published.
        return
    previous = sender._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    if previous is None and instance.pk is None:
        # A new page has no id yet: its translations are recorded at its next save, against the
        # English it was created with (see record_sources).
        return
    record_sources(instance=instance, previous=previous)


def connect() -> None:
    """Called from PortalConfig.ready()."""
    pre_save.connect(_before_save, dispatch_uid="portal.translation_sources")
