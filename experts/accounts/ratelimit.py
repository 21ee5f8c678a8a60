"""A small per-client limit for forms that send e-mail to addresses the client types in."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from portal.ratelimit import count_request
from portal.security import client_address


def limit_posts(*, scope: str, limit: int, window_seconds: int) -> Callable:
    """Answer 429 with ``Retry-After`` once a client address has POSTed ``limit`` times to the
    view within the window.

    While Redis is down no count is kept, so the limit fails open (portal/ratelimit.py): refusing
    instead would stop every password reset and sign-in link for the length of the outage.
    Password guessing stays limited: django-axes counts failures in the database.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if request.method == "POST":
                decision = count_request(
                    scope=f"experts:{scope}",
                    client=client_address(request),
                    limit=limit,
                    window_s=window_seconds,
                )
                if not decision.allowed:
                    response = render(request, "experts/accounts/rate_limited.html", status=429)
                    response["Retry-After"] = str(decision.retry_after_s)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
