"""A server behind a TLS-terminating proxy. Refuses to start without its secrets."""

from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import *  # noqa: F403
from portal.settings.base import ENV

if not ENV.SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if not ENV.ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names for production.")

DEBUG = False

# Sentry when SENTRY_DSN is set and sentry-sdk is installed (portal/error_tracking.py).
from portal.error_tracking import init_error_tracking  # noqa: E402

init_error_tracking(dsn=ENV.SENTRY_DSN, environment=ENV.SENTRY_ENVIRONMENT)
