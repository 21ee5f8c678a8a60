"""The WSGI module gunicorn preloads in its master (deploy/gunicorn.conf.py, ``preload_app``).

What it loads before the fork, every worker shares and no reader waits for: a worker's first
request used to import the URLconf (every view module, the API and its schemas), about 1 s of CPU.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: in the test process the URLconf is long imported.
CHECK = """
import sys
import portal.wsgi
from django.db import connections
print("urls" if "portal.urls" in sys.modules and "portal.search.api" in sys.modules else "no urls")
print("closed" if all(connection.connection is None for connection in connections.all()) else "open")
"""


def test_the_preloaded_app_has_its_urls_and_leaves_no_connection_open():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )

    assert done.stdout.split() == ["urls", "closed"]
