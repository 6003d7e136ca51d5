"""`manage.py serve`: more than one worker needs Redis; one worker serves without it;
a second process on the in-memory layer and an unreachable Redis are refused."""

import os
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


def run_serve(env, port, workers=1) -> tuple[int, str]:
    """Run `serve` that is expected to refuse; returns (exit code, output)."""
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=servers.REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate(timeout=10)
        pytest.fail(f"serve --workers {workers} kept running")
    return proc.returncode, out


@pytest.fixture(params=["sqlite", "postgres"])
def env_on_one_database(request, tmp_path):
    """Server environment without Redis on a SQLite file, or on PostgreSQL when DATABASE_URL is."""
    url = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    if request.param == "postgres":
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            pytest.skip("needs PostgreSQL: set DATABASE_URL")
    env = servers.server_env(url, tmp_path)
    env.pop("REDIS_URL", None)
    return env


def test_second_serve_process_on_the_in_memory_layer_refuses(env_on_one_database, tmp_path):
    env_without_redis = env_on_one_database
    first = servers.Server(env_without_redis, tmp_path, name="first").start()
    try:
        port = servers.free_port()
        code, out = run_serve(env_without_redis, port)
        assert code != 0, out
        assert "Er draait al een Partnerwerk-server op deze database" in out, out
        assert "Another Partnerwerk server already runs on this database" in out, out
        assert not servers.listening(port)
        # The first one keeps serving.
        assert requests.get(f"{first.base}/healthz/", timeout=10).status_code in (200, 503)
    finally:
        first.stop()
    # The lock goes with the process: a new one may start now.
    again = servers.Server(env_without_redis, tmp_path, name="again").start()
    again.stop()


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_refuses_an_unreachable_redis_with_a_clear_message(tmp_path, workers):
    dead = f"redis://:geheim@127.0.0.1:{servers.free_port()}/0"
    env = servers.server_env(f"sqlite:///{tmp_path / 'unused.sqlite3'}", tmp_path, dead)
    port = servers.free_port()
    code, out = run_serve(env, port, workers)
    assert code != 0, out
    assert "is niet bereikbaar" in out and "is unreachable" in out, out
    assert "geheim" not in out  # the password is not printed
    assert not servers.listening(port)


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
