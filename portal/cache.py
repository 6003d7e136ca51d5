"""A Redis cache that degrades to "no cache" while Redis is away.

Django's RedisCache raises when Redis is down, and Wagtail reads the cache for
the site's root paths on every page, the page cache and the rate limits read
it on every request: a Redis outage became a site outage. This backend answers
as an empty cache instead: reads miss, writes are dropped, `incr` finds no key
(so a rate limit counts from one again). The outage is logged once per process
when it starts and once when Redis is back, never per request, and for a few
seconds after a failure Redis is not even asked, so pages do not each pay a
connection attempt.
"""

import logging
import threading
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Failures that mean "Redis is not there", as opposed to a wrong command.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure, answer "no cache" without asking Redis for this long.
RETRY_AFTER_SECONDS = 5.0

_lock = threading.Lock()
# Per Redis location: monotonic time until which it counts as down.
_down_until: dict[str, float] = {}


class DegradingRedisCache(RedisCache):
    def _is_resting(self) -> bool:
        until = _down_until.get(self._location_key)
        return until is not None and time.monotonic() < until

    @property
    def _location_key(self) -> str:
        return ",".join(self._servers)

    def _failed(self, exc: Exception) -> None:
        with _lock:
            first = self._location_key not in _down_until
            _down_until[self._location_key] = time.monotonic() + RETRY_AFTER_SECONDS
        if first:
            logger.warning(
                "Redis cache unreachable (%s: %s): serving without cache until it is back",
                type(exc).__name__,
                exc,
            )

    def _succeeded(self) -> None:
        if self._location_key in _down_until:
            with _lock:
                was_down = _down_until.pop(self._location_key, None) is not None
            if was_down:
                logger.warning("Redis cache reachable again: caching resumes")

    def _call(self, method, fallback, *args, **kwargs):
        if self._is_resting():
            return fallback()
        try:
            result = method(*args, **kwargs)
        except UNAVAILABLE as exc:
            self._failed(exc)
            return fallback()
        self._succeeded()
        return result

    @property
    def available(self) -> bool:
        """False while Redis counts as down (for /healthz/)."""
        try:
            self._cache.get_client(write=False).ping()
        except UNAVAILABLE as exc:
            self._failed(exc)
            return False
        self._succeeded()
        return True

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, lambda: False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        return self._call(super().incr, missing, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, lambda: None, keys, version)

    def clear(self):
        return self._call(super().clear, lambda: False)
