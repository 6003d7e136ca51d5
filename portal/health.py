"""/healthz/: is the database reachable, does the channel layer deliver, is the cache there?

"ok": everything works. "degraded" (still 200): the database works but Redis
(channel layer or cache) does not; pages are served without cache and live
delivery pauses until Redis is back, so a load balancer must keep the process.
"down" (503): the database is unreachable; nothing useful can be served.
"""

import asyncio
import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down"; the type is reported
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


async def _roundtrip(layer) -> None:
    channel = await layer.new_channel("healthz.")
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz", "token": token})
    message = await layer.receive(channel)
    if message.get("token") != token:
        raise RuntimeError("wrong message")


def _check_channel_layer() -> dict:
    layer = get_channel_layer()
    if layer is None:
        return {"ok": False, "error": "not configured"}
    started = time.perf_counter()
    try:
        async_to_sync(asyncio.wait_for)(_roundtrip(layer), timeout=2)
    except Exception as exc:
        return {"ok": False, "backend": type(layer).__name__, "error": type(exc).__name__}
    return {
        "ok": True,
        "backend": type(layer).__name__,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


def _check_cache() -> dict:
    cache = caches["default"]
    backend = type(cache).__name__
    # Only the degrading Redis cache can be away; the in-process cache always answers.
    if not hasattr(cache, "available"):
        return {"ok": True, "backend": backend}
    started = time.perf_counter()
    if not cache.available:
        return {"ok": False, "backend": backend, "error": "unreachable"}
    return {"ok": True, "backend": backend, "ms": round((time.perf_counter() - started) * 1000, 1)}


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": _check_database(),
        "channel_layer": _check_channel_layer(),
        "cache": _check_cache(),
    }
    if not checks["database"]["ok"]:
        status = "down"
    elif all(check["ok"] for check in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse({"status": status, **checks}, status=503 if status == "down" else 200)
