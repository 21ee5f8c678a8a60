"""A Meilisearch deployment runs without tantivy: the portal starts and picks Meilisearch with the
embedded engine's library made unimportable (each engine imports only what it needs)."""

import subprocess
import sys
import textwrap

from django.conf import settings

SCRIPT = textwrap.dedent(
    """
    import importlib.abc
    import sys

    class NoTantivy(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "tantivy" or name.startswith("tantivy."):
                raise ImportError("tantivy is not installed on this deployment")
            return None

    sys.meta_path.insert(0, NoTantivy())

    import django

    django.setup()

    from django.conf import settings

    settings.MEILISEARCH_URL = "http://127.0.0.1:9"

    from portal.search.engines.base import get_engine

    engine = get_engine()
    print(type(engine).__module__, type(engine).__name__)

    import pkgutil

    import portal.search.engines.meilisearch as package

    # Every module of the Meilisearch package loads, not only those the engine class pulls in.
    for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        __import__(module.name)
    print("tantivy loaded:", "tantivy" in sys.modules)
    print("embedded loaded:", "portal.search.engines.embedded" in sys.modules)
    try:
        import portal.search.engines.embedded  # noqa: F401
    except ImportError:
        print("embedded importable: False")
    else:
        print("embedded importable: True")
    """
)


def test_the_meilisearch_engine_starts_without_tantivy():
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        "portal.search.engines.meilisearch.engine MeilisearchEngine",
        "tantivy loaded: False",
        "embedded loaded: False",
        # The blocker works: the embedded engine, which needs tantivy, cannot load here.
        "embedded importable: False",
    ]
