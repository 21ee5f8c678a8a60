"""A translator works in one language at a time: the page editor has a tab per language, holding
that language's title and texts, while English and the untranslated fields stay on "Content".
Saving from the tabs is the same form as before (tests/knowledge/test_translator_forms.py and
test_workflow.py post it)."""

import re

import pytest
from django.test import Client

from knowledge.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


def tabs(html: str) -> dict[str, str]:
    """``{tab label: the tab's panel HTML}`` of a Wagtail edit page."""
    labels = dict(re.findall(r'<a id="tab-label-([\w-]+)" href="#tab-[\w-]+"[^>]*>\s*([^<]+?)\s*<div', html))
    starts = [
        (match.start(), match.group(1))
        for match in re.finditer(r'<section\s+id="tab-([\w-]+)"\s+class="[^"]*w-tabs__panel', html)
    ]
    bodies = {}
    for position, (start, slug) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(html)
        bodies[labels.get(slug, slug)] = html[start:end]
    return bodies


def test_each_translation_language_has_its_own_tab(client: Client, admin_user, case_study_index):
    client.force_login(admin_user)
    page = CaseStudyPageFactory(parent=case_study_index)

    sections = tabs(client.get(f"/admin/pages/{page.pk}/edit/").content.decode())

    assert list(sections)[:4] == ["Content", "Vietnamese", "Bahasa Indonesia", "Thai"], list(sections)
    content, thai = sections["Content"], sections["Thai"]
    assert 'name="title_en"' in content and 'name="summary_en"' in content and 'name="city"' in content
    assert 'name="title_th"' not in content and 'name="summary_vi"' not in content
    assert 'name="title_th"' in thai and 'name="summary_th"' in thai and 'name="lessons_learned_th"' in thai
    assert 'name="summary_vi"' not in thai and 'name="city"' not in thai
    assert 'name="summary_ind"' in sections["Bahasa Indonesia"]
