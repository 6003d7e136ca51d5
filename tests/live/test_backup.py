"""The backup drill: dump the demo, drop it, restore it, and the documents download the same.

deploy/backup.sh and deploy/restore.sh, on a copy of the demo database and its
private files: after the drop and the restore a real server on the restored
database and folder serves every document a client lead may read, byte for
byte as before.
"""

import shutil
import subprocess
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from tests.live import servers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(not servers.truthy("RUN_SLOW"), reason="slow: set RUN_SLOW=1"),
]


def run(script: str, *args: str, env: dict) -> None:
    result = subprocess.run(  # noqa: S603
        ["bash", f"deploy/{script}", *args],  # noqa: S607
        cwd=servers.REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{script} failed:\n{result.stdout}\n{result.stderr}"


def downloads(server, demo, slugs_and_ids) -> dict[int, bytes]:
    session = requests.Session()
    servers.login(session, server, "opdrachtgever", demo.password)
    found = {}
    for doc_id, slug in slugs_and_ids:
        answer = session.get(
            f"{server.base}/werkruimte/{slug}/documenten/{doc_id}/download/", timeout=30
        )
        if answer.status_code == 200:
            found[doc_id] = answer.content
    return found


def test_backup_and_restore_bring_back_the_demo_with_byte_identical_documents(demo, tmp_path):
    if not demo.db.postgres:
        pytest.skip("the drill uses pg_dump: set DATABASE_URL to PostgreSQL")
    # Work on a copy of the demo: its database (a template copy) and its files.
    name = demo.db.name + "_drill"
    parts = urlsplit(demo.db.url)
    url = urlunsplit(parts._replace(path="/" + name))
    demo.db._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    demo.db._admin(f'CREATE DATABASE "{name}" TEMPLATE "{demo.db.name}"')
    files = tmp_path / "private-media"
    shutil.copytree(demo.env["PRIVATE_MEDIA_ROOT"], files)
    env = servers.server_env(url, tmp_path)
    env["PRIVATE_MEDIA_ROOT"] = str(files)
    env.pop("MEDIA_ROOT")
    try:
        documents = [(doc_id, slug) for doc_id, slug, _file in demo.documents()]
        server = servers.Server(env, tmp_path, name="before").start()
        try:
            before = downloads(server, demo, documents)
        finally:
            server.stop()
        assert len(before) >= 3, before.keys()

        backup = tmp_path / "backup"
        run("backup.sh", str(backup), env=env)
        assert (backup / "database.dump").stat().st_size > 0

        # The disaster: database and files gone.
        demo.db._admin(f'DROP DATABASE "{name}" WITH (FORCE)')
        shutil.rmtree(files)
        demo.db._admin(f'CREATE DATABASE "{name}"')

        run("restore.sh", str(backup), env=env)
        server = servers.Server(env, tmp_path, name="after").start()
        try:
            after = downloads(server, demo, documents)
        finally:
            server.stop()
        assert after.keys() == before.keys()
        for doc_id, content in before.items():
            assert after[doc_id] == content, f"document {doc_id} differs after the restore"
    finally:
        demo.db._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
