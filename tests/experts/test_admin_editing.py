"""What an editor sees when editing an expert in the admin and reviewing a profile change."""

import json
import re

import pytest
from django.test import Client
from django.utils import translation
from wagtail.actions.edit import EditAction

from experts import services
from experts.factories import ExpertFactory, UserFactory, expert_user
from experts.wagtail_hooks import ExpertViewSet
from knowledge.models import Theme
from tests.experts.moderation import compare_url, comparison

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(site):
    return UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def expert(site):
    return ExpertFactory(
        name="Maria Santos",
        skills=["CMAQ", "Low-cost sensors"],
        languages=["en", "tl"],
        links=["https://example.org/paper.pdf"],
        availability=["mentor"],
        biography="<p>Runs <strong>Manila</strong> sensors.</p>",
    )


def admin_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def test_the_expert_form_shows_rows_ticks_and_rich_text_instead_of_json(editor, expert):
    page = admin_client(editor).get(f"/admin/snippets/experts/expert/edit/{expert.pk}/").content.decode()
    # Lists as rows of inputs with a label each, plus empty rows to add more.
    assert re.search(
        r'<label for="id_skills_0">Skill 1</label>\s*<input type="text" name="skills" id="id_skills_0" value="CMAQ">',
        page,
    )
    assert 'name="skills" id="id_skills_2" value=""' in page
    assert 'type="url" name="links" id="id_links_0" value="https://example.org/paper.pdf"' in page
    # Languages and availability ticked by name; no JSON anywhere.
    assert re.search(r'value="tl" id="id_languages_\d+" checked>\s*Tagalog</label>', page)
    assert re.search(r'value="mentor" id="id_availability_0" checked>\s*Mentor a twinning</label>', page)
    assert "[&quot;CMAQ&quot;" not in page and '["CMAQ"' not in page
    # The biography in each language is a Draftail editor, labelled with the language's name.
    assert page.count("data-w-init-target") or "Draftail" in page
    assert "Biography (Bahasa Indonesia)" in page and "[ind]" not in page


def _form(expert, **changes):
    form_class = ExpertViewSet().get_edit_handler().get_form_class()
    data = {
        "name": expert.name,
        "email": expert.email,
        "slug": expert.slug,
        "status": expert.status,
        "city": expert.city.pk,
        "organisation_type": expert.organisation_type,
        "skills": ["CMAQ"],
        "languages": ["en"],
        "links": [],
        "availability": [],
        "public_fields": ["biography"],
    }
    data.update(changes)
    from django.http import QueryDict

    post = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            post.setlist(key, value)
        else:
            post[key] = value
    return form_class(post, instance=expert, for_user=None)


def contentstate(text: str, bold: tuple[int, int] | None = None) -> str:
    styles = [{"offset": bold[0], "length": bold[1], "style": "BOLD"}] if bold else []
    block = {"key": "a1b2c", "text": text, "type": "unstyled", "depth": 0, "inlineStyleRanges": styles}
    return json.dumps({"blocks": [{**block, "entityRanges": [], "data": {}}], "entityMap": {}})


def test_rows_and_ticks_save_as_lists_and_rich_text_as_clean_html(editor, expert):
    form = _form(
        expert,
        skills=[" GIS ", "", "CMAQ", "GIS"],
        languages=["en", "lo"],
        links=["https://example.org/a", ""],
        availability=["train", "advise"],
        biography_en=contentstate("Leads the network.", bold=(0, 5)),
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.skills == ["GIS", "CMAQ"]
    assert saved.languages == ["en", "lo"]
    assert saved.links == ["https://example.org/a"]
    assert saved.availability == ["train", "advise"]
    assert saved.biography_en == "<p><b>Leads</b> the network.</p>"  # sanitised: no data-block-key


def test_a_link_that_is_not_a_web_address_is_refused(editor, expert):
    form = _form(expert, links=["javascript:alert(1)"])
    assert not form.is_valid()
    assert "is not a web address starting with http:// or https://." in str(form.errors["links"])


def test_the_review_of_a_change_shows_words_not_internals(editor, expert):
    user = expert_user(expert)
    theme = Theme.objects.first()
    services.submit_profile_revision(
        expert=expert,
        user=user,
        data={
            "position_en": expert.position_en,  # unchanged: not listed
            "organisation_type": expert.organisation_type,  # unchanged
            "biography_vi": "<p>Vận hành <strong>mạng cảm biến</strong>.</p><ul><li>PM2.5</li></ul>",
            "languages": ["en", "tl", "lo"],
            "skills": ["CMAQ", "Low-cost sensors", "WRF"],
            "themes": [theme.slug],
            "city": expert.city.slug,  # unchanged
            "public_fields": ["biography", "skills"],
        },
    )
    client = admin_client(editor)
    # The queue leads to Wagtail's comparison of the draft with the live profile.
    assert compare_url(expert) in client.get("/admin/expert-moderation/").content.decode()

    changed = comparison(client, compare_url(expert))

    # Hiding optional fields took effect at once (the expert's right), so it waits for nobody.
    assert set(changed) == {"Biography (Vietnamese)", "Languages spoken", "Skills", "Themes"}, changed
    # The biography as the text a reader reads: no tags the expert could have typed.
    assert "Vận hành mạng cảm biến." in changed["Biography (Vietnamese)"]
    assert "PM2.5" in changed["Biography (Vietnamese)"]
    assert changed["Languages spoken"] == "English, Tagalog English, Tagalog, Lao"
    assert changed["Skills"] == "CMAQ, Low-cost sensors CMAQ, Low-cost sensors, WRF"
    assert changed["Themes"] == f"— {theme.name}"
    text = " ".join(changed.values())
    for internal in ("biography_vi", "position_en", "None", "['", "&lt;p&gt;", "&lt;strong&gt;", "tl,"):
        assert internal not in text, internal

    with translation.override("th"):
        thai = client.get(compare_url(expert), HTTP_ACCEPT_LANGUAGE="th")
    assert thai.status_code == 200


def test_an_editors_draft_keeps_its_expertise_until_it_is_published(editor, expert):
    theme = Theme.objects.get(slug="raising-climate-ambition")
    form = _form(expert, themes=[str(theme.pk)])
    assert form.is_valid(), form.errors

    # What the admin's "Save draft" does.
    EditAction(form.instance, user=editor, form=form).execute(skip_permission_checks=True)

    expert.refresh_from_db()
    assert theme not in expert.themes.all() and expert.has_unpublished_changes  # readers: unchanged
    draft = expert.latest_revision.as_object()
    assert draft.revision_expertise["themes"] == [theme.slug]
    # Opened again, the admin shows the draft's terms, not the live ones.
    reopened = ExpertViewSet().get_edit_handler().get_form_class()(instance=draft, for_user=editor)
    assert list(reopened.initial["themes"]) == [theme]

    expert.latest_revision.publish(user=editor)

    expert.refresh_from_db()
    assert list(expert.themes.all()) == [theme] and not expert.has_unpublished_changes
