"""Local development (`make run`): DEBUG on, plain HTTP on localhost."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "django-insecure-dev-only-" + "x" * 40)

from .base import *  # noqa: E402,F401,F403
from .base import env_list  # noqa: E402

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_PROXY_SSL_HEADER = None
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
