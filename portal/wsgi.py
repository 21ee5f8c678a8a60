import os

from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

# Django imports the URLconf (every view module, the API and its schemas) on the first request it
# serves: ~1 s of CPU, paid by one reader per gunicorn worker after every start and every recycling
# (max_requests) while the master preloads this module (deploy/gunicorn.conf.py). Resolved here,
# the master pays it once before forking and the workers share those pages.
get_resolver().url_patterns  # noqa: B018 - read for its side effect: the import
# Workers must not inherit a database connection the URLconf's import may have opened.
connections.close_all()
