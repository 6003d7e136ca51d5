"""A small fixed-window rate limit on the shared cache (Redis in production).

The client address is REMOTE_ADDR, what the server itself sees. Behind
reverse proxies, RATELIMIT_TRUSTED_PROXIES says how many of them append to
X-Forwarded-For; only then is that header read, from the right, because a
client can put anything on its left.
"""

import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "RATELIMIT_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        # One IPv6 client usually holds a whole /64.
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/600" -> (5 requests, per 600 seconds)."""
    count, seconds = rate.split("/")
    return int(count), int(seconds)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int


def _window(scope: str, request, rate: str):
    limit, period = parse_rate(rate)
    now = int(time.time())
    key = f"ratelimit:{scope}:{client_ip(request)}:{now // period}"
    return key, limit, period, period - now % period


def peek(scope: str, request, rate: str) -> Verdict:
    """Would one more counted request of this client in `scope` stay within `rate`?

    Counts nothing: callers that count only what succeeded call `hit` after.
    """
    key, limit, _period, retry_after = _window(scope, request, rate)
    return Verdict(allowed=(cache.get(key) or 0) < limit, retry_after=retry_after)


def hit(scope: str, request, rate: str) -> Verdict:
    """Count one request of this client in `scope`; allowed while within `rate`."""
    key, limit, period, retry_after = _window(scope, request, rate)
    cache.add(key, 0, timeout=period + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        # Evicted between add() and incr().
        cache.set(key, 1, timeout=period + 5)
        count = 1
    return Verdict(allowed=count <= limit, retry_after=retry_after)
