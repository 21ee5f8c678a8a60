"""The directory's filter options, written in Python, are the markup the template wrote."""

import pytest
from django.template import Context, Template
from django.utils import translation

from experts.templatetags.experts_tags import facet_options
from portal.filters import FacetOption

# What experts/includes/facet_option.html rendered for each option before.
TEMPLATE = Template(
    "{% load i18n portal_tags %}{% for option in options %}"
    '<li><a href="{{ option.url }}"{% if option.selected %} aria-current="true" '
    'class="facet__option facet__option--selected"{% else %} class="facet__option"{% endif %}>'
    '{% if option.selected %}<span class="visually-hidden">{% translate "Remove filter:" %} </span>'
    '{% endif %}{{ option.label }} <span class="facet__count">({{ option.count|local_number }})</span>'
    "</a></li>\n{% endfor %}"
)
OPTIONS = [
    FacetOption(value="VN", label="Việt Nam", count=1234, selected=True, url="?country=TH&page=2"),
    FacetOption(value="TH", label="ประเทศไทย", count=5, selected=False, url="?country=VN&country=TH"),
    FacetOption(value="x", label='Ports & "shipping" <b>', count=0, selected=False, url="?sector=ports"),
]


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_the_options_are_the_templates_markup_in_every_language(language):
    with translation.override(language):
        assert str(facet_options(OPTIONS)) == TEMPLATE.render(Context({"options": OPTIONS}))


def test_labels_and_addresses_are_escaped():
    html = str(facet_options(OPTIONS))

    assert "Ports &amp; &quot;shipping&quot; &lt;b&gt;" in html
    assert 'href="?country=TH&amp;page=2"' in html
