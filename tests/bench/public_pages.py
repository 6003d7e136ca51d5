"""Public pages benchmark on production terms: req/s and CPU per request, cached and uncached.

    python tests/bench/public_pages.py                       # the production page server
    python tests/bench/public_pages.py --servers all         # compare the four servers
    python tests/bench/public_pages.py --smoke               # the short form CI runs

Builds everything itself (see tests/bench/README.md): a migrated SQLite
database in a temporary folder with the demo loaded, static files collected,
then, per server under test, two real server processes on production settings
(`portal.settings.production`: DEBUG off, a generated SECRET_KEY, ALLOWED_HOSTS
for loopback, the manifest static storage), one with the page cache on and one
with PAGE_CACHE_ENABLED=0. Every request carries `X-Forwarded-Proto: https`,
as the TLS proxy sends it, so the SSL redirect does not fire.

It loads, in turn and for a fixed time each with a fixed connection count, the
bare view (/robots.txt: every middleware, no database, no template) and the
public pages (story, story index, home, lesson index, lesson, partnership
profile, search) of both processes. Around each load it reads the CPU time
(utime + stime in /proc/<pid>/stat) of the server's whole process tree, so
besides req/s it reports CPU milliseconds per request: on a shared 2-core
machine the steadier figure. Rounds alternate the URLs so drift hits all
alike; the median of the rounds counts. Prints ONE JSON line: per page, cached
and uncached req/s, CPU ms per request and the ratio to the bare view of the
same process (see README "Speed").

Servers (`--servers`, comma-separated or `all`; the first is the one
reported under "pages"):

- gunicorn-sync: gunicorn, sync workers, `portal.wsgi` (production's page server)
- uvicorn: uvicorn, `portal.asgi` (what `make run` uses, one process there)
- gunicorn-uvicorn: gunicorn with `uvicorn_worker.UvicornWorker`, `portal.asgi`
- granian: granian, WSGI interface, `portal.wsgi`

Every process it starts is stopped by its own pid (process group) at the end.
Not a test: pytest collects only test_*.py (the smoke test is
tests/bench/test_public_pages.py).
"""

import argparse
import asyncio
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.live import servers  # noqa: E402

DEFAULT_PORTS = "8620-8639"
BARE_PATH = "/robots.txt"
SEARCH_QUERY = "dijk"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
STORY_LINK_RE = re.compile(r'href="(/verhalen/[\w-]+/)"')
LESSON_LINK_RE = re.compile(r'href="(/lessen/[\w-]+/)"')
PARTNERSHIP_LINK_RE = re.compile(r'href="(/partnerschappen/[\w-]+/)"')
RPS_RE = re.compile(r"Requests/sec:\s+([\d.]+)")
REQUESTS_RE = re.compile(r"(\d+) requests in")
ERRORS_RE = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
SOCKET_ERRORS_RE = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SERVER_NAMES = ("gunicorn-sync", "uvicorn", "gunicorn-uvicorn", "granian")


def log(message: str) -> None:
    sys.stderr.write(f"# {message}\n")
    sys.stderr.flush()


def parse_ports(spec: str) -> range:
    first, _, last = spec.partition("-")
    return range(int(first), int(last or first) + 1)


class Ports:
    def __init__(self, ports: range):
        self.ports = list(ports)
        self.taken: set[int] = set()

    def take(self) -> int:
        for port in self.ports:
            if port in self.taken or servers.listening(port):
                continue
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    continue
            self.taken.add(port)
            return port
        raise RuntimeError(f"no free port in {self.ports[0]}-{self.ports[-1]}")


def server_command(name: str, port: int, workers: int) -> list[str]:
    python = sys.executable
    bind = f"127.0.0.1:{port}"
    if name == "gunicorn-sync":
        return [python, "-m", "gunicorn", "portal.wsgi:application", "--worker-class", "sync"] + [
            "--workers", str(workers), "--bind", bind, "--no-control-socket",
            "--log-level", "warning",
        ]  # fmt: skip
    if name == "gunicorn-uvicorn":
        return [python, "-m", "gunicorn", "portal.asgi:application"] + [
            "--worker-class", "uvicorn_worker.UvicornWorker", "--workers", str(workers),
            "--bind", bind, "--no-control-socket", "--log-level", "warning",
        ]  # fmt: skip
    if name == "uvicorn":
        return [python, "-m", "uvicorn", "portal.asgi:application", "--host", "127.0.0.1"] + [
            "--port", str(port), "--workers", str(workers), "--no-access-log",
            "--log-level", "warning", "--ws-per-message-deflate", "false",
        ]  # fmt: skip
    if name == "granian":
        return [python, "-m", "granian", "--interface", "wsgi", "portal.wsgi:application"] + [
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
            "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
    raise ValueError(name)


class ProcessServer:
    """One server process (and its workers) in its own process group."""

    def __init__(self, name: str, env: dict, workdir: Path, port: int, workers: int, cache: bool):
        self.name, self.port, self.cache = name, port, cache
        self.env = {**env, "PAGE_CACHE_ENABLED": "1" if cache else "0"}
        self.command = server_command(name, port, workers)
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = workdir / f"{name}-{'cached' if cache else 'uncached'}-{port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "ProcessServer":
        with open(self.log_path, "ab") as out:
            self.proc = subprocess.Popen(  # noqa: S603
                self.command,
                cwd=REPO_ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            servers.wait_for(self._ready, timeout, what=f"{self.name} on port {self.port}")
        except (TimeoutError, RuntimeError):
            self.stop()
            raise RuntimeError(f"{self.name} did not start:\n{self.log()}") from None
        return self

    def _ready(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.proc.returncode}")
        if not servers.listening(self.port):
            return False
        try:
            return fetch(self.base + BARE_PATH)[0] == 200
        except OSError:
            return False

    def log(self, tail: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-tail:])
        except OSError:
            return ""

    def cpu_seconds(self) -> float:
        """utime + stime of the server and every descendant (its workers)."""
        parents: dict[int, int] = {}
        times: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces: fields count from after ')'.
            fields = stat[stat.rindex(")") + 2 :].split()
            pid = int(entry)
            parents[pid] = int(fields[1])
            times[pid] = int(fields[11]) + int(fields[12])
        tree = {self.proc.pid}
        grew = True
        while grew:
            grew = False
            for pid, ppid in parents.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        return sum(times.get(pid, 0) for pid in tree) / CLOCK_TICKS

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        # The whole group: the master and the workers it forked.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def fetch(url: str):
    """Status, headers (case-insensitive) and body of one GET, as through the TLS proxy."""
    request = urllib.request.Request(url, headers=PROXY_HEADERS)  # noqa: S310 - our own server
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return answer.status, answer.headers, answer.read().decode()


def discover(base: str) -> dict[str, str]:
    """The paths under test, found in the demo's own pages."""

    def first_link(path, pattern):
        match = pattern.search(fetch(base + path)[2])
        if match is None:
            raise RuntimeError(f"no link like {pattern.pattern} on {path}: did the demo load?")
        return match.group(1)

    return {
        "bare": BARE_PATH,
        "story": first_link("/verhalen/", STORY_LINK_RE),
        "story_index": "/verhalen/",
        "home": "/",
        "lesson_index": "/lessen/",
        "lesson": first_link("/lessen/", LESSON_LINK_RE),
        "partnership": first_link("/partnerschappen/", PARTNERSHIP_LINK_RE),
        "search": f"/zoeken/?q={SEARCH_QUERY}",
    }


# --------------------------------------------------------------------------
# Load generators: {"rps", "requests", "errors"}
# --------------------------------------------------------------------------


def load_wrk(url: str, duration: float, connections: int) -> dict:
    headers = [arg for name, value in PROXY_HEADERS.items() for arg in ("-H", f"{name}: {value}")]
    result = subprocess.run(  # noqa: S603
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "10s"]
        + [*headers, url],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    )
    rate, count = RPS_RE.search(result.stdout), REQUESTS_RE.search(result.stdout)
    if rate is None or count is None:
        raise RuntimeError(f"wrk printed no rate:\n{result.stdout}\n{result.stderr}")
    errors = sum(int(n) for n in ERRORS_RE.findall(result.stdout))
    sockets = SOCKET_ERRORS_RE.search(result.stdout)
    if sockets:
        # A sync worker closes every connection; wrk may count that as a read
        # error without a lost request. Connect errors and timeouts count.
        errors += int(sockets.group(1)) + int(sockets.group(4))
    return {"rps": float(rate.group(1)), "requests": int(count.group(1)), "errors": errors}


def load_python(url: str, duration: float, connections: int) -> dict:
    """The asyncio client below, in its own process so it does not share our GIL."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--load", url]
        + ["--duration", str(duration), "--connections", str(connections)],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


async def _read_response(reader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("connection", "").lower() == "close"


async def _python_load(url: str, duration: float, connections: int) -> dict:
    host_port, _, path = url.removeprefix("http://").partition("/")
    host, _, port = host_port.partition(":")
    extra = "".join(f"{name}: {value}\r\n" for name, value in PROXY_HEADERS.items())
    request = f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\n{extra}\r\n".encode()
    deadline = time.monotonic() + duration
    done = errors = 0

    async def connection():
        nonlocal done, errors
        while time.monotonic() < deadline:
            reader, writer = await asyncio.open_connection(host, int(port or 80))
            try:
                while time.monotonic() < deadline:
                    writer.write(request)
                    status, close = await _read_response(reader)
                    done += 1
                    errors += status >= 400
                    if close:  # sync workers close after every response
                        break
            finally:
                writer.close()

    started = time.monotonic()
    await asyncio.gather(*(connection() for _ in range(connections)))
    elapsed = time.monotonic() - started
    return {"rps": round(done / elapsed, 1), "requests": done, "errors": errors}


# --------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------


def warm(server: ProcessServer, path: str, want_hit: bool) -> str | None:
    """Fetch until the page is cached (each worker has its own cache without Redis)."""
    x_cache = None
    for _ in range(12 if want_hit else 3):
        status, headers, _body = fetch(server.base + path)
        if status != 200:
            raise RuntimeError(f"{server.name} {path}: HTTP {status}")
        x_cache = headers.get("X-Cache")
        if not want_hit or x_cache == "hit":
            break
    return x_cache


def measure_one(server: ProcessServer, path: str, load, args) -> dict:
    before = server.cpu_seconds()
    result = load(server.base + path, args.duration, args.connections)
    cpu = server.cpu_seconds() - before
    requests = max(result["requests"], 1)
    return {"rps": result["rps"], "cpu_ms": 1000 * cpu / requests, "errors": result["errors"]}


def measure(pair: dict, paths: dict, args, load) -> dict:
    """Both processes of one server kind, every path; the medians of the rounds."""
    x_cache = {mode: {} for mode in pair}
    for mode, server in pair.items():
        for name, path in paths.items():
            x_cache[mode][name] = warm(server, path, want_hit=mode == "cached" and name != "bare")
            if not args.smoke:
                load(server.base + path, min(1.0, args.duration), args.connections)
            if mode == "cached" and name != "bare":
                # What the loads meet: after the warm-up every worker has it.
                x_cache[mode][name] = warm(server, path, want_hit=True)
    rounds = {(mode, name): [] for mode in pair for name in paths}
    errors = 0
    for _ in range(args.rounds):
        for name, path in paths.items():
            for mode, server in pair.items():
                result = measure_one(server, path, load, args)
                rounds[mode, name].append(result)
                errors += result["errors"]

    def median(mode, name, key):
        return statistics.median(r[key] for r in rounds[mode, name])

    out = {"errors": errors, "bare": {}, "pages": {}}
    for mode in pair:
        out["bare"][mode] = {
            "rps": round(median(mode, "bare", "rps"), 1),
            "cpu_ms": round(median(mode, "bare", "cpu_ms"), 2),
        }
    for name in paths:
        if name == "bare":
            continue
        out["pages"][name] = {"path": paths[name]}
        for mode in pair:
            rps = median(mode, name, "rps")
            bare = median(mode, "bare", "rps")
            out["pages"][name][mode] = {
                "rps": round(rps, 1),
                "cpu_ms": round(median(mode, name, "cpu_ms"), 2),
                "ratio": round(rps / bare, 3) if bare else None,
                "x_cache": x_cache[mode][name],
            }
    return out


def prepare(workdir: Path) -> dict:
    """A fresh database with the demo and collected static files; the servers' environment."""
    db = servers.LiveDatabase(workdir, base_url="")  # always a fresh SQLite file
    env = servers.server_env(db.url, workdir)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(workdir / "static"),
        LOG_LEVEL="WARNING",
    )
    vendor = REPO_ROOT / "static/vendor/utrecht/component-library.css"
    if not vendor.exists():  # what `make install` copies from node_modules
        vendor.parent.mkdir(parents=True, exist_ok=True)
        source = REPO_ROOT / "node_modules/@utrecht/component-library-css/dist/index.css"
        shutil.copyfile(source, vendor)
    started = time.monotonic()
    db.migrate(env)
    for command in (("demo", "--force"), ("collectstatic", "--noinput", "--verbosity", "0")):
        result = servers.manage(*command, env=env)
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed:\n{result.stdout}\n{result.stderr}")
    log(f"database, demo and static files ready in {time.monotonic() - started:.0f} s")
    return env


def _terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="worker processes per server")
    parser.add_argument(
        "--servers", default="gunicorn-sync", help=f"comma-separated of {', '.join(SERVER_NAMES)}"
    )
    parser.add_argument("--ports", default=os.environ.get("BENCH_PORTS", DEFAULT_PORTS))
    parser.add_argument("--redis-url", default="", help="REDIS_URL for the servers (cache)")
    parser.add_argument(
        "--smoke", action="store_true", help="1 round of 0.5 s (wrk: 1 s), 4 connections"
    )
    parser.add_argument("--loader", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--load", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load:  # we are the load-generating child
        result = asyncio.run(_python_load(args.load, args.duration, args.connections))
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    if args.smoke:
        args.duration, args.rounds, args.connections = 0.5, 1, 4
    if args.rounds < 1 or args.duration <= 0 or args.connections < 1:
        parser.error("rounds, duration and connections must be positive")
    names = SERVER_NAMES if args.servers == "all" else tuple(args.servers.split(","))
    if unknown := set(names) - set(SERVER_NAMES):
        parser.error(f"unknown servers: {', '.join(sorted(unknown))}")
    loader = args.loader
    if loader == "auto":
        loader = "wrk" if shutil.which("wrk") else "python"
    load = load_wrk if loader == "wrk" else load_python
    ports = Ports(parse_ports(args.ports))

    # A SIGTERM (a timeout, a CI runner stopping) unwinds like Ctrl-C, so the
    # `finally` below stops every server this run started.
    signal.signal(signal.SIGTERM, _terminate)
    workdir = Path(tempfile.mkdtemp(prefix="public-pages-"))
    running: list[ProcessServer] = []
    results = {}
    try:
        env = prepare(workdir)
        if args.redis_url:
            env["REDIS_URL"] = args.redis_url
        paths = None
        for name in names:
            pair = {}
            for mode in ("cached", "uncached"):
                server = ProcessServer(
                    name, env, workdir, ports.take(), args.workers, cache=mode == "cached"
                )
                running.append(server)
                pair[mode] = server.start()
            paths = paths or discover(pair["uncached"].base)
            log(f"measuring {name}")
            results[name] = measure(pair, paths, args, load)
            for server in pair.values():
                server.stop()
    finally:
        for server in running:
            server.stop()
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    chosen = names[0]
    line = {
        "benchmark": "public_pages",
        "settings": "portal.settings.production",
        "server": chosen,
        "workers": args.workers,
        "bare": results[chosen]["bare"],
        "pages": results[chosen]["pages"],
        "errors": sum(r["errors"] for r in results.values()),
        "loader": loader,
        "connections": args.connections,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "cache_backend": "redis" if args.redis_url else "locmem",
    }
    if len(names) > 1:
        line["servers"] = {
            name: {
                "bare": result["bare"],
                "pages": {
                    page: {
                        mode: {k: v[mode][k] for k in ("rps", "cpu_ms", "ratio")}
                        for mode in ("cached", "uncached")
                    }
                    for page, v in result["pages"].items()
                },
            }
            for name, result in results.items()
        }
    sys.stdout.write(json.dumps(line) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
