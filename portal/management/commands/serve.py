"""Serve HTTP and websockets from one ASGI application with uvicorn."""

import os

import uvicorn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import serve_guard


class Command(BaseCommand):
    help = "Serve Partnerwerk (HTTP and websockets) with uvicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1"))
        )

    def handle(self, *args, host, port, workers, **options):
        backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
        if workers > 1 and backend.endswith("InMemoryChannelLayer"):
            # The in-memory layer cannot cross processes: live messages would
            # silently reach only the sockets held by the posting process.
            raise CommandError("More than one worker needs a shared channel layer: set REDIS_URL.")
        try:
            if backend.endswith("InMemoryChannelLayer"):
                serve_guard.claim_in_memory_layer()
            elif getattr(settings, "REDIS_URL", ""):
                serve_guard.check_redis(settings.REDIS_URL)
        except serve_guard.GuardError as exc:
            raise CommandError(str(exc)) from None
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
        uvicorn.run(
            "portal.asgi:application",
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            # No `Server: uvicorn` on every response: it tells attackers only.
            server_header=False,
            forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            log_level=os.environ.get("UVICORN_LOG_LEVEL", "info"),
            ws_max_size=64 * 1024,
            # Frames are small JSON: compressing each one costs more than it saves.
            ws_per_message_deflate=False,
        )
