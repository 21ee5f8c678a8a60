"""The experts index: a rebuild reads plain rows, and must write exactly what to_document() makes
of each expert (the path every single-expert update takes), in the same order."""

from __future__ import annotations

import pytest
from modeltranslation.utils import build_localized_fieldname

from experts.factories import ExpertFactory
from experts.models import ExpertStatus
from experts.search import ExpertDocuments
from knowledge.models import Action, City, Pollutant, Sector, Theme
from portal.search.documents import get_document_type

pytestmark = pytest.mark.django_db


def _experts() -> None:
    themes = list(Theme.objects.order_by("slug")[:3])
    # Sort order first, then slug: a term listed later by slug comes first here.
    Theme.objects.filter(pk__in=[theme.pk for theme in themes]).update(sort_order=5)
    Theme.objects.filter(pk=themes[-1].pk).update(sort_order=1)
    ExpertFactory(
        name="Nguyễn Thị Lan",
        city=City.objects.get(slug="hanoi"),
        position_vi="Kỹ sư chất lượng không khí",
        organisation_vi="Sở Tài nguyên và Môi trường",
        biography_vi="<p>Quan trắc <b>bụi mịn</b> PM2.5.</p>",
        languages=["vi", "en"],
        skills=["Emission inventories", "GIS"],
        availability=["mentor", "review"],
        photo="experts/photos/lan.jpg",
        themes=themes,
        pollutants=list(Pollutant.objects.order_by("slug")[:2]),
        sectors=list(Sector.objects.order_by("slug")[:1]),
        actions=list(Action.objects.order_by("slug")[:4]),
    )
    ExpertFactory(
        name="สมชาย วงศ์สวัสดิ์",
        position="",
        position_th="วิศวกรคุณภาพอากาศ",
        organisation_th="กรมควบคุมมลพิษ",
        biography="",
        biography_th="<p>ฝุ่นละออง PM2.5 ในกรุงเทพมหานคร</p>",
        languages=["th"],
        # Photo, biography, skills and availability kept for members: none of them in the index.
        public_fields=["links"],
        photo="experts/photos/somchai.jpg",
        skills=["Air quality modelling"],
        availability=["advise"],
        actions=list(Action.objects.order_by("-slug")[:2]),
    )
    ExpertFactory(
        name="Arief Santoso",
        organisation_type="",
        **{build_localized_fieldname("organisation", "id"): "Universitas Indonesia"},
    )
    # Names that sort together: the order is name, then id.
    ExpertFactory(name="Arief Santoso", photo="", languages=[])
    ExpertFactory(name="Draft Expert", status=ExpertStatus.DRAFT)
    ExpertFactory(name="Archived Expert", status=ExpertStatus.ARCHIVED)


def test_a_rebuild_writes_what_to_document_makes_of_each_published_expert():
    _experts()
    document_type = get_document_type("experts")
    assert isinstance(document_type, ExpertDocuments)

    expected = [document_type.to_document(expert) for expert in document_type.indexable_objects()]
    rebuilt = list(document_type.documents())

    assert rebuilt == expected
    assert [document["name"] for document in rebuilt] == [
        "Arief Santoso",
        "Arief Santoso",
        "Nguyễn Thị Lan",
        "สมชาย วงศ์สวัสดิ์",
    ]
    lan = rebuilt[2]
    # The address of the view that checks who may see it (experts/photos.py), never /media/.
    assert lan["photo"] == "/photos/experts/lan.jpg"
    assert lan["position_vi"] == "Kỹ sư chất lượng không khí"
    assert lan["biography_vi"].startswith("Quan trắc bụi mịn")
    assert lan["theme"][0] == Theme.objects.order_by("slug")[2].slug
    somchai = rebuilt[3]
    assert somchai["photo"] == ""
    assert "biography_th" not in somchai
    assert somchai["availability"] == []
    assert "Air quality modelling" not in somchai["expertise"]


def test_a_rebuild_reads_experts_a_chunk_at_a_time(monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr("experts.search.ROWS_PER_QUERY", 2)
    _experts()
    document_type = get_document_type("experts")
    expected = [document_type.to_document(expert) for expert in document_type.indexable_objects()]

    # Ids; cities; four vocabularies; then per chunk of two: the rows and four relations.
    with django_assert_max_num_queries(1 + 1 + 4 + 2 * 5):
        rebuilt = list(document_type.documents())

    assert rebuilt == expected
