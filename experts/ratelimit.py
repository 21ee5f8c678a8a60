"""A small per-client limit for forms that send e-mail to addresses the client types in."""

from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from portal.security import client_address


def limit_posts(*, scope: str, limit: int, window_seconds: int) -> Callable:
    """Answer 429 once a client address has POSTed `limit` times to the view within the window."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if request.method == "POST":
                # While Redis is down no count is kept (portal/redis_cache.py answers as if the
                # counter did not exist), so the limit fails open: refusing instead would stop
                # every password reset and sign-in link for the length of the outage. Password
                # guessing stays limited: django-axes counts failures in the database.
                key = f"experts:ratelimit:{scope}:{client_address(request)}"
                cache.add(key, 0, timeout=window_seconds)
                try:
                    count = cache.incr(key)
                except ValueError:
                    # The entry expired between add() and incr(): this is the first post of a new window.
                    cache.set(key, 1, timeout=window_seconds)
                    count = 1
                if count > limit:
                    return render(request, "experts/accounts/rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
