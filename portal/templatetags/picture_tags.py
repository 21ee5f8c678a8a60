"""``{% picture_set image "width-{480,800,1200}" sizes="…" alt="…" %}``: the image in modern formats
with a fallback in its own format (portal.renditions.picture_html)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from wagtail.images.models import Filter

from portal.renditions import picture_html

register = template.Library()


@register.simple_tag
def picture_set(image: Any, specs: str, *, sizes: str, **attrs: Any) -> SafeString | str:
    """Nothing for no image; ``specs`` may use Wagtail's brace expansion (``width-{480,800}``)."""
    if not image:
        return ""
    return picture_html(image, Filter.expand_spec(specs), sizes=sizes, attrs=attrs)
