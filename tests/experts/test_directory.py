import importlib
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from experts.factories import AccountFactory, ExpertFactory, UserFactory, expert_user
from experts.models import Expert, ExpertStatus
from knowledge.models import Action, City, Pollutant
from portal.filters import UnknownValue
from portal.search.text import fold, normalise

# The directory reads from the experts index: each test gets a fresh one, kept in step with saves.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed")]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def imported_sample(site):
    with pytest.raises(SystemExit):
        call_command("import_experts", str(Path("/work/shared/samples/experts.csv")))


def test_contract_country_filter_lists_the_vietnamese_expert(client: Client, imported_sample):
    response = client.get("/en/experts/?country=VN")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Phạm Thùy Linh" in html
    assert "Arief Hidayat" not in html


def test_archived_and_draft_experts_are_never_listed_or_shown(client: Client, imported_sample):
    draft = ExpertFactory(name="Draft Person", status=ExpertStatus.DRAFT)

    listing = client.get("/en/experts/").content.decode()

    assert "Retired Sample" not in listing
    assert "Draft Person" not in listing
    assert client.get("/en/experts/retired-sample/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_no_email_address_appears_on_public_pages(client: Client, imported_sample):
    pages = [client.get("/en/experts/"), client.get("/en/experts/?country=TH")]
    pages += [client.get(f"/{lang}/experts/pham-thuy-linh/") for lang in ("en", "vi", "id", "th")]

    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert "example.net" not in html
        assert not EMAIL.findall(html)


def test_filters_or_within_and_across_with_counts(client: Client, site):
    pm25, no2 = Pollutant.objects.get(slug="pm25"), Pollutant.objects.get(slug="no2")
    inventory = Action.objects.get(slug="emissions-inventory")
    ExpertFactory(
        name="Hanoi PM", city=City.objects.get(slug="hanoi"), pollutants=[pm25], actions=[inventory]
    )
    ExpertFactory(
        name="Bangkok NO2", city=City.objects.get(slug="bangkok"), pollutants=[no2], languages=["th"]
    )
    ExpertFactory(
        name="Jakarta PM", city=City.objects.get(slug="jakarta"), pollutants=[pm25], availability=["mentor"]
    )

    either = client.get("/en/experts/?country=VN&country=TH").content.decode()
    both = client.get("/en/experts/?pollutant=pm25&action=emissions-inventory").content.decode()
    language = client.get("/en/experts/?language=th").content.decode()
    mentor = client.get("/en/experts/?availability=mentor&organisation_type=civil-society").content.decode()

    assert "Hanoi PM" in either and "Bangkok NO2" in either and "Jakarta PM" not in either
    assert "Hanoi PM" in both and "Jakarta PM" not in both
    assert "Bangkok NO2" in language and "Hanoi PM" not in language
    assert "Jakarta PM" in mentor and "Hanoi PM" not in mentor
    # Disjunctive counts: with pm25 chosen, the pollutant facet still counts NO2 (1) and PM2.5 (2).
    response = client.get("/en/experts/?pollutant=pm25")
    facets = {
        facet.name: {o.value: o.count for o in facet.options} for facet in response.context["result"].facets
    }
    assert facets["pollutant"] == {"pm25": 2, "no2": 1}
    assert facets["country"] == {"VN": 1, "ID": 1}
    assert response.context["result"].total == 2


def test_unknown_filter_values_give_a_note_not_an_error(client: Client, site):
    ExpertFactory(name="Someone")

    response = client.get("/en/experts/?country=XX&theme=<script>&page=999&language=zz")

    assert response.status_code == 200
    html = response.content.decode()
    assert "were not recognised" in html
    assert "<script>" not in html
    assert UnknownValue("theme", "<script>") in response.context["unknown"]


def test_directory_paginates(client: Client, site):
    for number in range(25):
        ExpertFactory(name=f"Person {number:02d}")

    first = client.get("/en/experts/")
    second = client.get("/en/experts/?page=2")

    assert len(first.context["cards"]) == 20
    assert len(second.context["cards"]) == 5
    assert 'rel="next"' in first.content.decode()


def test_directory_is_in_the_main_navigation_in_every_language(client: Client, site):
    for language in ("en", "vi", "id", "th"):
        assert f'href="/{language}/experts/"' in client.get(f"/{language}/").content.decode()


def test_members_see_member_only_fields_visitors_do_not(client: Client, site):
    expert = ExpertFactory(
        name="Private Person",
        skills=["dispersion modelling"],
        nominated_by="Ministry of Natural Resources and Environment",
        public_fields=["nominated_by"],
    )
    visitor_html = client.get(expert.get_absolute_url()).content.decode()
    member = AccountFactory().user
    client.force_login(member)
    member_html = client.get(expert.get_absolute_url()).content.decode()

    assert "Ministry of Natural Resources and Environment" in visitor_html
    assert "dispersion modelling" not in visitor_html
    assert "Works on monitoring networks" not in visitor_html
    assert "dispersion modelling" in member_html
    assert "Works on monitoring networks" in member_html
    assert expert.email not in member_html
    assert "Contact this expert" in member_html


def test_pending_members_are_not_members(client: Client, site):
    expert = ExpertFactory(skills=["hidden skill"], public_fields=[])
    pending = AccountFactory(status="pending").user
    client.force_login(pending)

    assert "hidden skill" not in client.get(expert.get_absolute_url()).content.decode()


def test_unpublished_profile_is_visible_to_its_owner_and_editors_only(client: Client, site):
    draft = ExpertFactory(status=ExpertStatus.IN_REVIEW)
    owner = expert_user(draft)
    other = expert_user(ExpertFactory())
    editor = UserFactory(is_staff=True, is_superuser=True)

    client.force_login(other)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(owner)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_biography_written_around_the_model_is_still_cleaned_on_output(client: Client, site):
    expert = ExpertFactory()
    type(expert).objects.filter(pk=expert.pk).update(biography_en='<p>ok</p><script>alert("x")</script>')

    html = client.get(expert.get_absolute_url()).content.decode()

    assert "<p>ok</p>" in html
    assert 'alert("x")' not in html


def test_public_profile_is_visitor_safe_and_prefetched(site, django_assert_num_queries):
    from experts.selectors import member_only_fields, public_profile, published_experts

    ExpertFactory(name="Open", skills=["GIS"], public_fields=["skills", "biography"])
    ExpertFactory(name="Closed", skills=["CMAQ"], public_fields=[])
    ExpertFactory(name="Hidden draft", status=ExpertStatus.DRAFT)

    with django_assert_num_queries(5):
        documents = {data["name"]: data for data in (public_profile(expert=e) for e in published_experts())}

    assert set(documents) == {"Open", "Closed"}
    assert documents["Open"]["skills"] == ["GIS"]
    assert "skills" not in documents["Closed"] and "biography" not in documents["Closed"]
    assert all("email" not in data and "@" not in str(data) for data in documents.values())
    assert documents["Open"]["country"] == "VN"
    closed = published_experts().get(name="Closed")
    assert "skills" in member_only_fields(expert=closed)


def test_directory_queries_do_not_grow_with_the_directory(
    client: Client, site, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pm25 = Pollutant.objects.get(slug="pm25")
    for number in range(3):
        ExpertFactory(name=f"Early {number}", pollutants=[pm25])
    with CaptureQueriesContext(connection) as few:
        client.get("/en/experts/?pollutant=pm25")
    for number in range(40):
        ExpertFactory(name=f"Later {number:02d}", pollutants=[pm25])

    # Matching, counts and paging come from the index; the database loads the page's 20 experts.
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/en/experts/?pollutant=pm25")

    assert response.context["result"].total == 43
    assert len(response.context["cards"]) == 20
    assert [display.name for _expert, display in response.context["cards"]][:2] == ["Early 0", "Early 1"]


def test_a_card_marks_a_position_shown_in_english_as_english(client: Client, site):
    ExpertFactory(
        name="Nguyen Thi Lan",
        position="Air quality officer",
        position_vi="Cán bộ chất lượng không khí",
        organisation="Hanoi Department of Natural Resources and Environment",
    )

    html = client.get("/vi/experts/").content.decode()

    # Screen readers read the Vietnamese title as Vietnamese and the English fallback as English.
    assert "<span>Cán bộ chất lượng không khí</span>" in html
    assert '<span lang="en">Hanoi Department of Natural Resources and Environment</span>' in html
    assert (
        'lang="en"' not in client.get("/en/experts/").content.decode().split('<ul class="expert-cards">')[1]
    )


def test_filter_labels_are_cached_until_a_term_or_city_changes(
    client: Client, site, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hanoi = City.objects.get(slug="hanoi")
    ExpertFactory(name="Hanoi Person", city=hanoi)
    with CaptureQueriesContext(connection) as first:
        client.get("/en/experts/")

    # Six small tables (countries, cities, four vocabularies) are not read on every page.
    with django_assert_max_num_queries(len(first.captured_queries) - 6):
        html = client.get("/en/experts/?page=1").content.decode()
    assert "Hanoi" in html

    hanoi.name_en = "Ha Noi Capital"
    hanoi.save()
    assert "Ha Noi Capital" in client.get("/en/experts/").content.decode()

    action = Action.objects.order_by("slug").first()
    action.name_en = "A renamed action"
    action.save()
    ExpertFactory(name="Acting Person", city=hanoi, actions=[action])
    assert "A renamed action" in client.get("/en/experts/").content.decode()


def test_directory_and_profile_queries_once_the_content_cache_is_warm(
    client: Client, site, django_assert_max_num_queries
):
    expert = ExpertFactory(name="Counted Person", pollutants=[Pollutant.objects.get(slug="pm25")])
    client.get("/en/experts/")
    client.get(expert.get_absolute_url())

    # The page's experts and their terms (one query); filter labels and the menu are cached.
    with django_assert_max_num_queries(2):
        assert client.get("/en/experts/?pollutant=pm25").status_code == 200
    # The expert, their terms (one query), the pages of three types that name the expert.
    with django_assert_max_num_queries(5):
        assert client.get(expert.get_absolute_url() + "?visit=2").status_code == 200


def test_the_speaks_filter_lists_languages_by_name_in_the_readers_language(client: Client, site):
    for number, languages in enumerate((["vi"], ["en", "zh"], ["th"], ["id", "en"])):
        ExpertFactory(name=f"Speaker {number}", languages=languages)

    response = client.get("/en/experts/")
    (speaks,) = [facet for facet in response.context["result"].facets if facet.name == "language"]

    # The same order in every worker process (the codes were a set, read in its hash order).
    assert [option.label for option in speaks.options] == [
        "Chinese",
        "English",
        "Indonesian",
        "Thai",
        "Vietnamese",
    ]
    assert [option.count for option in speaks.options] == [1, 2, 1, 1, 1]


def test_every_directory_page_lists_names_in_order_as_experts_are_renamed_added_and_removed(
    client: Client, site
):
    # Long shared beginnings and repeats: later pages are read by a coarser order key first.
    names = [f"Nguyễn Thị Lan {number}" for number in range(18)]
    names += ["Siti Nurhaliza", "Siti Nurhaliza", "Đặng Văn Quang", "Émile Zola", "สมชาย ใจดี", "เวียง ทอง"]
    experts = [ExpertFactory(name=name) for name in names]

    def listed(language: str) -> list[str]:
        name_of = dict(Expert.objects.values_list("pk", "name"))
        return [
            name_of[card.pk]
            for page in (1, 2)
            for card, _display in client.get(f"/{language}/experts/?page={page}").context["cards"]
        ]

    def in_name_order(names: list[str]) -> list[str]:
        return sorted(names, key=lambda name: fold(normalise(name)).encode())

    for language in ("en", "vi", "id", "th"):
        assert listed(language) == in_name_order(names)

    experts[3].name = "Zoë Ng"
    experts[3].save()
    ExpertFactory(name="Nguyễn Thị Lan 305")
    experts[7].delete()
    now = [*(expert.name for expert in experts if expert is not experts[7]), "Nguyễn Thị Lan 305"]
    assert listed("en") == in_name_order(now)
    assert listed("en")[-3:] == ["Zoë Ng", "สมชาย ใจดี", "เวียง ทอง"]


def _filter_panel(response) -> str:
    html = response.content.decode()
    return html.split('<details class="filter-panel"')[1].split('<section class="directory__results"')[0]


def test_pages_of_one_filter_set_share_one_filter_panel(client: Client, site, monkeypatch):
    # The module, not the function of the same name the package re-exports.
    directory = importlib.import_module("experts.selectors.directory")
    pm25 = Pollutant.objects.get(slug="pm25")
    for number in range(25):
        ExpertFactory(name=f"Paged {number:02d}", pollutants=[pm25])
    built = []
    build_facets = directory.build_facets
    monkeypatch.setattr(
        directory, "build_facets", lambda *args, **kwargs: built.append(1) or build_facets(*args, **kwargs)
    )

    first = client.get("/en/experts/?pollutant=pm25")
    second = client.get("/en/experts/?pollutant=pm25&page=2")

    # The panel's options and links are built for the first page and shown again on the second.
    assert len(built) == 1
    assert _filter_panel(first) == _filter_panel(second)
    assert 'href="?pollutant=pm25&amp;page=2"' in first.content.decode()
    assert "Paged 24" in second.content.decode() and "Paged 24" not in first.content.decode()


def test_the_filter_panel_shows_a_renamed_city_or_term_and_a_new_expert_at_once(client: Client, site):
    hanoi = City.objects.get(slug="hanoi")
    action = Action.objects.order_by("slug").first()
    ExpertFactory(name="Hanoi Person", city=hanoi, actions=[action])
    assert (
        f'?city=hanoi" class="facet__option">{hanoi.name_en} <span class="facet__count">(1)</span>'
        in _filter_panel(client.get("/en/experts/"))
    )

    hanoi.name_en = "Ha Noi Capital"
    hanoi.save()
    assert "Ha Noi Capital" in _filter_panel(client.get("/en/experts/?page=2"))

    action.name_en = "A renamed action"
    action.save()
    assert "A renamed action" in _filter_panel(client.get("/en/experts/?page=3"))

    # An expert saved is in the index at once; the counts the panel shows follow.
    ExpertFactory(name="Second Hanoi Person", city=hanoi)
    assert (
        '?city=hanoi" class="facet__option">Ha Noi Capital <span class="facet__count">(2)</span>'
        in _filter_panel(client.get("/en/experts/?page=4"))
    )


def test_filter_links_keep_a_pages_other_parameters_only_on_that_page(client: Client, site):
    ExpertFactory(name="Hanoi Person", city=City.objects.get(slug="hanoi"))

    tracked = _filter_panel(client.get("/en/experts/?city=hanoi&utm_source=newsletter"))
    plain = _filter_panel(client.get("/en/experts/?city=hanoi"))

    # Links carry what the reader's address carried, and a panel seen with it is not reused.
    assert 'href="?utm_source=newsletter" aria-current="true"' in tracked
    assert 'href="?" aria-current="true"' in plain and "utm_source" not in plain


def test_a_profile_is_read_in_one_statement_and_shows_its_city(
    client: Client, site, django_assert_max_num_queries
):
    """The profile's expert by one compiled statement (no join of its account), its terms in one,
    the pages naming it in one; its city and country from the cached rows."""
    hanoi = City.objects.get(slug="hanoi")
    expert = ExpertFactory(name="Profile Person", city=hanoi)
    client.get(f"/en/experts/{expert.slug}/")
    with django_assert_max_num_queries(3):
        html = client.get(f"/en/experts/{expert.slug}/?visit=2").content.decode()
    assert "Profile Person" in html and str(hanoi.name) in html
    assert client.get("/en/experts/no-such-expert/").status_code == 404


def test_a_crawl_of_many_filter_sets_leaves_the_menu_and_labels_in_the_process(
    client: Client, site, monkeypatch
):
    """Each filter set keeps a panel of its own; a crawler walking thousands of them must not push
    the entries every page reads (menu, site, filter labels) out of the worker, which would then
    read them from Redis again. Small stores make the crawl short: the rule is the same at 512."""
    from portal import content_cache

    ExpertFactory(name="Crawled Person", pollutants=[Pollutant.objects.get(slug="pm25")])
    monkeypatch.setattr(content_cache, "_apart", {})
    monkeypatch.setattr(content_cache, "APART_LIMIT", 2)
    slugs = list(Pollutant.objects.order_by("slug").values_list("slug", flat=True))
    # One page of each kind first: what any filtered page reads is in the process now.
    for first in ("/en/experts/", f"/en/experts/?pollutant={slugs[0]}", "/en/experts/?country=VN"):
        assert client.get(first).status_code == 200
    # Room for it and two more entries, fewer than the filter sets crawled below.
    monkeypatch.setattr(content_cache._process, "limit", len(content_cache._process.entries) + 2)
    reads = []
    real_get = content_cache.cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(content_cache.cache, "get", counting_get)
    monkeypatch.setattr(content_cache.cache, "get_many", lambda keys, *a, **k: reads.extend(keys) or {})

    crawl = [f"pollutant={slug}" for slug in slugs[1:]] + [f"pollutant={slug}&country=VN" for slug in slugs]
    assert len(crawl) > 6
    for filter_set in crawl:
        assert client.get(f"/en/experts/?{filter_set}").status_code == 200

    # Each page read the version and its own filter set's panel: nothing the pages share.
    shared = [key for key in reads if key != content_cache.CONTENT_VERSION_KEY]
    assert shared and all("fragment:directory-filters:" in key for key in shared), shared
