"""gunicorn settings of the app service (compose.yaml, Dockerfile) and of `make smoke`.

Command-line flags override these; gunicorn itself reads WEB_CONCURRENCY (worker processes,
default 1: set about two per core) and FORWARDED_ALLOW_IPS (the proxies whose X-Forwarded-*
headers it believes).
"""

bind = "0.0.0.0:8000"
# Requests are short; a worker stuck this long is restarted rather than left holding a slot.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
# The app logs each request itself (portal/logs.py), with its request id; gunicorn logs only
# its own events to standard error.
accesslog = None
errorlog = "-"
# Nothing here drives gunicorn at run time; two instances on one host would share its socket.
control_socket_disable = True
# gunicorn's own lines (start, worker restarts, timeouts) as JSON, like the app's (portal/logs.py).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    },
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# The app is loaded once, in the master, and the workers forked from it share its memory (the
# code of Django, Wagtail and the portal, the URLconf and the views, the compiled templates, the
# message catalogues, the Thai and Indonesian dictionaries, the embedding model) instead of
# holding a copy each: portal/warmup.py. Nothing opens a connection, a thread or an index before
# the fork: the database, Redis and the search engine are reached on first use, in each worker.
preload_app = True


def when_ready(server: object) -> None:
    """Before the first fork: load what every worker reads, then keep the collector off it."""
    import gc

    from portal.warmup import warm_before_fork

    warm_before_fork()
    # Objects the collector never visits are never written to, so their pages stay shared
    # (a collection would otherwise touch each object's header and copy its page per worker).
    gc.freeze()


def post_fork(server: object, worker: object) -> None:
    """In each new worker, before its first request: two allocator arenas (portal/malloc.py)."""
    from portal.malloc import limit_arenas

    limit_arenas()


def post_request(worker: object, req: object, environ: object, resp: object) -> None:
    """After each request, the memory it freed handed back (at most once a second: portal/malloc.py)."""
    _trim_heap()


def _trim_heap() -> None:
    global _trimmer
    if _trimmer is None:
        from portal.malloc import HeapTrimmer

        _trimmer = HeapTrimmer()
    _trimmer()


# Made on a worker's first request, so each worker has its own (a fork copies the master's).
_trimmer = None
