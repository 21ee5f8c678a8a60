import sys

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.health import public_report, run_checks


def _is_superuser(request: HttpRequest) -> bool:
    # Signed-in users come from the database: while it is down nobody is, and the public view
    # is what answers (the errors are in the log).
    try:
        user = request.user
        return bool(user.is_authenticated and user.is_active and user.is_superuser)
    except DatabaseError:
        return False


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Whether each part works: ``ok`` and ``status`` for anyone, the details for superusers."""
    healthy, checks = run_checks()
    failing = [name for name, result in checks.items() if not result["ok"]]
    if not _is_superuser(request):
        checks = public_report(checks)
    body = {"status": "ok" if healthy else "failing", "failing": failing, "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read every public page, but not the admin, accounts or the JSON API, and
    not the endless combinations of directory and search filters (each page names its
    canonical address instead); the sitemap lists what is worth indexing."""
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*/accounts/",
        "Disallow: /*/search/",
        "",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


DATABASE_RETRY_AFTER_S = 60
"""What a reader or client is told to wait while the database is unreachable: connections are
health-checked, so the first request after it answers again is served."""


def is_api_path(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _api_error(status: int, reason: str) -> JsonResponse:
    response = JsonResponse(
        {"error": "unavailable" if status == 503 else "server error", "reasons": [reason]}, status=status
    )
    if status == 503:
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_S)
    return response


def _database_unavailable_page(request: HttpRequest) -> HttpResponse:
    """The friendly 503 page, in the language of the address.

    Rendered without a request context on purpose: context processors read the menu and the
    site from the database that is down. The language comes from the URL prefix, because the
    failure may have happened before LocaleMiddleware activated it.
    """
    language = translation.get_language_from_path(request.path_info) or translation.get_language()
    with translation.override(language):
        body = loader.get_template("503.html").render(
            {
                "LANGUAGE_CODE": translation.get_language(),
                "retry_url": request.get_full_path() if request.method in ("GET", "HEAD") else "/",
                "request_id": getattr(request, "request_id", ""),
            }
        )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_S)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: JSON for the API, an HTML page for everything else.

    Django calls it while handling the exception (already logged with its traceback), so the
    exception is at hand: a database that cannot be reached is a 503 (it passes; try again
    shortly: the page says so in the reader's language, the API in JSON, both with
    ``Retry-After``), anything else a 500.
    """
    database_down = isinstance(sys.exc_info()[1], DatabaseError)
    if not is_api_path(request):
        if database_down:
            return _database_unavailable_page(request)
        return defaults.server_error(request, template_name=template_name)
    if database_down:
        return _api_error(503, _("the database is not answering; try again shortly"))
    return _api_error(500, _("the server could not answer this request"))
