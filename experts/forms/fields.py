"""Shared form pieces of the directory: taxonomy and spoken-language choices, the repeated-input widget
and the list fields the profile and nomination forms are built from. (The accessible error wiring
and the e-mail language choices are the accounts', experts.accounts.forms.)
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from experts.models import OPTIONAL_FIELD_LABELS, OPTIONAL_FIELDS, Availability
from portal.i18n import (
    is_language_code,
    language_name,
)


def taxonomy_checkboxes(model: type[models.Model], *, label: str) -> forms.ModelMultipleChoiceField:
    """An optional set of taxonomy terms, ticked as checkboxes and posted by slug."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=model.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


# The languages offered as ticks on the profile forms: the portal's four, the languages of the
# region's cities and neighbours, and the languages of international work there. A short list a
# person can read and tab through; a language an expert already has stays offered (see
# spoken_language_choices), so nothing recorded by an import or an editor is lost on saving.
OFFERED_SPOKEN_LANGUAGES: tuple[str, ...] = (
    *("en", "vi", "id", "th", "ms", "tl", "lo", "km", "my", "zh", "ja", "ko", "mn"),
    *("hi", "bn", "ne", "si", "ta", "ur", "dz", "dv", "fr", "es", "de", "ru", "ar", "pt"),
)


def spoken_language_choices(keep: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """``(code, name)`` of the languages a profile may list, named and sorted in the reader's
    language ("Tagalog", "ภาษาลาว"), with the codes in ``keep`` added when they are not offered."""
    codes = dict.fromkeys([*OFFERED_SPOKEN_LANGUAGES, *(code for code in keep if is_language_code(code))])
    return sorted(((code, language_name(code)) for code in codes), key=lambda choice: choice[1].casefold())


class SpokenLanguagesField(forms.MultipleChoiceField):
    """Languages ticked by name; the stored value stays a list of ISO 639-1 codes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", spoken_language_choices)
        super().__init__(**kwargs)

    def keep(self, codes: list[str] | tuple[str, ...]) -> None:
        """Offer ``codes`` too (a profile's current languages), so saving never drops one."""
        self.choices = spoken_language_choices(keep=codes)


# How to write a biography without HTML, said once for the public form and the preview.
BIOGRAPHY_HELP = _(
    "Leave an empty line between paragraphs. Start lines with “- ” for a list or “1. ” for a "
    "numbered list. **Bold**, *italic* and [link text](https://…) work; web addresses become links."
)


def availability_field() -> forms.MultipleChoiceField:
    """What an expert is available for, as named ticks (the profile form and the admin's)."""
    return forms.MultipleChoiceField(
        label=_("Available to"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def public_fields_field(*, help_text: str) -> forms.MultipleChoiceField:
    """Which optional fields everyone may see, as named ticks (the profile form and the admin's)."""
    return forms.MultipleChoiceField(
        label=_("Show to everyone"),
        choices=[(field, OPTIONAL_FIELD_LABELS[field]) for field in OPTIONAL_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


# --- List fields of the expert's editing form in the Wagtail admin (experts.forms.admin) --------


class RepeatedInputWidget(forms.Widget):
    """One labelled input per list item and a few empty ones to add more, all posted under one
    name: a list is edited as rows, never as JSON. Works without JavaScript."""

    def __init__(self, *, input_type: str = "text", item_label: Any, extra: int = 3, attrs=None) -> None:
        super().__init__(attrs)
        self.input_type, self.item_label, self.extra = input_type, item_label, extra

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else id_

    def render(self, name: str, value: Any, attrs=None, renderer=None) -> str:
        items = [str(item) for item in (value if isinstance(value, list | tuple) else [])]
        base_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        rows = []
        for number, item in enumerate([*items, *[""] * self.extra]):
            row_id = f"{base_id}_{number}"
            rows.append(
                format_html(
                    '<div class="repeated-input__row"><label for="{}">{} {}</label> '
                    '<input type="{}" name="{}" id="{}" value="{}"></div>',
                    row_id,
                    self.item_label,
                    number + 1,
                    self.input_type,
                    name,
                    row_id,
                    item,
                )
            )
        return format_html('<div class="repeated-input" id="{}">{}</div>', base_id, mark_safe("".join(rows)))  # noqa: S308 - rows escaped by format_html

    def value_from_datadict(self, data, files, name: str) -> list[str]:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return [values] if isinstance(values, str) else list(values)

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        # An empty list posts nothing, and that means "no items", not "leave as it was".
        return False


class TextListField(forms.Field):
    """A list of short texts, one per row: blanks dropped, repeats removed, each trimmed."""

    def __init__(self, *, max_items: int = 30, max_length: int = 100, **kwargs: Any) -> None:
        self.max_items, self.max_length = max_items, max_length
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:
        items = value if isinstance(value, list | tuple) else [value] if value else []
        cleaned = list(
            dict.fromkeys(str(item).strip()[: self.max_length] for item in items if str(item).strip())
        )
        if len(cleaned) > self.max_items:
            raise forms.ValidationError(
                _("At most %(count)d items."), params={"count": self.max_items}, code="too_many"
            )
        return cleaned


def validate_web_links(links: list[str]) -> None:
    """Refuse the first entry that is not an http or https address, naming it (shortened): the
    expert's own profile form and the editors' form check links alike."""
    check = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            check(link)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                _("“%(link)s” is not a web address starting with http:// or https://."),
                params={"link": link[:100]},
                code="bad_link",
            ) from error


class WebLinkListField(TextListField):
    """Web addresses (http or https), one per row."""

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        validate_web_links(value)
