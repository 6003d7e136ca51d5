"""Base settings: safe for production on their own.

Everything that differs between machines comes from the environment. DEBUG is
off, the secret key and allowed hosts have no defaults, and each optional
integration (PostgreSQL, Redis, SMTP) is switched on by its own variable.
`dev.py` and `test.py` relax these settings; `production.py` is this module.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from . import redis_options

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Refuse to start with a missing or throw-away key: sessions, password reset and
# invitation links are all signed with it.
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

INSTALLED_APPS = [
    "portal",
    "projects",
    "sharing",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # wagtail.users, with a user and group admin that keeps out party groups.
    "sharing.wagtail_users.PartnerwerkUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "guardian",
    "axes",
    "django_filters",
    "django_tasks",
    "channels",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and routing: a hit skips them (see portal.pagecache).
    "portal.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivacyHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

# Database: PostgreSQL when DATABASE_URL is set, SQLite otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if not DATABASE_IS_POSTGRES:
    # SQLite: wait on the write lock instead of failing at once, and take it at
    # the start of a transaction so read-then-write cannot deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Channel layer: Redis when REDIS_URL is set, in-memory otherwise (one process only).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Timeouts chosen deliberately; the cache degrades to "no cache" (see redis_options).
    CHANNEL_LAYERS = {"default": redis_options.channel_layer(REDIS_URL)}
    CACHES = {"default": redis_options.cache(REDIS_URL)}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "partnerwerk",
        }
    }

# Messages a member may post per minute (sharing.services.threads).
MESSAGE_RATE_PER_MINUTE = env_int("MESSAGE_RATE_PER_MINUTE", 30)

# Whole public pages for anonymous visitors, purged on every publish (portal.pagecache).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Anonymous site-search results per normalised query, purged with the page cache (0: off).
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", PAGE_CACHE_SECONDS)

AUTHENTICATION_BACKENDS = [
    # First: refuses sign-in attempts for a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace-home"
LOGOUT_REDIRECT_URL = "/"

# Login throttling (django-axes): five failures for one username from one
# address lock that pair out for 15 minutes; a success resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# django-guardian: direct foreign-key permission tables only, no anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# Internationalisation: Dutch by default, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static files through whitenoise; uploads in two places: public media for CMS
# images, and private media that is only ever served through a view that checks
# permission.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Private files (documents, pool photos) on storage every process shares: the
# local folder above by default, an S3-compatible bucket when one is named
# (needs `pip install django-storages[s3]`; see the README).
PRIVATE_STORAGE_BUCKET = os.environ.get("PRIVATE_STORAGE_BUCKET", "")
if PRIVATE_STORAGE_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": os.environ.get("PRIVATE_STORAGE_ENDPOINT_URL") or None,
            "region_name": os.environ.get("PRIVATE_STORAGE_REGION") or None,
            "access_key": os.environ.get("PRIVATE_STORAGE_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("PRIVATE_STORAGE_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("PRIVATE_STORAGE_PREFIX", "private"),
            "default_acl": "private",
            "file_overwrite": False,
            # Downloads redirect to a signed URL that lives this long.
            "querystring_auth": True,
            "querystring_expire": env_int("PRIVATE_STORAGE_URL_SECONDS", 60),
        },
    }
else:
    STORAGES["private"] = {"BACKEND": "projects.storage.LocalPrivateStorage"}
# Behind nginx: the download view checks access, then hands the file to nginx's
# internal location with this prefix (X-Accel-Redirect) instead of streaming it.
PRIVATE_FILES_ACCEL_REDIRECT = os.environ.get("PRIVATE_FILES_ACCEL_REDIRECT", "")

# Document uploads: limits from the environment, with sober defaults.
DOCUMENT_MAX_UPLOAD_BYTES = env_int("DOCUMENT_MAX_UPLOAD_MB", 25) * 1024 * 1024
DOCUMENT_ALLOWED_EXTENSIONS = env_list(
    "DOCUMENT_ALLOWED_EXTENSIONS",
    "pdf,docx,xlsx,pptx,odt,ods,odp,txt,csv,md,png,jpg,jpeg,dwg,dxf,ifc,zip",
)
# Uploads above this size are streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Invitations: a single-use link to set a password, valid for this many days.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 5)
EXPORT_LINK_HOURS = env_int("EXPORT_LINK_HOURS", 48)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# E-mail: console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Partnerwerk <noreply@partnerwerk.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (e-mail) goes through django-tasks. The immediate backend runs
# a task inside the request; TASKS_BACKEND names a queueing backend instead.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Security: secure by default; dev.py relaxes for plain-HTTP localhost.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", True) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading HSTS is a commitment that is hard to undo, so it stays an explicit
# opt-in; without it, the deploy check's reminder (W021) is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy (django-csp 4): scripts, styles, fonts and
# images from this origin only, no inline script or style anywhere in our
# templates (checked by tests/portal/test_headers.py and the Chromium check in
# tests/e2e/test_csp.py). The live socket is same-origin: 'self' covers ws(s).
# Wagtail's admin renders inline scripts and styles of its own, so it is left
# out; it is for signed-in editors only.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "Partnerwerk"
# Wagtail's own login form leaves the password label to Django's field name.
WAGTAILADMIN_USER_LOGIN_FORM = "portal.forms.AdminLoginForm"
# The one public base URL (scheme, host, port) of links that leave a request:
# e-mails, sitemap, feed, iCalendar. Defaults to what `make run` serves.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Wagtail's own mails (moderation, password reset in the admin) use the same.
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "portal.search_backend",
        "SEARCH_CONFIG": "dutch",
    }
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Visit registrations ("kijkje in de keuken"): at most this many attempts per
# client address per period ("count/seconds"). Addresses come from REMOTE_ADDR;
# set RATELIMIT_TRUSTED_PROXIES to the number of reverse proxies that append
# to X-Forwarded-For to read the client's address from that header instead.
VISIT_REGISTRATION_RATE = os.environ.get("VISIT_REGISTRATION_RATE", "5/600")
RATELIMIT_TRUSTED_PROXIES = env_int("RATELIMIT_TRUSTED_PROXIES", 0)
# Visitors' names and addresses are kept this many days after their visit,
# then removed by `manage.py purge_visit_registrations` (run it daily).
VISIT_REGISTRATION_RETENTION_DAYS = env_int("VISIT_REGISTRATION_RETENTION_DAYS", 30)
