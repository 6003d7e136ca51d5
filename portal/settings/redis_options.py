"""How every process talks to Redis: the channel layer and the cache.

Timeouts are chosen, not inherited. channels-redis waits for messages with a
blocking `BZPOPMIN` of `brpop_timeout` (5 s in 4.3); redis-py's socket timeout
is also 5 s, so an idle consumer's read timed out on its own, the consumer died
and the browser saw its websocket close every few seconds. The layer's socket
timeout is therefore well above the blocking wait, with TCP keepalive and a
health check to notice a dead peer instead.

The cache is the opposite: a page must never wait on it. Short timeouts, and
`portal.cache.DegradingRedisCache` answers "not cached" while Redis is away.
"""

# channels-redis's BZPOPMIN wait (channels_redis.core.RedisChannelLayer.brpop_timeout).
LAYER_BLOCKING_READ_SECONDS = 5
# Must stay above the blocking wait, or idle reads time out by themselves.
LAYER_SOCKET_TIMEOUT_SECONDS = 30
CACHE_SOCKET_TIMEOUT_SECONDS = 1.0
CACHE_CONNECT_TIMEOUT_SECONDS = 0.5


def channel_layer(url: str) -> dict:
    """CHANNEL_LAYERS["default"] on the Redis at `url`."""
    return {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [
                {
                    "address": url,
                    "socket_timeout": LAYER_SOCKET_TIMEOUT_SECONDS,
                    "socket_connect_timeout": 3,
                    "socket_keepalive": True,
                    "health_check_interval": 15,
                }
            ],
            "capacity": 1500,
            "expiry": 30,
        },
    }


def cache(url: str) -> dict:
    """CACHES["default"] on the Redis at `url`, degrading to no cache when it is down."""
    return {
        "BACKEND": "portal.cache.DegradingRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "partnerwerk",
        "OPTIONS": {
            "socket_timeout": CACHE_SOCKET_TIMEOUT_SECONDS,
            "socket_connect_timeout": CACHE_CONNECT_TIMEOUT_SECONDS,
        },
    }
