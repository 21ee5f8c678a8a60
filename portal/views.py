from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.health import run_checks


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, checks = run_checks()
    failing = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "ok" if healthy else "failing", "failing": failing, "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)
