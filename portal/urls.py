from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from experts import views as expert_views
from portal import views
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Wagtail's own login form would skip the e-mailed link; every admin sign-in goes through ours.
    path("admin/login/", expert_views.admin_login_redirect, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every reader-facing URL carries its language; Wagtail's catch-all page serving comes last.
urlpatterns += i18n_patterns(
    path("", include("experts.urls")),
    path("", include("knowledge.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
