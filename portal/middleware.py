import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils import translation

from . import pagecache

logger = logging.getLogger(__name__)


class LanguageMiddleware:
    """Dutch unless the visitor chose another language with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    a Dutch government portal speaks Dutch until asked otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PageCacheMiddleware:
    """Answers anonymous visitors' public pages from the page cache, before routing.

    Sits right after whitenoise, before the session: a hit skips every other
    middleware, the URL resolver and Wagtail's routing, and costs two cache
    reads (generation and page). What may be served and stored is decided in
    `portal.pagecache`; `X-Cache` says hit, miss or bypass.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not pagecache.may_serve_from_cache(request):
            response = self.get_response(request)
            response["X-Cache"] = "bypass"
            return response
        key = None
        try:
            key = pagecache.cache_key(request, pagecache.current_generation())
            cached = pagecache.fetch(key)
        except DisallowedHost:
            raise
        except Exception:  # a cache outage must not take the site down
            logger.exception("Page cache lookup failed")
            cached = None
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if key is not None and pagecache.may_store(request, response):
            try:
                pagecache.store(key, response)
            except Exception:
                logger.exception("Page cache store failed")
        response["X-Cache"] = "miss"
        return response


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
