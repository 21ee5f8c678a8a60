"""Demo content of the shell: the home page's words in the four languages.

The words are data: ``portal/data/home_page.json``, read through :mod:`portal.content_data`.
"""

from django.core.management.base import OutputWrapper

from portal.content_data import DataFile, OneOf, Record, Translated, app_data
from portal.i18n import set_translations
from portal.models import HomePage

HOME_PAGE = DataFile(
    app_data(__file__, "home_page.json"),
    Record({"page": OneOf(["home"]), "title": Translated(complete=True), "intro": Translated(complete=True)}),
    key="page",
)
DATA_FILES = (HOME_PAGE,)


def load(*, stdout: OutputWrapper) -> None:
    words = HOME_PAGE.by_key()["home"]
    home = HomePage.objects.get()
    set_translations(home, "title", words["title"])
    set_translations(home, "intro", words["intro"])
    home.title = words["title"]["en"]
    home.draft_title = words["title"]["en"]
    home.save_revision().publish()
    stdout.write("home page: titles and introduction in en, vi, id, th")
