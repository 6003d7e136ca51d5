"""The production topology, run for real from a clean clone.

`deploy/serve-production.sh` starts nginx (from Debian), gunicorn page workers
and two websocket processes on PostgreSQL (when DATABASE_URL names one) and
Redis, with the production settings. Through nginx: a page and its static
file, a document download (X-Accel-Redirect: nginx sends the bytes), a live
message from a page worker to sockets on both websocket processes, then a
websocket process and a page worker killed and restarted with nothing lost.
"""

import asyncio
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
import websockets

from tests.live import servers
from tests.live.demo import redis_for_tests

HEADERS_MORE = Path("/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.skipif(not servers.truthy("RUN_SLOW"), reason="slow: set RUN_SLOW=1"),
]

LIVE_WITHIN = 5.0


def clean_clone(target: Path) -> Path:
    """A `git clone` of this checkout's HEAD, with the installed venv and vendored CSS."""
    subprocess.run(  # noqa: S603
        ["git", "clone", "--quiet", "--no-hardlinks", str(servers.REPO_ROOT), str(target)],  # noqa: S607
        check=True,
        timeout=120,
    )
    (target / ".venv").symlink_to(servers.REPO_ROOT / ".venv")
    shutil.copytree(servers.REPO_ROOT / "static" / "vendor", target / "static" / "vendor")
    return target


class Topology:
    def __init__(self, clone: Path, demo, redis_url: str, run_dir: Path):
        self.clone, self.run_dir = clone, run_dir
        self.port = servers.free_port()
        self.pages_port = servers.free_port()
        self.ws_ports = [servers.free_port(), servers.free_port()]
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in servers.NOT_INHERITED}
        env.update(
            DJANGO_SETTINGS_MODULE="portal.settings.production",
            SECRET_KEY=servers.SECRET_KEY,
            DATABASE_URL=demo.db.url,
            REDIS_URL=redis_url,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CSRF_TRUSTED_ORIGINS=self.base,
            # Plain HTTP on loopback in this test; a real host sits behind TLS.
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            SECURE_HSTS_SECONDS="0",
            MEDIA_ROOT=demo.env["MEDIA_ROOT"],
            PRIVATE_MEDIA_ROOT=demo.env["PRIVATE_MEDIA_ROOT"],
            STATIC_ROOT=str(run_dir / "static"),
            RUN_DIR=str(run_dir),
            LISTEN_PORT=str(self.port),
            PAGES_PORT=str(self.pages_port),
            WS_PORTS=" ".join(map(str, self.ws_ports)),
            NGINX_WORKERS="1",
            LOG_LEVEL="WARNING",
            UVICORN_LOG_LEVEL="warning",
            PYTHONUNBUFFERED="1",
        )
        self.env = env
        self.log_path = run_dir / "topology.log"
        self.proc = None

    def start(self) -> "Topology":
        self.run_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(  # noqa: S603
            ["bash", "deploy/serve-production.sh"],  # noqa: S607
            cwd=self.clone,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        try:
            servers.wait_for(self.ready, 240, interval=0.5, what="the topology")
        except BaseException:
            self.stop()
            raise
        return self

    def ready(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"serve-production exited:\n{self.log()}")
        ports = [self.port, self.pages_port, *self.ws_ports]
        if not all(servers.listening(p) for p in ports):
            return False
        try:
            return requests.get(self.base + "/healthz/", timeout=5).json()["status"] == "ok"
        except (requests.RequestException, ValueError):
            return False

    def log(self) -> str:
        parts = [self.log_path.read_text(errors="replace")[-6000:]]
        nginx_log = self.run_dir / "nginx-error.log"
        if nginx_log.exists():
            parts.append(nginx_log.read_text(errors="replace")[-2000:])
        return "\n".join(parts)

    def pid(self, name: str) -> int:
        return int((self.run_dir / name).read_text().strip())

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture
def topology(demo, tmp_path):
    redis = redis_for_tests(tmp_path)
    if not redis.running():
        redis.start()
    clone = clean_clone(tmp_path / "clone")
    started = Topology(clone, demo, redis.url, tmp_path / "run").start()
    yield started
    started.stop()
    if redis.own:
        redis.stop()


def sign_in(topology, username: str, password: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    server = type("S", (), {"base": topology.base})()
    return session, servers.login(session, server, username, password)


async def open_socket(port: int, slug: str, session_key: str):
    sock = await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/werkruimte/{slug}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={session_key}"},
        open_timeout=10,
        close_timeout=2,
    )
    hello = json.loads(await asyncio.wait_for(sock.recv(), 10))
    assert hello["type"] == "hello", hello
    return sock


async def frame_of(sock, thread_id: int, body_part: str) -> dict:
    deadline = time.monotonic() + LIVE_WITHIN
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no live message with {body_part!r}")
        frame = json.loads(await asyncio.wait_for(sock.recv(), left))
        if (
            frame.get("type") == "message.created"
            and frame.get("thread") == thread_id
            and body_part in json.dumps(frame)
        ):
            return frame


def post(session, url: str, body: str) -> None:
    page = session.get(url, timeout=20)
    assert page.status_code == 200, page.status_code
    answer = session.post(
        url,
        data={"body": body, "csrfmiddlewaretoken": servers.csrf_from(page.text)},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, (answer.status_code, answer.text[:1000])


def test_production_topology_serves_pages_downloads_and_live_messages_across_restarts(
    demo, topology
):
    base = topology.base
    # A page through nginx from gunicorn, and its stylesheet from disk.
    home = requests.get(base + "/", timeout=20)
    assert home.status_code == 200
    css = next(part.split('"')[0] for part in home.text.split('href="/static/')[1:])
    static = requests.get(f"{base}/static/{css}", timeout=20)
    assert static.status_code == 200
    # No Server header, neither gunicorn's nor nginx's (headers-more, which
    # .ci/run installs); without the module nginx says only "nginx".
    for response in (home, static):
        if HEADERS_MORE.exists() or os.environ.get("CI"):
            assert "Server" not in response.headers, response.headers
        else:
            assert response.headers["Server"] == "nginx"

    # A document download: the view checks access, nginx sends the bytes.
    [(doc_id, slug, name)] = demo.db.query(
        "SELECT d.id, p.slug, v.file FROM sharing_document d "
        "JOIN wagtailcore_page p ON p.id = d.partnership_id "
        "JOIN sharing_documentversion v ON v.document_id = d.id AND v.number = 1 "
        "WHERE d.scope = 'shared' ORDER BY d.id LIMIT 1"
    )
    reader, reader_key = sign_in(topology, "aannemer-b", demo.password)
    answer = reader.get(f"{base}/werkruimte/{slug}/documenten/{doc_id}/versies/1/download/")
    assert answer.status_code == 200, answer.status_code
    assert "X-Accel-Redirect" not in answer.headers
    assert answer.content == (Path(demo.env["PRIVATE_MEDIA_ROOT"]) / name).read_bytes()
    # The internal location cannot be asked for directly.
    assert requests.get(f"{base}/_private/{name}", timeout=20).status_code == 404

    # A live message: posted to a page worker, delivered on both websocket processes.
    [(thread_id,)] = demo.db.query(
        "SELECT t.id FROM sharing_thread t JOIN wagtailcore_page p ON p.id = t.partnership_id "
        "WHERE p.slug = %s AND t.scope = 'shared' ORDER BY t.id LIMIT 1",
        (slug,),
    )
    poster, _ = sign_in(topology, "opdrachtgever", demo.password)
    thread_url = f"{base}/werkruimte/{slug}/draden/{thread_id}/"
    one_port, two_port = topology.ws_ports

    async def scenario():
        one = await open_socket(one_port, slug, reader_key)
        two = await open_socket(two_port, slug, reader_key)
        await asyncio.to_thread(post, poster, thread_url, "Eerste bericht via nginx")
        await frame_of(one, thread_id, "Eerste bericht via nginx")
        await frame_of(two, thread_id, "Eerste bericht via nginx")

        # Restart websocket process one: its socket closes, the supervisor starts it again.
        old = topology.pid("ws-1.pid")
        os.kill(old, signal.SIGTERM)
        await asyncio.to_thread(post, poster, thread_url, "Tijdens de herstart")
        await frame_of(two, thread_id, "Tijdens de herstart")
        await asyncio.to_thread(
            servers.wait_for,
            lambda: topology.pid("ws-1.pid") != old and servers.listening(one_port),
            30,
            0.2,
            "websocket process one back",
        )
        await one.close()
        one = await open_socket(one_port, slug, reader_key)
        await asyncio.to_thread(post, poster, thread_url, "Na de herstart")
        await frame_of(one, thread_id, "Na de herstart")
        await frame_of(two, thread_id, "Na de herstart")
        await one.close()
        await two.close()

    asyncio.run(scenario())

    # Kill a page worker: gunicorn starts another, pages keep coming.
    master = topology.pid("gunicorn.pid")
    workers = [
        int(p)
        for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if p.strip()
    ]
    assert workers, "gunicorn has no workers"
    os.kill(workers[0], signal.SIGKILL)
    for _ in range(20):
        assert requests.get(base + "/", timeout=20).status_code == 200

    # Nothing lost: every message is in the thread, as the page shows it.
    page = reader.get(thread_url, timeout=20).text
    for body in ("Eerste bericht via nginx", "Tijdens de herstart", "Na de herstart"):
        assert body in page, body
    assert "Traceback" not in topology.log(), topology.log()
