"""Image renditions: made by a task when an image is saved, prefetched by listings."""

import pytest
import wagtail_factories
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from wagtail.images import get_image_model

from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from portal.renditions import (
    BODY_IMAGE,
    CARD_IMAGE,
    TEMPLATE_RENDITIONS,
    generate_renditions,
    modern_formats,
    with_modern_formats,
)

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

    sizes = ",".join(spec.removeprefix("fill-") for spec in CARD_IMAGE)
    assert f'{{% picture_set item.card_image "fill-{{{sizes}}}" ' in card
    widths = ",".join(spec.removeprefix("width-") for spec in BODY_IMAGE)
    assert f'"width-{{{widths}}}"' in body


def test_this_pillow_writes_webp_and_the_declared_renditions_cover_every_format():
    assert "webp" in modern_formats()
    assert set(with_modern_formats(["width-480"])) == {
        "width-480",
        *(f"width-480|format-{f}" for f in modern_formats()),
    }
    assert set(with_modern_formats(CARD_IMAGE)) <= set(TEMPLATE_RENDITIONS)


def add_case_studies(index, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        image = wagtail_factories.ImageFactory(title=f"Card {number}")
        generate_renditions.call(image_id=image.pk)
        CaseStudyPageFactory(
            parent=index, title=f"Practice {number}", slug=f"practice-{number}", card_image=image
        )


def test_cards_offer_modern_formats_with_a_fallback_in_the_image_format(client: Client, case_study_index):
    image = wagtail_factories.ImageFactory(title="Card", file__width=1600, file__height=900)
    generate_renditions.call(image_id=image.pk)
    CaseStudyPageFactory(parent=case_study_index, title="Practice", slug="practice", card_image=image)
    renditions = {
        rendition.filter_spec: rendition for rendition in get_image_model().objects.get().renditions.all()
    }
    small, large = (renditions[spec] for spec in CARD_IMAGE)

    html = client.get("/en/case-studies/").content.decode()

    [tag] = [line for line in html.splitlines() if 'class="card__image"' in line]
    # The browser takes the first source it can show: AVIF, then WebP, then the <img>.
    for name in modern_formats():
        webp_small, webp_large = (renditions[f"{spec}|format-{name}"] for spec in CARD_IMAGE)
        assert f'<source type="image/{name}" srcset="{webp_small.url} 480w, {webp_large.url} 960w"' in tag
        assert webp_small.url.endswith(f".{name}")
    assert tag.index('type="image/webp"') < tag.index("<img")
    assert f'src="{small.url}" srcset="{small.url} 480w, {large.url} 960w"' in tag
    assert small.url.endswith(".jpg")  # the factory makes JPEG images: the fallback stays JPEG
    assert f'width="{small.width}"' in tag and 'alt=""' in tag
    assert 'loading="lazy"' in tag


def test_a_small_image_names_each_width_once(client: Client, case_study_index):
    add_case_studies(case_study_index, 1)  # the factory's images are 100 pixels wide

    html = client.get("/en/case-studies/").content.decode()

    [tag] = [line for line in html.splitlines() if 'class="card__image"' in line]
    assert tag.count(" 100w") == 1 + len(modern_formats())
    assert " 100w," not in tag


def test_a_page_hero_offers_every_width_in_modern_formats(client: Client, case_study_index):
    image = wagtail_factories.ImageFactory(title="Hero", file__width=1600, file__height=900)
    CaseStudyPageFactory(
        parent=case_study_index, title="Practice", slug="practice", card_image=image, card_image_alt="A hero"
    )

    html = client.get("/en/case-studies/practice/").content.decode()

    figure = html[html.index('<figure class="lead-image">') :]
    figure = figure[: figure.index("</figure>")]
    assert 'sizes="(max-width: 48rem) 100vw, 48rem"' in figure
    for name in modern_formats():
        assert f'<source type="image/{name}"' in figure
        assert f".width-1200.format-{name}.{name} 1200w" in figure
    assert ".width-480.jpg 480w" in figure and 'alt="A hero"' in figure


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


def test_a_lead_image_and_the_pages_json_ld_show_the_same_renditions_from_a_cold_or_warm_cache(
    client: Client, case_study_index
):
    image = wagtail_factories.ImageFactory(title="Hero", file__width=1600, file__height=900)
    generate_renditions.call(image_id=image.pk)
    CaseStudyPageFactory(parent=case_study_index, title="Practice", slug="practice", card_image=image)
    largest = image.renditions.get(filter_spec=BODY_IMAGE[-1])

    cold = client.get("/en/case-studies/practice/").content.decode()
    warm = client.get("/en/case-studies/practice/").content.decode()

    def figure(html: str) -> str:
        return html[html.index('<figure class="lead-image">') : html.index("</figure>")]

    assert figure(cold) == figure(warm)
    assert f"{largest.url} 1200w" in figure(warm)
    assert f'"image": "http://testserver{largest.url}"' in warm


def test_a_new_lead_image_shows_at_once(client: Client, case_study_index):
    first, second = (wagtail_factories.ImageFactory(title=title) for title in ("First", "Second"))
    page = CaseStudyPageFactory(parent=case_study_index, title="Practice", slug="practice", card_image=first)
    client.get("/en/case-studies/practice/")

    page.card_image = second
    page.save_revision().publish()

    html = client.get("/en/case-studies/practice/").content.decode()
    assert f'<img src="{second.get_rendition(BODY_IMAGE[0]).url}"' in html
    assert first.get_rendition(BODY_IMAGE[0]).url not in html
