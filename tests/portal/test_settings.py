"""Production settings: deploy checks pass, a weak SECRET_KEY is refused, Redis delivers."""

import asyncio
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync

REPO_ROOT = Path(__file__).resolve().parents[2]

# Variables that change the security settings: the deploy check must see the defaults.
SECURITY_VARIABLES = {
    "BEHIND_TLS_PROXY",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
}


def production_env(**overrides: str | None) -> dict[str, str]:
    """os.environ without what pytest and the test settings put there, plus overrides.

    The test settings set DEBUG and SECRET_KEY in os.environ (setdefault), and
    pytest-django sets DJANGO_SETTINGS_MODULE: none of that may leak into the child.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SECURITY_VARIABLES | {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    env["DEBUG"] = "0"
    env["ALLOWED_HOSTS"] = "partnerwerk.example.nl"
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def random_secret_key() -> str:
    return secrets.token_urlsafe(60)[:60]


def test_deploy_check_passes_with_production_settings():
    # Only what the README asks for: no DEBUG, a real key and the host names.
    env = production_env(SECRET_KEY=random_secret_key())
    result = manage("check", "--deploy", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "too-short", "django-insecure-" + "x" * 60],
    ids=["missing", "empty", "short", "django-insecure"],
)
def test_check_refuses_a_weak_secret_key_when_debug_is_off(secret_key):
    result = manage("check", env=production_env(SECRET_KEY=secret_key))
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set to a random string" in result.stderr


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail("CI is set but REDIS_URL is not: .ci/run must start Redis")
        pytest.skip("needs a real Redis: set REDIS_URL")
    return url


@pytest.mark.redis
def test_redis_channel_layer_delivers_a_message(redis_url):
    from channels_redis.core import RedisChannelLayer

    async def roundtrip() -> dict:
        layer = RedisChannelLayer(hosts=[redis_url])
        try:
            channel = await layer.new_channel("settings-test.")
            await layer.send(channel, {"type": "settings.test", "token": token})
            return await asyncio.wait_for(layer.receive(channel), timeout=5)
        finally:
            await layer.close_pools()

    token = secrets.token_hex(16)
    message = async_to_sync(roundtrip)()
    assert message == {"type": "settings.test", "token": token}
