from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from experts import photos as expert_photos
from experts.accounts import views as account_views
from knowledge import urls as knowledge_urls
from knowledge.events import urls as event_urls
from knowledge.twinning import api as twinning_api
from portal import admin_views, views
from portal.api import api_urlpatterns, build_api
from portal.search import views as search_views
from portal.search.api import search_router
from portal.sitemaps import SITEMAPS

# The JSON API answers JSON when it fails too (a database outage: 503), never the HTML page.
handler500 = "portal.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Wagtail's own login form would skip the e-mailed link; every admin sign-in goes through ours.
    path("admin/login/", account_views.admin_login_redirect, name="admin_login_redirect"),
    # Ahead of the admin: replaces wagtail-modeltranslation's csrf_exempt view on the same address.
    path(
        "admin/pages/<int:page_id>/edit/copy_translation_content/",
        admin_views.copy_translation_content,
        name="copy_translation_content",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Expert photos, after checking who may see them (nginx refuses /media/experts/).
    path("photos/experts/<str:name>", expert_photos.photo_view, name="expert_photo"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The JSON API (portal/api.py): /api/v1/experts, /knowledge, /twinning/suggestions, the
    # OpenAPI document (openapi.json) and its docs page (docs).
    *api_urlpatterns(build_api(routers=[("", search_router()), ("", twinning_api.router)])),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every reader-facing URL carries its language; Wagtail's catch-all page serving comes last.
urlpatterns += i18n_patterns(
    path("search/", search_views.search_page, name="search"),
    path("search/click/", search_views.search_click, name="search_click"),
    path("", include("experts.urls")),
    path("", include("knowledge.twinning.urls")),
    # One `knowledge` namespace for the city pages (core) and the events' calendar files.
    path("", include((knowledge_urls.urlpatterns + event_urls.urlpatterns, knowledge_urls.app_name))),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
