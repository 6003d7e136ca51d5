"""An idle reader on the Redis channel layer keeps its socket: no timeout of its own.

channels-redis 4.3 waits in BZPOPMIN for 5 s; with redis-py's socket timeout
also at 5 s the read timed out, the consumer died and every idle websocket was
closed within seconds. The layer is built from the settings a server process
really gets (REDIS_URL set, read in a subprocess), then one receive waits on an
idle channel for longer than the layer's socket timeout and two health checks
(40 s): its Redis connection must be the same one throughout, and the message
sent afterwards must arrive on it.
"""

import asyncio
import json
import os
import subprocess
import sys
import time

import pytest
import redis
from asgiref.sync import async_to_sync

from portal.settings.redis_options import LAYER_SOCKET_TIMEOUT_SECONDS
from tests.live import servers

pytestmark = [
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.skipif(not servers.truthy("RUN_SLOW"), reason="slow: set RUN_SLOW=1"),
]

# Past the layer's socket timeout (30 s) and two health checks (15 s each).
IDLE_SECONDS = LAYER_SOCKET_TIMEOUT_SECONDS + 10


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if servers.truthy("CI"):
            pytest.fail("CI is set but REDIS_URL is not: .ci/run must start Redis")
        pytest.skip("needs a real Redis: set REDIS_URL")
    return url


def configured_layer(redis_url: str, tmp_path) -> dict:
    """CHANNEL_LAYERS["default"] exactly as a server process with REDIS_URL sees it."""
    env = servers.server_env(f"sqlite:///{tmp_path / 'unused.sqlite3'}", tmp_path, redis_url)
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CHANNEL_LAYERS['default']))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=servers.REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def blocked_reader_ids(client: redis.Redis) -> set[int]:
    return {c["id"] for c in client.client_list() if c.get("cmd") == "bzpopmin"}


def test_idle_redis_layer_reader_keeps_its_socket_past_the_socket_timeout(redis_url, tmp_path):
    from channels_redis.core import RedisChannelLayer

    config = configured_layer(redis_url, tmp_path)
    assert config["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    probe = redis.Redis.from_url(redis_url, socket_timeout=5)

    async def scenario():
        layer = RedisChannelLayer(**config.get("CONFIG", {}))
        try:
            channel = await layer.new_channel("idle-test.")
            receiver = asyncio.ensure_future(layer.receive(channel))
            await asyncio.sleep(2)
            first = blocked_reader_ids(probe)
            assert first, "the receive is not waiting in Redis"
            started = time.monotonic()
            while time.monotonic() - started < IDLE_SECONDS:
                await asyncio.sleep(5)
                if receiver.done():
                    # On the old settings: redis TimeoutError after 5 s.
                    raise AssertionError(f"the idle receive ended: {receiver.exception()!r}")
            last = blocked_reader_ids(probe)
            assert first & last, f"the reader's connection changed: {first} -> {last}"
            await layer.send(channel, {"type": "idle.test", "n": 1})
            return await asyncio.wait_for(receiver, timeout=5)
        finally:
            await layer.close_pools()

    assert async_to_sync(scenario)() == {"type": "idle.test", "n": 1}
