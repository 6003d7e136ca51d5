"""Redis stopped for real under a real server: the public site keeps answering 200.

Wagtail's site-root lookup, the page cache and the visit sign-up's rate limit
all read the Redis cache; with Django's RedisCache a stopped Redis answered
500 on every public page. Now the cache degrades to "no cache", the outage is
logged once, /healthz/ says "degraded", and when Redis is back all is as before.
"""

import time

import pytest
import requests

from tests.live import servers
from tests.live.demo import redis_for_tests

pytestmark = [
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.skipif(not servers.truthy("RUN_SLOW"), reason="slow: set RUN_SLOW=1"),
]


def public_paths(demo) -> list[str]:
    return [
        "/",
        demo.page_path("casestorypage"),
        demo.page_path("lessonindexpage"),
        demo.page_path("lessonpage"),
        demo.page_path("visitpage"),
        "/zoeken/?q=dijk",
        "/feed/",
        "/sitemap.xml",
    ]


def register_for_visit(server, path: str, email: str) -> int:
    session = requests.Session()
    page = session.get(server.base + path, timeout=20)
    assert page.status_code == 200
    answer = session.post(
        server.base + path,
        data={
            "name": "Ria de Vries",
            "organisation": "Gemeente Houten",
            "email": email,
            "csrfmiddlewaretoken": servers.csrf_from(page.text),
        },
        headers={"Referer": server.base + path},
        allow_redirects=False,
        timeout=20,
    )
    return answer.status_code


def test_public_pages_answer_200_with_redis_stopped(demo, tmp_path):
    redis = redis_for_tests(tmp_path)
    env = dict(demo.env, REDIS_URL=redis.url)
    server = servers.Server(env, tmp_path, name="outage").start()
    paths = public_paths(demo)
    try:
        for path in paths:
            assert requests.get(server.base + path, timeout=20).status_code == 200, path
        redis.stop()
        try:
            for _round in range(3):
                for path in paths:
                    answer = requests.get(server.base + path, timeout=20)
                    assert answer.status_code == 200, (path, answer.status_code, server.log())
            visit = demo.page_path("visitpage")
            assert register_for_visit(server, visit, "ria.outage@example.org") in (200, 302)
            health = requests.get(server.base + "/healthz/", timeout=20)
            assert health.status_code == 200, health.text
            assert health.json()["status"] == "degraded"
            assert health.json()["database"]["ok"] is True
        finally:
            redis.start()
        # Back to normal within a few seconds (the cache retries after 5 s).
        servers.wait_for(
            lambda: requests.get(server.base + "/healthz/", timeout=20).json()["status"] == "ok",
            20,
            interval=0.5,
            what="healthz ok after Redis is back",
        )
        for path in paths:
            assert requests.get(server.base + path, timeout=20).status_code == 200, path
        time.sleep(0.5)
        log = server.log(tail=2000)
        assert "Internal Server Error" not in log, log
        # Logged once per outage, not per request.
        assert log.count("serving without cache") == 1, log
    finally:
        server.stop()
        redis.start()
        if redis.own:
            redis.stop()
