"""Real servers for the live tests and the fan-out benchmark.

Everything here runs the application as it runs in production: `manage.py
serve` (uvicorn) in subprocesses on loopback ports, a database shared by the
test and the servers, a real Redis, real HTTP and real websockets. Nothing is
imported from Django in this process, so it works under pytest-django (whose
settings force the in-memory layer) and in a plain script alike.

Ports come from 23000-23999, or from LIVE_PORTS (e.g. `32000-32999`). Every
process started here is stopped by its own pid.
"""

import contextlib
import json
import os
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parents[2]


def _port_range(spec: str) -> range:
    low, _sep, high = spec.partition("-")
    return range(int(low), int(high or low) + 1)


PORTS = _port_range(os.environ.get("LIVE_PORTS", "") or "23000-23999")
SECRET_KEY = "live-servers-only-" + "k" * 50
# What the parent's environment must not pass on to a server: pytest-django's
# settings module and the variables the test settings set for themselves.
NOT_INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "TEST_SQLITE_NAME",
}
_taken: set[int] = set()


def truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def free_port() -> int:
    """A port in PORTS that nothing listens on and that we can bind."""
    candidates = [p for p in PORTS if p not in _taken]
    random.shuffle(candidates)
    for port in candidates[:500]:
        with socket.socket() as probe:
            probe.settimeout(0.2)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _taken.add(port)
        return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(predicate, timeout: float, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"{what}: not reached within {timeout} s")


def server_env(database_url: str, workdir: Path, redis_url: str | None = None) -> dict:
    """Environment for a server process: dev settings (plain HTTP), given DB and Redis."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="1",  # dev settings: plain HTTP, static files without a manifest
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private-media"),
        UVICORN_LOG_LEVEL="warning",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(REPO_ROOT),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(*args: str, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# --------------------------------------------------------------------------
# Database shared by the test (or benchmark) and the servers
# --------------------------------------------------------------------------


class LiveDatabase:
    """A fresh database: PostgreSQL `<name>_live` when DATABASE_URL names a
    PostgreSQL server (CI), otherwise a SQLite file in `workdir`."""

    def __init__(self, workdir: Path, base_url: str | None = None, suffix: str = "_live"):
        self.workdir = workdir
        base_url = os.environ.get("DATABASE_URL", "") if base_url is None else base_url
        parts = urlsplit(base_url) if base_url else None
        self.postgres = bool(parts and parts.scheme.startswith("postgres"))
        if self.postgres:
            self.admin_url = base_url
            self.name = (parts.path.lstrip("/") or "partnerwerk") + suffix
            self.url = urlunsplit(parts._replace(path="/" + self.name))
        else:
            self.path = workdir / "live.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)

    def create(self) -> None:
        """A fresh database; on PostgreSQL a copy of the migrated template when
        an earlier LiveDatabase of this code left one (see `migrate`)."""
        self.from_template = False
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            if self._template_exists():
                self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')
                self.from_template = True
            else:
                self._admin(f'CREATE DATABASE "{self.name}"')

    @property
    def template(self) -> str:
        """Named after the migrations and pins: other code never shares it."""
        import hashlib

        digest = hashlib.sha256((REPO_ROOT / "requirements.lock").read_bytes())
        for path in sorted(REPO_ROOT.glob("*/migrations/*.py")):
            digest.update(path.name.encode() + path.read_bytes())
        base = urlsplit(self.admin_url).path.lstrip("/") or "partnerwerk"
        return f"{base}_migrated_{digest.hexdigest()[:12]}"

    def _template_exists(self) -> bool:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as conn:
            row = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (self.template,)
            ).fetchone()
        return row is not None

    def drop(self) -> None:
        if self.postgres:
            with contextlib.suppress(Exception):
                self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read straight from the servers' database (placeholders: %s)."""
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url, connect_timeout=10) as conn:
                return conn.execute(sql, params).fetchall()
        import sqlite3

        conn = sqlite3.connect(self.path, timeout=20)
        try:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            conn.close()

    def migrate(self, env: dict) -> None:
        """Migrate; on PostgreSQL the first fully migrated database of this code
        becomes the template later ones are copied from (about 25 s saved each)."""
        result = manage("migrate", "--noinput", env=env, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"migrate failed:\n{result.stdout}\n{result.stderr}")
        if self.postgres and not getattr(self, "from_template", False):
            # Nobody is connected right after `migrate`; another process may
            # have made the template first.
            with contextlib.suppress(Exception):
                if not self._template_exists():
                    self._drop_old_templates()
                    self._admin(f'CREATE DATABASE "{self.template}" TEMPLATE "{self.name}"')

    def _drop_old_templates(self) -> None:
        """Templates of earlier migrations (a developer's own PostgreSQL keeps them)."""
        import psycopg

        prefix = self.template.rsplit("_", 1)[0] + "_"
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as conn:
            names = [
                row[0]
                for row in conn.execute("SELECT datname FROM pg_database").fetchall()
                if row[0].startswith(prefix) and row[0] != self.template
            ]
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(env: dict, members: int = 0, sessions: bool = False) -> dict:
    """Build the workspace in the servers' database (see tests/live/seed.py)."""
    args = [sys.executable, "-m", "tests.live.seed", "--members", str(members)]
    if sessions:
        args.append("--sessions")
    result = subprocess.run(  # noqa: S603
        args, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"seed failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------
# Server processes
# --------------------------------------------------------------------------


class Server:
    """`manage.py serve --workers 1` on 127.0.0.1:<port>, output in a log file."""

    def __init__(self, env: dict, workdir: Path, name: str = "server", command=None):
        self.env = env
        # Another command line, e.g. to profile: "{port}" in it becomes the port,
        # otherwise it gets --port PORT appended.
        self.command = command
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.origin = self.base
        self.log_path = workdir / f"{name}-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def ws_url(self, slug: str) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/werkruimte/{slug}/"

    def start(self, timeout: float = 60) -> "Server":
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        if self.command and any("{port}" in part for part in self.command):
            command = [part.replace("{port}", str(self.port)) for part in self.command]
        elif self.command:
            command = [*self.command, "--port", str(self.port)]
        else:
            command = [sys.executable, "manage.py", "serve", "--host", "127.0.0.1"]
            command += ["--port", str(self.port), "--workers", "1"]
        self.proc = subprocess.Popen(  # noqa: S603
            command,
            cwd=REPO_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        try:
            wait_for(self._listening, timeout, what=f"server on port {self.port}")
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"server did not start:\n{self.log()}") from None
        return self

    def _listening(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
        return listening(self.port)

    def log(self, tail: int = 60) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-tail:])

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# --------------------------------------------------------------------------
# Redis
# --------------------------------------------------------------------------


def redis_ping(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Redis:
    """A Redis that can be stopped and started again.

    `from_env()` controls the Redis of `.ci/run` (REDIS_PIDFILE and
    REDIS_SERVER_CMD); `throwaway(workdir)` starts our own on a free port.
    """

    def __init__(self, url: str, port: int, pidfile: Path, command: list[str], own: bool):
        self.url, self.port, self.pidfile, self.command, self.own = (
            url,
            port,
            pidfile,
            command,
            own,
        )

    @classmethod
    def from_env(cls) -> "Redis | None":
        url = os.environ.get("REDIS_URL", "")
        pidfile = os.environ.get("REDIS_PIDFILE", "")
        command = os.environ.get("REDIS_SERVER_CMD", "")
        port = os.environ.get("REDIS_PORT", "") or str(urlsplit(url).port or "")
        if not (url and pidfile and command and port):
            return None
        return cls(url, int(port), Path(pidfile), shlex.split(command), own=False)

    @classmethod
    def throwaway(cls, workdir: Path) -> "Redis | None":
        binary = shutil.which("redis-server")
        if binary is None:
            return None
        port = free_port()
        pidfile = workdir / f"redis-{port}.pid"
        command = [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--pidfile",
            str(pidfile),
            "--dir",
            str(workdir),
            "--logfile",
            str(workdir / f"redis-{port}.log"),
        ]
        redis = cls(f"redis://127.0.0.1:{port}/0", port, pidfile, command, own=True)
        redis.start()
        return redis

    def pid(self) -> int | None:
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None
        # Only a redis-server: a stale pidfile must not kill an unrelated process.
        try:
            comm = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            return None
        return pid if comm.startswith("redis-server") else None

    def running(self) -> bool:
        return redis_ping(self.port)

    def start(self, timeout: float = 10) -> None:
        if self.running():
            return
        subprocess.run(self.command, check=True, timeout=30, capture_output=True)  # noqa: S603
        wait_for(self.running, timeout, what=f"redis on port {self.port}")

    def pause(self) -> None:
        """A stall: the process stops answering, its connections stay open."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGSTOP)

    def resume(self) -> None:
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGCONT)

    def stop(self, timeout: float = 10) -> None:
        pid = self.pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGCONT)  # a paused Redis cannot handle SIGTERM
        os.kill(pid, signal.SIGTERM)

        def gone():
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            return False

        wait_for(gone, timeout, what=f"redis pid {pid} to stop")


# --------------------------------------------------------------------------
# HTTP as a browser does it: login form, CSRF token from the page
# --------------------------------------------------------------------------

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    if match is None:
        raise AssertionError("no CSRF token in the page")
    return match.group(1)


def login(session, server: Server, username: str, password: str) -> str:
    """POST the real login form; returns the session key."""
    page = session.get(f"{server.base}/accounts/login/", timeout=10)
    page.raise_for_status()
    answer = session.post(
        f"{server.base}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_from(page.text),
        },
        headers={"Referer": f"{server.base}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, (answer.status_code, answer.text[:2000])
    key = session.cookies.get("sessionid")
    assert key, "no session cookie after login"
    return key


def thread_url(server: Server, slug: str, thread_id: int) -> str:
    return f"{server.base}/werkruimte/{slug}/draden/{thread_id}/"
