"""A laptop: debug pages, plain HTTP, e-mail to the console and to files under PORTAL_DATA_DIR."""

from portal.settings.base import *  # noqa: F403
from portal.settings.base import DATA_DIR, ENV

DEBUG = True
# A fixed key is fine on a laptop and never used by production.py, which demands its own.
SECRET_KEY = ENV.SECRET_KEY or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = ENV.ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

STORAGES = {
    # The media directory, or the bucket named in the environment, as in production.
    "default": STORAGES["default"],  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = "portal.mail.ConsoleAndFileEmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "mail"
# runserver serves static files from the apps' folders; only production collects them.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Plain lines on a laptop's console; production writes JSON (base.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": ENV.LOG_LEVEL},
    # fontTools narrates every font subset it makes for a PDF report at INFO (hundreds of lines).
    "loggers": {"fontTools": {"level": "WARNING"}},
}
