"""Settings shared by every environment; safe for production as they stand.

Secrets and hosts come only from the environment (see environment.py); dev.py and test.py relax
what a laptop or a test run needs, production.py insists on what a server needs.

Why one file over 400 lines: it is one concern, the settings every environment starts from, and
Django reads a settings module top to bottom (later settings use earlier ones, and dev.py, test.py
and production.py import this one whole and then change a few names). Split into several files it
would have to be star-imported back in a fixed order, and a reader would lose the one place where
a setting's shared value is written.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from portal.media_storage import media_storage, uses_bucket
from portal.redis_cache import redis_cache_settings
from portal.settings.environment import ENV, PROJECT_DIR

BASE_DIR = PROJECT_DIR
DATA_DIR: Path = ENV.PORTAL_DATA_DIR
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = ENV.SECRET_KEY
DEBUG = ENV.DEBUG
ALLOWED_HOSTS = ENV.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = ENV.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    # wagtail_modeltranslation patches Page before the apps whose pages it translates load.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "portal",
    "knowledge",
    "experts",
    # Floors above knowledge and experts (issue 18): nested apps without models of their own;
    # their models keep the knowledge app's label, tables and migrations (knowledge/models/).
    "knowledge.twinning",
    "knowledge.events",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Staff's authenticator app (TOTP) and recovery codes as their second factor (experts/accounts/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # django-ninja (the JSON API, portal/api.py): its Swagger UI files are served from this site.
    "ninja",
]

MIDDLEWARE = [
    # The request id, on every log line and response (portal/logs.py); outermost, so even the
    # answers the page cache serves carry their own.
    "portal.logs.RequestIdMiddleware",
    # ETag and 304 (portal/conditional.py): outside the page cache, so its hits are validated too.
    "portal.conditional.ConditionalGetMiddleware",
    # Before the others: a hit skips them all, and a stored answer carries every header they
    # add (portal/page_cache.py).
    "portal.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    "portal.security.RejectNulBytesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The site a Wagtail page is served from, without a query per page (portal/content_cache.py).
    "portal.content_cache.CachedSiteMiddleware",
    # Last, as django-axes asks: it turns a locked-out authenticate() into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        ENV.DATABASE_URL or f"sqlite:///{DATA_DIR / 'portal.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the task worker write to one file. WAL lets pages read while the worker
    # writes; IMMEDIATE takes the write lock when a transaction starts (a reader upgrading to a writer
    # would otherwise fail at once); a writer waits up to 20 s instead of "database is locked" after 5.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if ENV.REDIS_URL:
    # Everything in it can be rebuilt: while Redis is refused or hung, the portal serves uncached,
    # paying a 0.25 s timeout at most once per 5 s per process (portal/redis_cache.py).
    CACHES = redis_cache_settings(ENV.REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous views of these reader pages are served from the cache and purged through Wagtail's
# frontend cache when a page or profile is published (portal/page_cache.py). Only with a cache the
# web and worker processes share: a purge made by the worker must reach every web process.
PAGE_CACHE_SECONDS = ENV.PAGE_CACHE_SECONDS if ENV.REDIS_URL else 0
# What every reader page and search request reads and only content changes (navigation, filter
# labels, editors' picks: portal/content_cache.py). A change made in one process must reach every
# other, so again only with a shared cache.
CONTENT_CACHE_SECONDS = 60 * 60 if ENV.REDIS_URL else 0
PAGE_CACHE_VIEWS = frozenset(
    {
        "wagtail_serve",
        "experts:directory",
        "experts:profile",
        "twinning:index",
        "twinning:detail",
        "knowledge:cities",
        "knowledge:city",
    }
)
# The query parameters those views read (their filters and the page number; a test checks the
# views' own declarations are all here). An address with any other parameter is answered but
# never stored: junk query strings would otherwise each fill an entry and push real pages and
# rate-limit counters out of Redis.
PAGE_CACHE_QUERY_PARAMETERS = frozenset(
    {
        "page",
        # experts directory, knowledge indexes, twinning, cities
        "country",
        "city",
        "theme",
        "pollutant",
        "sector",
        "action",
        "language",
        "availability",
        "organisation_type",
        "year",
        "level",
    }
)
WAGTAILFRONTENDCACHE = {"portal": {"BACKEND": "portal.page_cache.PageCacheBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in (experts.accounts): e-mail and password, then a one-time link that completes the attempt.
# django-axes comes first so locked-out credentials never reach the password check. The backend
# keeps its old path (experts/backends.py re-exports it): every signed-in session stores that path.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "experts.backends.EmailOrUsernameBackend",
]
# The name an authenticator app shows beside the portal's codes (experts/accounts/two_factor.py).
OTP_TOTP_ISSUER = "Clean Air Knowledge Exchange"
# The domain staff's passkeys belong to (experts/accounts/passkeys.py); empty: the request's host. A passkey
# made for one id does not work under another, so set it before staff add passkeys.
WEBAUTHN_RP_ID = ENV.WEBAUTHN_RP_ID
LOGIN_URL = "experts:sign_in"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "experts:sign_in"
SIGN_IN_LINK_MINUTES = 20
# After an expired link, a new one may be sent without retyping the password for this long.
SIGN_IN_RESEND_WINDOW_MINUTES = 60
EXPERT_INVITATION_DAYS = 14
CONTACT_MESSAGES_PER_HOUR = 5
# Registered participants get the event's connection details by e-mail this long before it starts.
EVENT_REMINDER_HOURS = 24
# Failed passwords are counted per account and, separately, per client address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "experts.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "experts/accounts/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies in front that append to X-Forwarded-For. The client address every per-client
# limit and the sign-in lockout count by comes from one function, which honours it
# (portal.security.client_address); django-axes would otherwise see every client as the proxy.
TRUSTED_PROXY_COUNT = ENV.TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "portal.security.axes_client_address"
# Searches per client a minute, the page and the JSON API together (portal/ratelimit.py).
SEARCH_RATE_LIMIT_PER_MINUTE = ENV.SEARCH_RATE_LIMIT_PER_MINUTE
# Searches and clicks counted for the search report are written together at most this often per
# process (portal/search/stats.py), not one write per search.
SEARCH_COUNT_FLUSH_SECONDS = 5.0

# Languages: URLs carry the ISO code (`/id/` for Bahasa Indonesia); modeltranslation stores
# Indonesian columns with the `_ind` suffix, so code reaches columns through portal.i18n.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("vi", _("Vietnamese")),
    ("id", _("Bahasa Indonesia")),
    ("th", _("Thai")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats readers of each language expect (portal.l10n adds the Thai Buddhist-era year).
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# A purged URL is purged under every language prefix.
WAGTAILFRONTENDCACHE_LANGUAGES = [code for code, _name in LANGUAGES]

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en",)}


def _localized_verbose_name(verbose_name: object, suffix: str) -> str:
    # modeltranslation labels each language's copy of a field "Title [ind]", with its column
    # suffix; editors read "Title (Bahasa Indonesia)", named in the admin's language. Called
    # lazily when the label is shown, so the name follows the editor's language.
    from django.utils.text import capfirst

    from portal.i18n import portal_language_names

    code = "id" if suffix == "ind" else suffix
    return f"{capfirst(str(verbose_name))} ({portal_language_names().get(code, code)})"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _localized_verbose_name
# One slug per page for every language keeps /vi/x/ and /th/x/ the same page, so the language
# switcher only swaps the prefix.
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = False
# wagtail-modeltranslation's locale picker stays off: it injects an inline script of its own and
# relies on jQuery, and it was never checked against Wagtail 8's editor. Translators work one
# language at a time on a tab per language instead (portal.translation_tabs), and a translation
# older than its English says so under its box (portal.translation_sources).
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False
# Panels wagtail-modeltranslation copies per language like FieldPanel: the expert's biography,
# compared in revisions as the text a reader reads (experts.compare).
WAGTAILMODELTRANSLATION_CUSTOM_SIMPLE_PANELS = ["experts.compare.BiographyPanel"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    # The media directory, or an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set
    # (portal/media_storage.py; docs/deploy.md, "S3-compatible media").
    "default": media_storage(ENV),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background work (index updates, e-mail) goes through the tasks framework Wagtail already uses.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_SITE_NAME = "Clean Air Knowledge Exchange"
WAGTAILADMIN_BASE_URL = ENV.PORTAL_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "csv", "odt", "ods"]
# Documents are always served by Wagtail's view, which checks a private collection's restriction
# (nginx refuses /media/documents/); behind nginx the bytes go out through X-Accel-Redirect.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Upload forms that say so when the file store (a bucket) does not answer, keeping what was typed.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.upload_forms.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.upload_forms.ImageForm"
if ENV.MEDIA_X_ACCEL_REDIRECT:
    SENDFILE_BACKEND = "portal.accel"
if uses_bucket(ENV):
    # Files in a bucket have no local path for nginx to send: after its checks, Wagtail's view
    # redirects to the file's signed, expiring address (the bucket stays private).
    WAGTAILDOCS_SERVE_METHOD = "redirect"

# Security headers, in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Public pages: scripts only with this response's nonce, nothing inline, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # The portal's stylesheets are set in the page with the response's nonce (portal/stylesheets.py);
        # style attributes and any other inline style stay refused.
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "frame-src": [SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}
# The Wagtail admin ships inline scripts and styles of its own and previews pages in a frame.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
}
ADMIN_PATH_PREFIXES = ("/admin/",)
# No avatars from gravatar.com: the admin's img-src allows no outside origin, and an editor's
# e-mail hash should not leave the portal. Wagtail then shows its own default avatar, or the
# picture an editor uploads in their account.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

EMAIL_HOST = ENV.EMAIL_HOST
EMAIL_PORT = ENV.EMAIL_PORT
EMAIL_HOST_USER = ENV.EMAIL_HOST_USER
EMAIL_HOST_PASSWORD = ENV.EMAIL_HOST_PASSWORD
EMAIL_USE_TLS = ENV.EMAIL_USE_TLS
DEFAULT_FROM_EMAIL = ENV.DEFAULT_FROM_EMAIL
SERVER_EMAIL = ENV.DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
if ENV.EMAIL_FILE_PATH:
    # A staging server or the smoke test keeps what it would send, where a reader can open it.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = ENV.EMAIL_FILE_PATH

# Search (portal/search): Meilisearch when a URL is given, the embedded engine otherwise.
MEILISEARCH_URL = ENV.MEILISEARCH_URL
MEILISEARCH_API_KEY = ENV.MEILISEARCH_API_KEY
MEILISEARCH_SEARCH_KEY = ENV.MEILISEARCH_SEARCH_KEY
MEILISEARCH_INDEX_PREFIX = ENV.MEILISEARCH_INDEX_PREFIX
SEARCH_INDEX_DIR = DATA_DIR / "search-index"
SEARCH_EMBEDDINGS = ENV.SEARCH_EMBEDDINGS
SEARCH_EMBEDDING_THREADS = ENV.SEARCH_EMBEDDING_THREADS

# One JSON object a line on standard error, with the request id; secrets redacted (portal/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": ENV.LOG_LEVEL},
    # fontTools narrates every font subset it makes for a PDF report at INFO (hundreds of lines).
    "loggers": {"fontTools": {"level": "WARNING"}},
}
HEALTH_INDEX_BACKLOG_MAX_AGE_S = ENV.HEALTH_INDEX_BACKLOG_MAX_AGE_S
HEALTH_TASK_QUEUE_MAX_AGE_S = ENV.HEALTH_TASK_QUEUE_MAX_AGE_S

# Load balancers probe /healthz over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
