"""`manage.py serve`: more than one worker needs Redis; one worker serves without it."""

import subprocess
import sys

import pytest
import requests

from tests.live import servers


@pytest.fixture
def env_without_redis(tmp_path):
    env = servers.server_env(f"sqlite:///{tmp_path / 'unused.sqlite3'}", tmp_path)
    env.pop("REDIS_URL", None)
    return env


def test_serve_refuses_two_workers_without_redis(env_without_redis):
    port = servers.free_port()
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "2"],
        cwd=servers.REPO_ROOT,
        env=env_without_redis,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate(timeout=10)
        pytest.fail("serve --workers 2 without REDIS_URL kept running")
    assert proc.returncode != 0, out + err
    assert "REDIS_URL" in err, err
    assert "More than one worker needs a shared channel layer" in err, err
    # It never listened.
    assert not servers.listening(port)


def test_serve_one_worker_without_redis_answers(env_without_redis, tmp_path):
    server = servers.Server(env_without_redis, tmp_path, name="one-worker").start()
    try:
        answer = requests.get(f"{server.base}/healthz/", timeout=10)
        # No `Server: uvicorn` header: it tells nobody anything they need.
        assert "server" not in {name.lower() for name in answer.headers}
        # The SQLite file is not migrated; the channel layer is in-memory and delivers.
        assert answer.json()["channel_layer"] == {
            "ok": True,
            "backend": "InMemoryChannelLayer",
            "ms": answer.json()["channel_layer"]["ms"],
        }
    finally:
        server.stop()
