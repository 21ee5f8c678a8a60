"""The Content-Security-Policy: strict and nonce-based on public pages, relaxed for the admin.

The Wagtail admin ships inline scripts and styles and previews pages in same-origin frames (its
preview views set X-Frame-Options: SAMEORIGIN themselves), so it gets a policy of its own.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def is_admin_path(request: HttpRequest) -> bool:
    return request.path_info.startswith(tuple(settings.ADMIN_PATH_PREFIXES))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts
