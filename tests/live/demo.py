"""The demo, migrated and loaded once per test session, in a database the servers share.

Used by the tests that run the real servers on the demo: Redis stopped under
a server, the production topology behind nginx, the backup drill. Loading it
costs about 30 s (Wagtail's migrations and the demo), paid once.
"""

import os
from pathlib import Path

import pytest

from tests.live import servers


def redis_for_tests(workdir: Path) -> "servers.Redis | None":
    """The Redis of `.ci/run` (it may be stopped and restarted), else our own on a free port."""
    redis = servers.Redis.from_env()
    if redis is not None:
        return redis
    if servers.truthy("CI"):
        pytest.fail("CI is set but REDIS_PIDFILE/REDIS_SERVER_CMD are not: see .ci/run")
    return servers.Redis.throwaway(workdir)


class Demo:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.db = servers.LiveDatabase(workdir, suffix="_demo")
        self.env = servers.server_env(self.db.url, workdir)
        self.password = "partnerwerk-demo"
        self.env["DEMO_PASSWORD"] = self.password

    def load(self) -> "Demo":
        self.db.create()
        self.db.migrate(self.env)
        result = servers.manage("demo", env=self.env, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"demo failed:\n{result.stdout}\n{result.stderr}")
        return self

    def page_path(self, model: str) -> str:
        """The path of one live page of a Wagtail page model (lower-case model name)."""
        rows = self.db.query(
            "SELECT p.url_path FROM wagtailcore_page p JOIN django_content_type c "
            "ON p.content_type_id = c.id WHERE c.model = %s AND p.live "
            "ORDER BY p.path LIMIT 1",
            (model,),
        )
        assert rows, f"no live {model} in the demo"
        # url_path starts with the site root's slug ("/home/...").
        return "/" + rows[0][0].strip("/").split("/", 1)[1] + "/"

    def documents(self) -> list[tuple[int, str, str]]:
        """(document id, partnership slug, stored file name) of each document's latest version."""
        return self.db.query(
            "SELECT d.id, p.slug, v.file FROM sharing_document d "
            "JOIN wagtailcore_page p ON p.id = d.partnership_id "
            "JOIN sharing_documentversion v ON v.document_id = d.id "
            "WHERE v.id = (SELECT max(id) FROM sharing_documentversion WHERE document_id = d.id) "
            "ORDER BY d.id"
        )


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    if not (servers.truthy("RUN_SLOW") or os.environ.get("CI")):
        pytest.skip("slow: set RUN_SLOW=1")
    loaded = Demo(tmp_path_factory.mktemp("demo")).load()
    yield loaded
    loaded.db.drop()
