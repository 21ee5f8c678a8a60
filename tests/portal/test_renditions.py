"""Image renditions: made by a task when an image is saved, prefetched by listings."""

import pytest
import wagtail_factories
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from wagtail.images import get_image_model

from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from portal.renditions import BODY_IMAGE, CARD_IMAGE, TEMPLATE_RENDITIONS, generate_renditions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False
    translation.activate("en")
    # Wagtail keeps renditions in the cache by image id; ids come back after each test's rollback.
    cache.clear()


@pytest.fixture
def case_study_index(site, home_page):
    return CaseStudyIndexPageFactory(parent=home_page, slug="case-studies")


def renditions_of(image) -> set[str]:
    return set(image.renditions.values_list("filter_spec", flat=True))


def test_saving_an_image_makes_every_template_rendition(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = wagtail_factories.ImageFactory(title="Bike-sharing dock in Pasig")

    assert renditions_of(image) == set(TEMPLATE_RENDITIONS)


def test_the_task_keeps_renditions_already_made_and_skips_deleted_images():
    image = wagtail_factories.ImageFactory()
    generate_renditions.call(image_id=image.pk)
    made = set(image.renditions.values_list("pk", flat=True))

    assert generate_renditions.call(image_id=image.pk) == sorted(TEMPLATE_RENDITIONS)
    assert set(image.renditions.values_list("pk", flat=True)) == made
    image_id = image.pk
    image.delete()
    assert generate_renditions.call(image_id=image_id) == []


def test_the_templates_ask_for_the_declared_renditions():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    card = (root / "knowledge/templates/knowledge/includes/card.html").read_text()
    body = (root / "templates/blocks/image_block.html").read_text()

    assert f"{{% image item.card_image {CARD_IMAGE} " in card
    widths = ",".join(spec.removeprefix("width-") for spec in BODY_IMAGE)
    assert f"width-{{{widths}}}" in body


def add_case_studies(index, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        image = wagtail_factories.ImageFactory(title=f"Card {number}")
        generate_renditions.call(image_id=image.pk)
        CaseStudyPageFactory(
            parent=index, title=f"Practice {number}", slug=f"practice-{number}", card_image=image
        )


def test_cards_show_the_card_rendition(client: Client, case_study_index):
    add_case_studies(case_study_index, 1)
    rendition = get_image_model().objects.get().renditions.get(filter_spec=CARD_IMAGE)

    html = client.get("/en/case-studies/").content.decode()

    assert rendition.url in html
    [tag] = [line for line in html.splitlines() if 'class="card__image"' in line]
    assert f'src="{rendition.url}"' in tag
    assert f'width="{rendition.width}"' in tag
    assert 'loading="lazy"' in tag


def test_a_listing_makes_no_rendition_query_per_card(
    client: Client, case_study_index, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_case_studies(case_study_index, 2)
    client.get("/en/case-studies/")  # per-process caches (site root paths) warm up
    # Renditions also sit in the cache once made; a cold cache must not cost a query per card.
    cache.clear()
    with CaptureQueriesContext(connection) as two_cards:
        client.get("/en/case-studies/")
    add_case_studies(case_study_index, 4, start=2)
    cache.clear()

    with django_assert_max_num_queries(len(two_cards.captured_queries)):
        html = client.get("/en/case-studies/").content.decode()

    assert html.count('class="card__image"') == 6
    rendition_queries = [
        query["sql"] for query in two_cards.captured_queries if "wagtailimages_rendition" in query["sql"]
    ]
    assert len(rendition_queries) == 1
