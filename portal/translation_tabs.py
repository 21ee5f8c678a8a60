"""One tab per language in the page editor: translators see one language at a time.

wagtail-modeltranslation turns each translated field's panel into one panel per language, all on
one "Content" tab (44 boxes for a case study). `language_tabs` keeps English and the untranslated
fields on "Content" and moves each other language's copies to a tab named after the language,
keeping their groups (a group's Thai fields stay together under the group's heading on the Thai tab).
Each translation's box says under it when it is out of date (portal.translation_sources).
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)

from portal.i18n import localized_field, translation_languages


def _columns(model: type[models.Model]) -> dict[str, str]:
    """``{column: language}`` for each translated column outside English (``summary_ind`` → id)."""
    try:
        fields = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}
    return {localized_field(field, code): code for field in fields for code in translation_languages()}


def _split(panel: Panel, columns: dict[str, str]) -> dict[str | None, Panel]:
    """``{language or None: panel}``: a field panel goes to its column's language (None for English
    and untranslated fields); a group is split into one group per language it holds."""
    if isinstance(panel, FieldPanel):
        return {columns.get(panel.field_name): panel}
    if isinstance(panel, MultiFieldPanel | FieldRowPanel):
        parts: dict[str | None, list[Panel]] = defaultdict(list)
        for child in panel.children:
            for language, part in _split(child, columns).items():
                parts[language].append(part)
        if list(parts) == [None]:
            return {None: panel}
        return {
            language: type(panel)(**{**panel.clone_kwargs(), "children": kids})
            for language, kids in parts.items()
        }
    return {None: panel}


def language_tabs(model: type[models.Model]) -> TabbedInterface:
    """The page type's edit handler: Content (English), one tab per translation language, then
    Promote and Settings as Wagtail has them."""
    columns = _columns(model)
    shared: list[Panel] = []
    per_language: dict[str, list[Panel]] = {code: [] for code in translation_languages()}
    for panel in model.content_panels:
        for language, part in _split(panel, columns).items():
            (shared if language is None else per_language[language]).append(part)
    names = dict(settings.LANGUAGES)  # lazy labels: the tab follows the editor's language
    tabs = [ObjectList(shared, heading=_("Content"))]
    tabs += [ObjectList(panels, heading=names[code]) for code, panels in per_language.items() if panels]
    if model.promote_panels:
        tabs.append(ObjectList(model.promote_panels, heading=_("Promote")))
    if model.settings_panels:
        tabs.append(ObjectList(model.settings_panels, heading=_("Settings")))
    return TabbedInterface(tabs, base_form_class=model.base_form_class)
