"""A Redis cache that is away costs nothing: pages are served, the outage is logged once.

The cache points at a port where nothing listens, as when Redis is stopped:
Django's RedisCache would raise on Wagtail's site-root lookup, the page cache
and the rate limit, so every page answered 500. (tests/live/test_redis_outage.py
does the same with a real Redis stopped under real servers.)
"""

import logging

import pytest

from django.core.cache import caches
from django.test import override_settings

from portal import cache as cache_module
from portal import ratelimit
from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "portal.cache.DegradingRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "KEY_PREFIX": "partnerwerk",
    }
}


@pytest.fixture(autouse=True)
def _fresh_outage_state():
    """Each test starts with Redis "never seen down" in this process (an earlier test may
    have met the same dead address)."""
    cache_module._down_until.clear()
    yield
    cache_module._down_until.clear()


@pytest.fixture
def public_pages():
    home = build.site_tree()
    story = build.story("Een verhaal over de dijk")
    lessons = build.lesson_index()
    build.lesson("Een les")
    visit = build.visit()
    return [
        "/",
        story.url,
        lessons.url,
        visit.url,
        "/zoeken/?q=dijk",
        "/feed/",
        "/sitemap.xml",
    ], home


def test_public_pages_answer_200_when_the_redis_cache_is_unreachable(client, public_pages, caplog):
    urls, _home = public_pages
    with override_settings(CACHES=DEAD_REDIS), caplog.at_level(logging.WARNING, "portal.cache"):
        for _round in range(2):
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
    # One line for the whole outage, not one per request.
    outage = [r for r in caplog.records if r.name == "portal.cache"]
    assert len(outage) == 1, [r.getMessage() for r in outage]
    assert "serving without cache" in outage[0].getMessage()


def test_visit_registration_works_when_the_redis_cache_is_unreachable(client, public_pages):
    visit = build.visit("Nog een kijkje")
    with override_settings(CACHES=DEAD_REDIS):
        response = client.post(
            visit.url, {"name": "Ria", "organisation": "Gemeente", "email": "ria@example.org"}
        )
    assert response.status_code in (200, 302), response.status_code
    assert visit.registrations.count() == 1


def test_rate_limit_lets_requests_through_when_the_cache_is_unreachable(rf):
    request = rf.post("/", REMOTE_ADDR="192.0.2.1")
    with override_settings(CACHES=DEAD_REDIS):
        verdicts = [ratelimit.hit("test", request, "1/600").allowed for _ in range(3)]
    assert verdicts == [True, True, True]


def test_degrading_cache_reads_miss_and_writes_drop_while_redis_is_away():
    with override_settings(CACHES=DEAD_REDIS):
        cache = caches["default"]
        assert cache.get("x", "fallback") == "fallback"
        assert cache.add("x", 1) is False
        cache.set("x", 1)
        assert cache.get_many(["x"]) == {}
        assert cache.has_key("x") is False
        with pytest.raises(ValueError):
            cache.incr("x")
        assert cache.available is False
