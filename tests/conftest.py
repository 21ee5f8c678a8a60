import pytest
from wagtail.models import Page, Site

from portal.models import HomePage


@pytest.fixture
def home_page(db) -> HomePage:
    """The site root created by portal's data migration, with its title in every language."""
    home = HomePage.objects.get()
    home.title_en = "Clean Air Knowledge Exchange"
    home.title_vi = "Trao đổi tri thức vì không khí sạch"
    home.title_ind = "Pertukaran Pengetahuan Udara Bersih"
    home.title_th = "เครือข่ายแลกเปลี่ยนความรู้เพื่ออากาศสะอาด"
    home.save()
    return home


@pytest.fixture
def site(home_page) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def root_page(db) -> Page:
    return Page.get_first_root_node()
