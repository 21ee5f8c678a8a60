"""Admin edit posts with incomplete or absurd StreamField data (issue 19, finding 9): a field
error the editor can act on and nothing saved, never a 500; well-formed posts still read."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from knowledge.models import CaseStudyPage
from portal.stream_posts import MAX_POSTED_BLOCKS

pytestmark = pytest.mark.django_db

MALFORMED = "This content could not be read: the form sent incomplete blocks."


def read(data: dict[str, str]):
    field = CaseStudyPage._meta.get_field("body_en").formfield()
    return field.clean(field.widget.value_from_datadict(data, {}, "body_en"))


def paragraph(index: int, text: str) -> dict[str, str]:
    return {
        f"body_en-{index}-type": "rich_text",
        f"body_en-{index}-deleted": "",
        f"body_en-{index}-order": str(index),
        f"body_en-{index}-id": "",
        f"body_en-{index}-value": f'{{"blocks":[{{"key":"a{index}","type":"unstyled","text":"{text}","depth":0,"inlineStyleRanges":[],"entityRanges":[]}}],"entityMap":{{}}}}',
    }


def test_a_well_formed_post_still_reads():
    value = read({"body_en-count": "2", **paragraph(0, "First"), **paragraph(1, "Second")})

    assert [block.block_type for block in value] == ["rich_text", "rich_text"]
    assert "Second" in str(value[1].value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body_en-count": "5", **paragraph(0, "Only one")}, MALFORMED),  # announces 5, sends 1
        ({"body_en-count": "500", **paragraph(0, "Only one")}, "more blocks than the 300"),
        ({"body_en-count": "2", **paragraph(0, "First")}, MALFORMED),  # the second is missing
        ({**paragraph(0, "No count")}, MALFORMED),
        ({"body_en-count": "many"}, MALFORMED),
        ({"body_en-count": "-3"}, MALFORMED),
        ({"body_en-count": str(MAX_POSTED_BLOCKS + 1)}, "more blocks than the 300"),
        ({"body_en-count": "1", **paragraph(0, "x"), "body_en-0-order": "first"}, MALFORMED),
    ],
)
def test_an_incomplete_or_absurd_post_is_a_field_error(data, message):
    with pytest.raises(ValidationError) as error:
        read(data)

    assert message in error.value.messages[0]


def test_the_admin_edit_view_answers_the_form_with_the_error_not_a_500(site, home_page, admin_user):
    page = CaseStudyPageFactory(
        parent=CaseStudyIndexPageFactory(parent=home_page), slug="count-check", title="Count check"
    )
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)

    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {"title_en": "Count check", "slug": "count-check", "body_en-count": "500", **paragraph(0, "Edited")},
    )

    assert response.status_code == 200
    assert "This content has more blocks than the 300 the portal accepts." in response.content.decode()
    page.refresh_from_db()
    assert "Edited" not in str(page.body_en)
