"""Template helpers of the experts directory."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.filters import FacetOption
from portal.l10n import local_number

register = template.Library()


def _escaped(value: Any) -> str:
    """What ``conditional_escape`` makes of ``value`` (HTML left as it is, any other text escaped as
    ``django.utils.html.escape`` does, with ``html.escape``), without the lazy-argument wrapper
    Django's escaping goes through on every call."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


@register.simple_tag
def facet_options(options: Iterable[FacetOption]) -> SafeString:
    """The directory's filter options as list items, each a link that ticks (or unticks) it with
    its count.

    A directory page shows a hundred options or more (every country, city and term with its
    count); including a template once per option was a quarter of the page's CPU, so the same
    markup is written here (tests/experts/test_facet_options.py holds it against the template's).
    Each piece is escaped by :func:`_escaped` rather than ``format_html``, whose lazy-argument
    checks were half of this tag's CPU for the same text.
    """
    remove = _escaped(gettext("Remove filter:"))
    items = []
    for option in options:
        url, label, count = _escaped(option.url), _escaped(option.label), _escaped(local_number(option.count))
        if option.selected:
            items.append(
                f'<li><a href="{url}" aria-current="true" class="facet__option facet__option--selected">'
                f'<span class="visually-hidden">{remove} </span>{label} <span class="facet__count">({count})</span>'
                "</a></li>\n"
            )
        else:
            items.append(
                f'<li><a href="{url}" class="facet__option">{label} <span class="facet__count">({count})</span></a></li>\n'
            )
    return mark_safe("".join(items))  # noqa: S308 - every piece escaped by _escaped above


_SLUG_MARKER = "expert-slug"
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")

# The card markup as experts/directory.html wrote it inside its loop, indentation included.
_CARD = (
    '\n      <li class="expert-card">\n        <h3><a href="{}">{}</a></h3>\n        <p>{}</p>\n'
    "        <p>{}, {}{}</p>\n        {}\n      </li>\n      "
)


def _text(value: str, language: str) -> str:
    if not value:
        return ""
    if language:
        return f'<span lang="{_escaped(language)}">{_escaped(value)}</span>'
    return f"<span>{_escaped(value)}</span>"


@register.simple_tag
def expert_cards(cards: Iterable[tuple[Any, Any]]) -> SafeString:
    """The directory's result cards (``(expert, display)`` pairs) as list items.

    Twenty cards of a dozen template variables and conditions each were a fifth of the directory's
    CPU in the template engine; the same markup is written here
    (tests/experts/test_expert_cards.py holds it against the template's loop), each piece escaped
    by :func:`_escaped` as :func:`facet_options` does (``format_html`` per piece was half the
    tag's time).
    """
    # Each card's address is its slug in the profile route: reversed once here and filled in, as
    # reversing per card (a fifth of the cards' time) gives for a slug of plain characters.
    prefix, _marker, suffix = reverse("experts:profile", kwargs={"slug": _SLUG_MARKER}).partition(
        _SLUG_MARKER
    )
    items = []
    for expert, display in cards:
        slug = expert.slug
        url = prefix + slug + suffix if _PLAIN_SLUG.fullmatch(slug) else expert.get_absolute_url()
        languages = display.text_languages
        position = _text(display.position, languages.get("position", ""))
        organisation = _text(display.organisation, languages.get("organisation", ""))
        between = ", " if display.position and display.organisation else ""
        spoken = f" · {_escaped(', '.join(display.languages))}" if display.languages else ""
        actions = (
            f'<p class="expert-card__expertise">{_escaped(", ".join(display.actions))}</p>'
            if display.actions
            else ""
        )
        items.append(
            _CARD.format(
                _escaped(url),
                _escaped(display.name),
                position + between + organisation,
                _escaped(display.city),
                _escaped(display.country),
                spoken,
                actions,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 - every piece escaped by _escaped above
