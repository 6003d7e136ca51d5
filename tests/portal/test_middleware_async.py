"""Our middlewares take the async path under ASGI: no thread hop of their own."""

import asyncio

from asgiref.sync import iscoroutinefunction

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from portal.middleware import LanguageMiddleware, PageCacheMiddleware


async def _view(request):
    return HttpResponse("ok")


def test_language_and_page_cache_middlewares_are_coroutines_under_an_async_handler():
    for middleware in (LanguageMiddleware, PageCacheMiddleware):
        assert middleware.async_capable and middleware.sync_capable
        assert iscoroutinefunction(middleware(_view))
        assert not iscoroutinefunction(middleware(lambda request: HttpResponse()))


def test_async_path_answers_like_the_sync_path():
    request = RequestFactory().get("/robots.txt", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en")
    stack = PageCacheMiddleware(LanguageMiddleware(_view))
    response = asyncio.run(stack(request))
    assert response.content == b"ok"
    assert response["Content-Language"] == "en"
    assert response["X-Cache"] == "bypass"
