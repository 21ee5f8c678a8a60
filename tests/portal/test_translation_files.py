"""A page's texts go out to a translator as a PO or XLIFF file and come back as a draft revision:
every English text beside its translation, keyed so the file can come back in any order, and
nothing saved when the file does not fit the page as it is now."""

import polib
import pytest
from defusedxml import ElementTree
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from experts.factories import UserFactory
from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory, translations
from portal.translation_files import PO, XLIFF, TranslationFileError, export_file, import_file
from portal.translation_sources import stale_translations

pytestmark = pytest.mark.django_db
TITLES = {"en": "Bangkok's kilns", "vi": "Lò gạch Bangkok", "id": "Tungku Bangkok", "th": "เตาเผาอิฐกรุงเทพฯ"}
BODY = [
    {"type": "rich_text", "value": "<p>Kilns were <b>rebuilt</b>.</p>", "id": "para-1"},
    {"type": "quote", "value": {"text": "The air is cleaner.", "attribution": "The mayor"}, "id": "quote-1"},
]
THAI = {
    "title": "เตาเผาอิฐกรุงเทพฯ ใหม่",
    "summary": "เตาสะอาดขึ้น",
    "body/para-1": "<p>เตาเผาถูก<b>สร้างใหม่</b></p>",
    "body/quote-1/text": "อากาศสะอาดขึ้น",
    "body/quote-1/attribution": "นายกเทศมนตรี",
}


@pytest.fixture
def page(home_page):
    index = CaseStudyIndexPageFactory(parent=home_page, **translations("title", TITLES))
    return CaseStudyPageFactory(
        parent=index,
        **translations("title", TITLES),
        **translations("summary", {"en": "Cleaner kilns.", "vi": "Lò sạch hơn."}),
        body_en=BODY,
    )


@pytest.fixture
def editor():
    return UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)


def po_entries(data: bytes) -> dict[str, polib.POEntry]:
    return {entry.msgctxt: entry for entry in polib.pofile(data.decode())}


def translated_po(page, language="th", texts=THAI) -> bytes:
    po = polib.pofile(export_file(page=page, language=language, file_format=PO).decode())
    for entry in po:
        if entry.msgctxt in texts:
            # What a translator does: write the text and clear "needs review".
            entry.msgstr = texts[entry.msgctxt]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    return str(po).encode()


def test_the_po_file_holds_every_english_text_beside_its_translation(page):
    entries = po_entries(export_file(page=page, language="vi", file_format=PO))

    assert list(entries) == [
        "title",
        "summary",
        "body/para-1",
        "body/quote-1/text",
        "body/quote-1/attribution",
        "period",
    ]
    assert entries["summary"].msgid == "Cleaner kilns."
    assert entries["summary"].msgstr == "Lò sạch hơn."
    assert entries["body/para-1"].msgid == "<p>Kilns were <b>rebuilt</b>.</p>"
    assert entries["body/para-1"].msgstr == ""
    # What the translator's tool shows beside each text: where it is on the page.
    assert "Body › Quote › Quotation" in entries["body/quote-1/text"].comment
    assert "keep the HTML tags" in entries["body/para-1"].comment


def test_a_translated_file_comes_back_as_a_draft_with_fresh_translations(page, editor):
    page.summary_en = "Cleaner kilns, cleaner air."
    page.summary_th = "เตาสะอาด"
    page.save_revision().publish()
    page.summary_en = "Cleaner kilns, and much cleaner air."
    page.save_revision().publish()
    page.refresh_from_db()
    assert stale_translations(page)["th"] == ["summary"]
    # The out-of-date Thai summary goes out marked for review.
    assert "fuzzy" in po_entries(export_file(page=page, language="th", file_format=PO))["summary"].flags

    texts = {**THAI, "summary": "เตาสะอาดขึ้น อากาศสะอาดขึ้นมาก"}
    result = import_file(page=page, language="th", data=translated_po(page, texts=texts), user=editor)

    assert result.count == 5
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert page.title_th == TITLES["th"]  # readers still see the published page
    draft = page.get_latest_revision_as_object()
    assert draft.title_th == THAI["title"]
    assert draft.summary_th == "เตาสะอาดขึ้น อากาศสะอาดขึ้นมาก"
    assert [block.block_type for block in draft.body_th] == ["rich_text", "quote"]
    assert draft.body_th[0].value.source == THAI["body/para-1"]
    assert draft.body_th[1].value["text"] == THAI["body/quote-1/text"]
    assert draft.body_en[1].value["text"] == "The air is cleaner."
    assert "th" not in stale_translations(draft)
    assert result.revision.user == editor


def test_texts_left_empty_or_marked_for_review_are_not_imported(page, editor):
    po = polib.pofile(translated_po(page).decode())
    for entry in po:
        if entry.msgctxt == "summary":
            entry.msgstr = ""
        if entry.msgctxt == "body/quote-1/attribution":
            entry.flags.append("fuzzy")
    import_file(page=page, language="th", data=str(po).encode(), user=editor)

    draft = page.get_latest_revision_as_object()
    assert draft.summary_th in ("", None)
    # The quote's attribution keeps its English until the translator confirms it.
    assert draft.body_th[1].value["attribution"] == "The mayor"
    assert draft.body_th[1].value["text"] == THAI["body/quote-1/text"]


def test_xliff_goes_out_and_comes_back(page, editor):
    data = export_file(page=page, language="id", file_format=XLIFF)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = ElementTree.fromstring(data)
    file = root.find("x:file", ns)
    assert (file.get("source-language"), file.get("target-language")) == ("en", "id")
    units = {unit.get("id"): unit for unit in file.iterfind("x:body/x:trans-unit", ns)}
    assert units["summary"].find("x:source", ns).text == "Cleaner kilns."
    assert units["summary"].find("x:target", ns).get("state") == "new"

    units["summary"].find("x:target", ns).text = "Tungku yang lebih bersih."
    units["summary"].find("x:target", ns).set("state", "translated")
    import_file(page=page, language="id", data=ElementTree.tostring(root), user=editor)

    assert page.get_latest_revision_as_object().summary_ind == "Tungku yang lebih bersih."


def test_imported_rich_text_goes_through_the_editors_whitelist(page, editor):
    texts = {"body/para-1": '<p onclick="steal()">Bersih<script>alert(1)</script></p>'}
    import_file(page=page, language="id", data=translated_po(page, "id", texts), user=editor)

    source = page.get_latest_revision_as_object().body_ind[0].value.source
    assert "onclick" not in source and "<script" not in source
    assert source.startswith("<p>Bersih")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda data, other: data.replace(b"X-Page-Id: %d" % other[0], b"X-Page-Id: %d" % other[1]),
            "another page",
        ),
        (lambda data, other: data.replace(b"Language: th", b"Language: vi"), "not into Thai"),
        (lambda data, other: b"\x89PNG\r\n\x1a\n binary", "not UTF-8"),
        (lambda data, other: b'msgid "unterminated', "not a PO file exported"),
        (lambda data, other: b"<xliff><broken", "not an XLIFF file"),
    ],
    ids=["wrong page", "wrong language", "binary", "malformed PO", "malformed XLIFF"],
)
def test_a_file_that_does_not_fit_the_page_saves_nothing(page, editor, change, problem):
    other = CaseStudyPageFactory(parent=page.get_parent())
    data = change(translated_po(page), (page.pk, other.pk))
    revisions = page.revisions.count()

    with pytest.raises(TranslationFileError) as error:
        import_file(page=page, language="th", data=data, user=editor)

    assert problem in " ".join(error.value.problems)
    assert page.revisions.count() == revisions


def test_a_file_exported_before_the_english_changed_is_refused(page, editor):
    data = translated_po(page)
    page.summary_en = "Cleaner kilns, cleaner air."
    page.save_revision()  # a draft: the translator's file no longer matches what editors see

    with pytest.raises(TranslationFileError) as error:
        import_file(page=page, language="th", data=data, user=editor)

    assert error.value.problems == [
        "Summary: the English changed after this file was exported; export a new file."
    ]
    assert page.get_latest_revision_as_object().title_th == TITLES["th"]


def test_editors_download_and_upload_from_the_page(page, editor):
    client = Client()
    client.force_login(editor)

    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f"/admin/pages/{page.pk}/translation-files/" in edit

    screen = client.get(f"/admin/pages/{page.pk}/translation-files/").content.decode()
    assert "Thai" in screen and f"/admin/pages/{page.pk}/translation-files/th.po" in screen

    download = client.get(f"/admin/pages/{page.pk}/translation-files/th.po")
    assert download["Content-Disposition"] == f'attachment; filename="{page.slug}-th.po"'
    entries = po_entries(download.content)
    for key, text in THAI.items():
        entries[key].msgstr = text
    po = polib.POFile(wrapwidth=0)
    po.metadata = polib.pofile(download.content.decode()).metadata
    po.extend(entries.values())

    upload = SimpleUploadedFile("kilns-th.po", str(po).encode(), content_type="text/x-gettext-translation")
    response = client.post(f"/admin/pages/{page.pk}/translation-files/", {"language": "th", "file": upload})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().summary_th == THAI["summary"]

    wrong = SimpleUploadedFile("kilns-th.po", str(po).encode())
    response = client.post(f"/admin/pages/{page.pk}/translation-files/", {"language": "vi", "file": wrong})
    assert response.status_code == 200
    assert "This file is a translation into Thai, not into Vietnamese." in response.content.decode()


def test_people_who_may_not_edit_the_page_get_no_files(page):
    user = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)

    assert client.get(f"/admin/pages/{page.pk}/translation-files/").status_code == 403
    assert client.get(f"/admin/pages/{page.pk}/translation-files/th.po").status_code == 403


def test_editors_group_may_translate(page):
    user = get_user_model().objects.create_user("ed", "ed@example.org", "a-long-password-1")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)

    assert client.get(f"/admin/pages/{page.pk}/translation-files/th.xliff").status_code == 200
