"""Our own middlewares: sync and async capable, so neither adds a thread hop under ASGI.

Production serves pages from WSGI workers (see README, Speed); `make run`
serves them from one ASGI process, where a sync-only middleware makes every
request hop from the event loop to a thread and back. The work below is a
few dictionary and cache reads (the in-process cache, or Redis with short
timeouts), cheap enough to do on the event loop.
"""

import logging

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils import translation

from . import pagecache

logger = logging.getLogger(__name__)


class _SyncAndAsync:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        return self.call(request)


class LanguageMiddleware(_SyncAndAsync):
    """Dutch unless the visitor chose another language with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    a Dutch government portal speaks Dutch until asked otherwise.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.supported = {code for code, _name in settings.LANGUAGES}

    def activate(self, request) -> str:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return language

    def call(self, request):
        language = self.activate(request)
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    async def __acall__(self, request):
        language = self.activate(request)
        response = await self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PageCacheMiddleware(_SyncAndAsync):
    """Answers anonymous visitors' public pages from the page cache, before routing.

    Sits right after whitenoise, before the session: a hit skips every other
    middleware, the URL resolver and Wagtail's routing, and costs two cache
    reads (generation and page). What may be served and stored is decided in
    `portal.pagecache`; `X-Cache` says hit, miss or bypass.
    """

    def lookup(self, request):
        """(key, cached response) for a request that may use the cache."""
        key = None
        try:
            generation = pagecache.current_generation()
            # Read once per request: portal.routing keys its memory on it too.
            request.page_cache_generation = generation
            key = pagecache.cache_key(request, generation)
            cached = pagecache.fetch(key)
        except DisallowedHost:
            raise
        except Exception:  # a cache outage must not take the site down
            logger.exception("Page cache lookup failed")
            cached = None
        return key, cached

    def finish(self, request, response, key, tried: bool):
        if not tried:
            response["X-Cache"] = "bypass"
            return response
        if key is not None and pagecache.may_store(request, response):
            try:
                pagecache.store(key, response)
            except Exception:
                logger.exception("Page cache store failed")
        response["X-Cache"] = "miss"
        return response

    def call(self, request):
        tried = pagecache.may_serve_from_cache(request)
        key, cached = self.lookup(request) if tried else (None, None)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        return self.finish(request, self.get_response(request), key, tried)

    async def __acall__(self, request):
        tried = pagecache.may_serve_from_cache(request)
        key, cached = self.lookup(request) if tried else (None, None)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        return self.finish(request, await self.get_response(request), key, tried)


class PrivacyHeadersMiddleware:
    """Permissions-Policy on every response; signed-in pages are never stored.

    A page shown to a signed-in user may hold a contractor's confidential
    work: no shared or browser cache may keep it (`private, no-store`).
    The browser features the portal never uses are switched off for it and
    for anything it might embed.
    """

    PERMISSIONS_POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "usb",
            "interest-cohort",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
