"""The search report: anonymous daily counts of searches, empty results and followed results."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from knowledge.factories import CaseStudyPageFactory
from portal.models import SearchQueryLog
from portal.search import stats
from portal.search.views import is_same_site_path

pytestmark = pytest.mark.django_db

REPORT = "/admin/search-report/"


@pytest.fixture
def content(case_study_index, terms):
    return CaseStudyPageFactory(
        parent=case_study_index,
        slug="pasig-bikes",
        title="Public bike sharing in Pasig",
        summary="Docking stations near schools and markets.",
        city=terms["city"]["pasig"],
    )


def user_in(group: str | None, name: str) -> Client:
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "a-long-password-1")
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def counts(**filters) -> tuple[int, int, int]:
    rows = SearchQueryLog.objects.filter(**filters)
    return (
        sum(row.searches for row in rows),
        sum(row.zero_results for row in rows),
        sum(row.clicks for row in rows),
    )


def test_searches_clicks_and_empty_results_show_in_the_report(client: Client, content):
    client.get("/en/search/", {"q": "Bike"})
    client.get("/en/search/", {"q": "bike  ", "scope": "practices"})
    client.get("/api/v1/knowledge", {"q": "BIKE"})
    client.get("/en/search/", {"q": "volcanic ash"})
    client.get("/th/search/", {"q": "volcanic ash"})
    client.get("/vi/search/", {"q": "xe đạp"})
    followed = client.get(
        "/en/search/click/", {"q": "bike", "c": "all", "to": "/en/case-studies/pasig-bikes/"}
    )
    assert followed.status_code == 302
    assert followed["Location"] == "/en/case-studies/pasig-bikes/"

    assert counts(query="bike", language="en") == (3, 0, 1)
    assert counts(query="bike", collection="knowledge") == (2, 0, 0)
    assert counts(query="volcanic ash") == (2, 2, 0)
    assert counts(query="xe dap", language="vi") == (1, 1, 0)

    html = user_in("Editors", "editor").get(REPORT, {"days": "7"}).content.decode()
    assert "Search report" in html
    top = html[html.index('id="report-top-queries"') : html.index('id="report-zero-results"')]
    assert top.index(">bike<") < top.index(">volcanic ash<")
    assert "<td>3</td><td>0</td><td>1</td><td>33%</td>" in top
    zero = html[html.index('id="report-zero-results"') :]
    assert ">volcanic ash<" in zero and ">xe dap<" in zero and ">bike<" not in zero
    languages = html[html.index('id="report-languages"') : html.index('id="report-top-queries"')]
    assert "Thai" in languages and "Vietnamese" in languages
    assert "<td>English</td><td>4</td><td>1</td><td>1</td><td>25%</td>" in languages

    thai_only = user_in("Editors", "editor2").get(REPORT, {"days": "30", "language": "th"}).content.decode()
    assert ">volcanic ash<" in thai_only and ">bike<" not in thai_only


def test_only_first_pages_of_settled_non_empty_queries_count(client: Client, content):
    client.get("/en/search/", {"q": "bike", "page": "2", "scope": "practices"})
    client.get("/en/search/", {"q": "bik"}, HTTP_X_REQUESTED_WITH="fetch", HTTP_X_SEARCH_TYPING="1")
    client.get("/en/search/", {"q": "   "})
    client.get("/api/v1/knowledge", {"q": ""})
    client.get("/api/v1/knowledge", {"q": "bike", "page": "2"})
    assert not SearchQueryLog.objects.exists()

    client.get("/en/search/", {"q": "bike"}, HTTP_X_REQUESTED_WITH="fetch")
    assert counts(query="bike") == (1, 0, 0)


def test_long_queries_are_cut_to_200_characters(content):
    stats.record_search("a" * 500, "en", "all", found=False)

    assert SearchQueryLog.objects.get().query == "a" * 200


def test_the_log_holds_no_personal_data():
    names = {field.name for field in SearchQueryLog._meta.get_fields()}

    assert names == {"id", "query", "language", "collection", "day", "searches", "zero_results", "clicks"}
    for personal in ("ip", "user", "session", "agent", "address", "email", "referer"):
        assert not any(personal in name for name in names)
    assert not any(field.is_relation for field in SearchQueryLog._meta.get_fields())


def test_a_failing_count_never_fails_the_search(client: Client, content, caplog):
    def disk_full(execute, sql, params, many, context):
        # The database refuses every write of a count, whatever statement the counter uses.
        if SearchQueryLog._meta.db_table in sql and not sql.lstrip().upper().startswith("SELECT"):
            raise DatabaseError("disk full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(disk_full), caplog.at_level(logging.ERROR, logger="portal.search.stats"):
        page = client.get("/en/search/", {"q": "bike"})
        answer = client.get("/api/v1/knowledge", {"q": "bike"})
        click = client.get("/en/search/click/", {"q": "bike", "to": "/en/case-studies/pasig-bikes/"})

    assert page.status_code == 200 and "Public bike sharing in Pasig" in page.content.decode()
    assert answer.status_code == 200 and answer.json()["count"] == 1
    assert click.status_code == 302
    assert len([record for record in caplog.records if record.exc_info]) == 3


def test_result_links_on_the_search_page_go_through_the_click_counter(client: Client, content):
    html = client.get("/en/search/", {"q": "bike"}).content.decode()

    assert 'href="/en/search/click/?q=bike&amp;c=all&amp;to=%2Fen%2Fcase-studies%2Fpasig-bikes%2F"' in html


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "http://evil.example",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
        "/%0a/evil.example".replace("%0a", "\n"),
    ],
)
def test_the_click_counter_never_redirects_elsewhere(client: Client, db, target):
    response = client.get("/en/search/click/", {"q": "bike", "to": target})

    assert response.status_code == 400
    assert "Location" not in response
    assert not SearchQueryLog.objects.exists()
    assert not is_same_site_path(target)


def test_same_site_paths_are_followed():
    assert is_same_site_path("/th/experts/somchai/")
    assert is_same_site_path("/en/case-studies/pasig-bikes/?from=search")


def test_the_report_needs_the_report_permission(client: Client, site):
    assert user_in("Editors", "editor").get(REPORT).status_code == 200
    assert user_in("Reviewers", "reviewer").get(REPORT).status_code == 403
    assert client.get(REPORT).status_code == 302  # to sign in


def test_the_search_menu_shows_the_report_to_editors_only(site):
    editor_home = user_in("Editors", "editor").get("/admin/").content.decode()
    reviewer_home = user_in("Reviewers", "reviewer").get("/admin/").content.decode()

    assert '"url": "/admin/search-report/"' in editor_home
    assert '"url": "/admin/snippets/portal/searchpick/"' in editor_home
    assert "/admin/search-report/" not in reviewer_home
    assert "/admin/snippets/portal/searchpick/" not in reviewer_home


def test_searches_are_counted_together_at_most_every_few_seconds(client: Client, content, settings):
    settings.SEARCH_COUNT_FLUSH_SECONDS = 3600
    stats.flush_counts()  # starts the interval now

    for _ in range(3):
        assert client.get("/api/v1/knowledge", {"q": "bike"}).status_code == 200
    client.get("/api/v1/knowledge", {"q": "no such thing"})

    assert not SearchQueryLog.objects.exists()  # nothing written in the searches' answers
    stats.flush_counts()
    assert counts(query="bike") == (3, 0, 0)
    assert counts(query="no such thing") == (1, 1, 0)


def test_counts_add_up_across_flushes_and_days(client: Client, content, settings):
    settings.SEARCH_COUNT_FLUSH_SECONDS = 3600
    stats.flush_counts()
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    SearchQueryLog.objects.create(
        query="bike", language="en", collection="knowledge", day=yesterday, searches=5, clicks=2
    )

    for _ in range(2):
        client.get("/api/v1/knowledge", {"q": "bike"})
    stats.flush_counts()
    client.get("/api/v1/knowledge", {"q": "Bike"})
    client.get("/api/v1/knowledge", {"q": "no such thing"})
    client.get("/en/search/click/", {"q": "bike", "c": "knowledge", "to": "/en/case-studies/pasig-bikes/"})
    stats.flush_counts()

    assert counts(query="bike", day=today) == (3, 0, 1)
    assert counts(query="bike", day=yesterday) == (5, 0, 2)  # another day's row is left alone
    assert counts(query="no such thing") == (1, 1, 0)


def test_hundreds_of_different_queries_are_counted_in_one_write(db, settings):
    settings.SEARCH_COUNT_FLUSH_SECONDS = 3600
    stats.flush_counts()
    for number in range(1_200):  # more than one batch of rows
        stats.record_search(f"query {number}", "th", "experts", found=number % 3 != 0)
    stats.record_search("query 7", "th", "experts", found=True)

    with CaptureQueriesContext(connection) as queries:
        stats.flush_counts()

    assert SearchQueryLog.objects.count() == 1_200
    assert counts(query="query 7") == (2, 0, 0)
    assert counts(query="query 9") == (1, 1, 0)
    assert counts() == (1_201, 400, 0)
    # One statement per batch of rows (and the transaction around them), not several per query.
    assert len(queries) < 10
