"""The editors' "Missing translations" report in the Wagtail admin (Reports menu)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from experts.factories import AccountFactory, ExpertFactory
from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory, translations
from knowledge.models import City, Theme

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/missing-translations/"
EVERY_LANGUAGE = {"en": "Case studies", "vi": "Nghiên cứu điển hình", "id": "Studi kasus", "th": "กรณีศึกษา"}


def user_in(group: str | None, name: str, *, admin_access: bool = False) -> Client:
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "a-long-password-1")
    if group:
        user.groups.add(Group.objects.get(name=group))
    if admin_access:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def gaps(home_page):
    """A page without its Thai title, a theme without its Thai name, a city without its
    Vietnamese name and a published expert whose biography is in English only."""
    index = CaseStudyIndexPageFactory(parent=home_page, **translations("title", EVERY_LANGUAGE))
    page = CaseStudyPageFactory(
        parent=index,
        slug="jakarta-car-free-day",
        period="",
        **translations("title", {"en": "Car-free day in Jakarta", "vi": "Ngày không xe", "id": "Hari bebas"}),
        **translations("summary", {"en": "Sundays.", "vi": "Chủ nhật.", "id": "Minggu.", "th": "วันอาทิตย์"}),
    )
    theme = Theme.objects.get(slug="raising-climate-ambition")
    theme.name_th = ""
    theme.save()
    city = City.objects.get(slug="surabaya")
    city.name_vi = ""
    city.save()
    expert = ExpertFactory(
        name="Rina Wulandari",
        **translations("position", {"en": "", "vi": "", "id": "", "th": ""}),
        **translations("organisation", {"en": "", "vi": "", "id": "", "th": ""}),
        **translations("biography", {"en": "<p>Runs Surabaya's monitoring network.</p>"}),
    )
    return {"page": page, "theme": theme, "city": city, "expert": expert}


def rows(html: str) -> dict[str, str]:
    """Title → that table row's HTML."""
    if '<table class="listing">' not in html:
        return {}
    table = html[html.index('<table class="listing">') :]
    body = table[table.index("<tbody") : table.index("</tbody>")]
    found = {}
    for row in re.findall(r"<tr.*?</tr>", body, flags=re.S):
        title = re.search(r'<a href="[^"]*"[^>]*>\s*(.*?)\s*</a>', row, flags=re.S)
        if title:
            found[title.group(1)] = row
    return found


def test_editors_see_what_is_missing_with_links_to_edit_it(gaps):
    editor = user_in("Editors", "editor")

    response = editor.get(REPORT)

    assert response.status_code == 200
    listed = rows(response.content.decode())
    assert "Thai: title" in listed["Car-free day in Jakarta"]
    assert "Thai: name" in listed["Raising climate ambition"]
    assert "Vietnamese: name" in listed["Surabaya"]
    expert_row = listed["Rina Wulandari"]
    assert "Vietnamese: biography" in expert_row and "Thai: biography" in expert_row
    assert "Case studies" not in listed  # translated in every language
    assert f'href="/admin/pages/{gaps["page"].pk}/edit/"' in listed["Car-free day in Jakarta"]


def test_each_link_opens_the_edit_view(gaps):
    editor = user_in("Editors", "editor")
    html = editor.get(REPORT).content.decode()

    links = [re.search(r'<a href="([^"]+)"', row).group(1) for row in rows(html).values()]

    assert len(links) >= 4
    for link in links:
        assert editor.get(link).status_code == 200, link


def test_missing_in_thai_narrows_the_list(gaps):
    editor = user_in("Editors", "editor")

    listed = rows(editor.get(REPORT, {"language": "th"}).content.decode())

    assert {"Car-free day in Jakarta", "Raising climate ambition", "Rina Wulandari"} <= set(listed)
    assert "Surabaya" not in listed  # only its Vietnamese name is missing
    assert "Vietnamese" not in listed["Rina Wulandari"]


def test_the_kind_filter_shows_one_kind(gaps):
    editor = user_in("Editors", "editor")

    listed = rows(editor.get(REPORT, {"kind": "expert"}).content.decode())

    assert list(listed) == ["Rina Wulandari"]


def test_the_filtered_results_fragment_answers_too(gaps):
    editor = user_in("Editors", "editor")

    response = editor.get(REPORT + "results/", {"language": "vi", "kind": "place"})

    assert response.status_code == 200
    assert list(rows(response.content.decode())) == ["Surabaya"]


def test_non_editors_are_denied(gaps, client: Client):
    member = Client()
    member.force_login(AccountFactory().user)

    assert client.get(REPORT).status_code == 302  # to sign in
    assert member.get(REPORT).status_code == 302  # no admin access: to sign in
    assert user_in(None, "clerk", admin_access=True).get(REPORT).status_code == 403
    assert user_in("Editors", "editor").get(REPORT).status_code == 200


def test_the_reports_menu_offers_the_report_to_editors_only(site):
    editor_home = user_in("Editors", "editor").get("/admin/").content.decode()
    clerk_home = user_in(None, "clerk", admin_access=True).get("/admin/").content.decode()

    assert f'"url": "{REPORT}"' in editor_home
    assert REPORT not in clerk_home
