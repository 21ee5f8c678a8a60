"""Expert addresses that keep names readable in every script.

Django's slugify(allow_unicode=True) keeps only "word" characters, and Thai vowel and tone
signs are combining marks (Unicode categories Mn and Mc), not word characters: "สมชาย
วงศ์สวัสดิ์" became สมชาย-วงศสวสด, which no reader can read. Here combining marks stay with the
letter they belong to. NFC (not Django's NFKC), so that Thai sara am (ำ) is not split in two.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug, validate_unicode_slug
from django.db import models
from django.utils.translation import gettext_lazy as _

_MARK_CATEGORIES = frozenset({"Mn", "Mc"})
_SEPARATORS = re.compile(r"[-\s]+")


def _kept(char: str) -> bool:
    return char.isalnum() or char in "_- " or unicodedata.category(char) in _MARK_CATEGORIES


def unicode_slug(text: str) -> str:
    """Lower-case letters, digits and their combining marks, words joined by hyphens."""
    normalised = unicodedata.normalize("NFC", str(text)).lower()
    kept = "".join(char if _kept(char) else " " if char.isspace() else "" for char in normalised)
    return _SEPARATORS.sub("-", kept).strip("-_")


def validate_readable_slug(value: str) -> None:
    """Django's validate_unicode_slug (^[-\\w]+$) refuses combining marks; this accepts what
    unicode_slug makes, and every older slug (letters, digits, hyphens, underscores) too."""
    if not value or not all(
        char.isalnum() or char in "-_" or unicodedata.category(char) in _MARK_CATEGORIES for char in value
    ):
        raise ValidationError(
            _("Use letters (with their vowel and tone marks), numbers, hyphens or underscores."),
            code="invalid",
        )


DJANGO_SLUG_VALIDATORS = (validate_slug, validate_unicode_slug)


class ReadableSlugField(models.SlugField):
    """A unique address part that may hold combining marks (see unicode_slug).

    SlugField always adds Django's slug validator, in the model and in its form field; this one
    validates with validate_readable_slug in both instead.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # SlugField.__init__ puts Django's slug validator among the field's (cached) validators.
        self.validators[:] = [
            validate_readable_slug if validator in DJANGO_SLUG_VALIDATORS else validator
            for validator in self.validators
        ]

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super(models.SlugField, self).formfield(**{"form_class": forms.CharField, **kwargs})
