"""The demo gives every seeded pair an action list with milestones, in four languages, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from knowledge.models import TwinningActionItem, TwinningPartnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_loaded_once, site):
    """The demo, loaded once for the module; each test's changes are rolled back (tests/conftest.py)."""


def test_every_seeded_pair_gets_published_items_milestones_and_experts(demo):
    for partnership in TwinningPartnership.objects.all():
        items = list(partnership.action_items.all())
        assert items and all(item.is_published for item in items), partnership.slug
        assert all(len(item.milestones) for item in items), partnership.slug
        assert all(item.title_vi and item.title_ind and item.title_th for item in items), partnership.slug
        assert partnership.experts.count() == 2, partnership.slug


def test_loading_again_updates_rather_than_duplicates(demo):
    before = TwinningActionItem.objects.count()
    extra = TwinningActionItem.objects.create(
        partnership=TwinningPartnership.objects.get(slug="pasig-taipei"),
        action_id=TwinningActionItem.objects.first().action_id,
        title="Added by an editor",
    )

    call_command("load_demo", stdout=StringIO())

    assert TwinningActionItem.objects.count() == before + 1
    assert TwinningActionItem.objects.filter(pk=extra.pk).exists()


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Emissions inventory of the industrial zones"),
        ("vi", "Kiểm kê phát thải các khu công nghiệp"),
        ("id", "Inventarisasi emisi kawasan industri"),
        ("th", "บัญชีการปล่อยมลพิษของนิคมอุตสาหกรรม"),
    ],
)
def test_demo_partnership_page_reads_in_each_language(demo, client: Client, language, title):
    html = client.get(f"/{language}/twinning/kitakyushu-haiphong/").content.decode()

    assert title in html
    assert '<time datetime="2015-08-01">' in html
