"""The admin forms of translated pages and snippets: the English beside each translation's box.

A translator working on the Thai tab no longer switches back to "Content" to read what a field
says in English: above each Vietnamese, Indonesian or Thai box the English text of that field is
shown, read-only, marked `lang="en"` for screen readers and inside the box's help text (which
Wagtail ties to the box), with the out-of-date notice when the English changed after the
translation was published (portal.translation_sources). Rich text is shown formatted; a
StreamField as the list of its text blocks, collapsed, since a body can run to pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.rich_text import expand_db_html

from portal.i18n import localized_field, translation_languages
from portal.translation_sources import stale_translations, translated_page_fields
from portal.translation_units import HTML, field_kind, field_units

# A stream's block is shown up to this many characters: enough to recognise it, the rest is in
# the English tab and in the translators' file.
BLOCK_PREVIEW = 240


def _rich_text(html: str) -> SafeString:
    # Stored rich text passed the editor's whitelist (or portal.sanitize on import) when it was
    # saved; expand_db_html only turns page and document references into links.
    return mark_safe(expand_db_html(html))  # noqa: S308


def english_source(instance: Any, field: str) -> SafeString:
    """The English of ``field`` as shown above a translation's box; empty when none is written."""
    units = field_units(instance, field, translation_languages()[0])
    if not units:
        return SafeString("")
    heading = _("English")
    if field_kind(type(instance), field) == "stream":
        items = format_html_join(
            "",
            '<li><span class="translation-source__block">{}</span> {}</li>',
            (
                (unit.label.split(" › ", 1)[-1], Truncator(strip_tags(unit.source)).chars(BLOCK_PREVIEW))
                for unit in units
            ),
        )
        return format_html(
            '<details class="translation-source"><summary>{} ({})</summary>'
            '<ol class="translation-source__text" lang="en">{}</ol></details>',
            heading,
            ngettext("%(count)s text block", "%(count)s text blocks", len(units)) % {"count": len(units)},
            items,
        )
    unit = units[0]
    if unit.kind == HTML:
        return format_html(
            '<details class="translation-source" open><summary>{}</summary>'
            '<div class="translation-source__text" lang="en">{}</div></details>',
            heading,
            _rich_text(unit.source),
        )
    return format_html(
        '<div class="translation-source"><span class="translation-source__label">{}:</span> '
        '<span class="translation-source__text" lang="en">{}</span></div>',
        heading,
        unit.source,
    )


class TranslationSourceFormMixin:
    """Shows, in each translation's help text, the English of its field and whether the
    translation is out of date. Mixed into the page and snippet base forms."""

    fields: dict[str, forms.Field]
    instance: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is None or self.instance.pk is None:
            return
        stale = stale_translations(self.instance)
        for field in translated_page_fields(type(self.instance)):
            source = english_source(self.instance, field)
            for language in translation_languages():
                form_field = self.fields.get(localized_field(field, language))
                if form_field is None:
                    continue
                parts: list[Any] = []
                if field in stale.get(language, ()):
                    parts.append(
                        format_html(
                            '<p class="translation-source__stale">{}</p>',
                            _("Out of date: the English text changed after this translation was published."),
                        )
                    )
                if source:
                    parts.append(source)
                if form_field.help_text:
                    parts.append(format_html("<p>{}</p>", form_field.help_text))
                if parts:
                    form_field.help_text = format_html_join("", "{}", ((part,) for part in parts))


class TranslatedPageForm(TranslationSourceFormMixin, WagtailAdminPageForm):
    """The base form of every translated page type."""


class TranslatedSnippetForm(TranslationSourceFormMixin, WagtailAdminModelForm):
    """The base form of every translated snippet."""
