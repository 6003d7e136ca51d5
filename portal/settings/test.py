"""Test settings: in-memory channel layer, fast hashing, plain static storage."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-" + "t" * 50)

from .dev import *  # noqa: E402,F401,F403
from .dev import BASE_DIR, DATABASES  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "projects.storage.LocalPrivateStorage"},
}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
_tmp = Path(tempfile.mkdtemp(prefix="partnerwerk-test-"))  # noqa: F405
MEDIA_ROOT = _tmp / "media"
PRIVATE_MEDIA_ROOT = _tmp / "private-media"
# An existing (empty) STATIC_ROOT keeps whitenoise quiet; finders serve the files.
STATIC_ROOT = _tmp / "static"
STATIC_ROOT.mkdir()
# Small limit so the size check can be tested without big files.
DOCUMENT_MAX_UPLOAD_BYTES = 200 * 1024
# A socket's database work runs in pool threads (sharing.consumers) that end
# with each test's event loop; a lasting connection there stays open until the
# process exits, and PostgreSQL then refuses to drop the test database. With
# no lasting connections Channels closes them after each call.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Live-server and channels tests need a pinned test database name.
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"]["NAME"] = str(
        BASE_DIR / os.environ.get("TEST_SQLITE_NAME", ".test-db.sqlite3")
    )
    DATABASES["default"]["OPTIONS"].pop("init_command", None)
elif os.environ.get("TEST_DATABASE_NAME"):
    # A script that makes its own test database beside a running test session
    # (tests/bench/workspace_search.py) must not take the session's name.
    DATABASES["default"]["TEST"]["NAME"] = os.environ["TEST_DATABASE_NAME"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search_backend", "SEARCH_CONFIG": "dutch"}}
# Live heartbeats (sharing.consumers) only where a test sets a shorter interval.
LIVE_HEARTBEAT_SECONDS = 60.0
