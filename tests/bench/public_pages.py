"""Public pages benchmark: requests per second of cached pages against a bare view.

    python tests/bench/public_pages.py [--duration 10] [--rounds 3] [--no-cache]

Builds everything itself (see tests/bench/README.md): a migrated SQLite
database in a temporary folder with the demo loaded (`manage.py demo`), then
one real server (`manage.py serve`: uvicorn, one process, as `make run`) on a
free port in 8620-8639. It loads, in turn and for a fixed time each, three
URLs of that server:

- bare: /robots.txt, a plain Django view without database or template;
- story: a case-story page;
- index: the case-story index filtered on a theme, as the filter form sends it.

Rounds alternate the three so drift on a shared machine hits all alike; the
median of the rounds counts. The load generator is `wrk` when installed,
otherwise an asyncio HTTP/1.1 keep-alive client in a separate process. Prints
one JSON line:

    {"benchmark": "public_pages", "cache": true, "bare_rps": ..., "story_rps": ...,
     "index_rps": ..., "story_ratio": ..., "index_ratio": ..., ...}

`--no-cache` starts the server with PAGE_CACHE_ENABLED=0. Not a test: pytest
collects only test_*.py (the smoke test is tests/bench/test_public_pages.py).
"""

import argparse
import asyncio
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote_plus

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.live import servers  # noqa: E402

PORTS = range(8620, 8640)
BARE_PATH = "/robots.txt"
STORY_LINK_RE = re.compile(r'href="(/verhalen/[\w-]+/)"')
THEME_SELECT_RE = re.compile(r'<select name="theme"[^>]*>(.*?)</select>', re.S)
OPTION_RE = re.compile(r'<option value="([^"]+)"')
RPS_RE = re.compile(r"Requests/sec:\s+([\d.]+)")
ERRORS_RE = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)|Socket errors:.*?(\d+)")


def log(message: str) -> None:
    sys.stderr.write(f"# {message}\n")
    sys.stderr.flush()


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        if not servers.listening(port):
            return port
    raise RuntimeError("no free port in 8620-8639")


class BenchServer(servers.Server):
    """The live-test server, on a port of our own range."""

    def __init__(self, env: dict, workdir: Path, port: int):
        super().__init__(env, workdir, name="public-pages")
        self.port = port
        self.base = self.origin = f"http://127.0.0.1:{port}"
        self.log_path = workdir / f"public-pages-{port}.log"


def fetch(url: str):
    """Status, headers (case-insensitive) and body of one GET."""
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - our own server
        return answer.status, answer.headers, answer.read().decode()


def discover(base: str) -> dict[str, str]:
    """The three paths: a story and a theme come from the demo's story index."""
    _status, _headers, index = fetch(f"{base}/verhalen/")
    story = STORY_LINK_RE.search(index)
    select = THEME_SELECT_RE.search(index)
    themes = OPTION_RE.findall(select.group(1)) if select else []
    if story is None or not themes:
        raise RuntimeError("no story or theme on /verhalen/: did the demo load?")
    # In the order and with the empty fields the filter form submits.
    query = f"q=&procedure=&theme={quote_plus(themes[0])}&authority=&region=&year="
    return {"bare": BARE_PATH, "story": story.group(1), "index": f"/verhalen/?{query}"}


# --------------------------------------------------------------------------
# Load generators
# --------------------------------------------------------------------------


def load_wrk(url: str, duration: float, connections: int) -> dict:
    result = subprocess.run(  # noqa: S603
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", url],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    )
    match = RPS_RE.search(result.stdout)
    if match is None:
        raise RuntimeError(f"wrk printed no rate:\n{result.stdout}\n{result.stderr}")
    errors = sum(int(n) for pair in ERRORS_RE.findall(result.stdout) for n in pair if n)
    return {"rps": float(match.group(1)), "errors": errors}


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


async def _read_response(reader) -> int:
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
    return status


async def _python_load(url: str, duration: float, connections: int) -> dict:
    host_port, _, path = url.removeprefix("http://").partition("/")
    host, _, port = host_port.partition(":")
    request = f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\n\r\n".encode()
    deadline = time.monotonic() + duration
    done = errors = 0

    async def connection():
        nonlocal done, errors
        reader, writer = await asyncio.open_connection(host, int(port or 80))
        try:
            while time.monotonic() < deadline:
                writer.write(request)
                status = await _read_response(reader)
                done += 1
                errors += status >= 400
        finally:
            writer.close()

    started = time.monotonic()
    await asyncio.gather(*(connection() for _ in range(connections)))
    elapsed = time.monotonic() - started
    return {"rps": round(done / elapsed, 1), "errors": errors}


# --------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------


def measure(server, paths, args, loader) -> dict:
    load = load_wrk if loader == "wrk" else load_python
    # Warm up: first renders, template and translation loading, the page cache.
    x_cache = {}
    for name, path in paths.items():
        for _ in range(3):
            status, headers, _body = fetch(server.base + path)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}")
        x_cache[name] = headers.get("X-Cache")
        load(server.base + path, min(1.0, args.duration), args.connections)
    per_round = {name: [] for name in paths}
    errors = 0
    for _ in range(args.rounds):
        for name, path in paths.items():
            result = load(server.base + path, args.duration, args.connections)
            per_round[name].append(round(result["rps"], 1))
            errors += result["errors"]
    rps = {name: round(statistics.median(values), 1) for name, values in per_round.items()}
    return {
        "benchmark": "public_pages",
        "cache": not args.no_cache,
        "bare_rps": rps["bare"],
        "story_rps": rps["story"],
        "index_rps": rps["index"],
        "story_ratio": round(rps["story"] / rps["bare"], 2),
        "index_ratio": round(rps["index"] / rps["bare"], 2),
        "rounds_rps": per_round,
        "x_cache": x_cache,
        "errors": errors,
        "loader": loader,
        "connections": args.connections,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "paths": paths,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--no-cache", action="store_true", help="PAGE_CACHE_ENABLED=0")
    parser.add_argument("--loader", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--load", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load:  # we are the load-generating child
        result = asyncio.run(_python_load(args.load, args.duration, args.connections))
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    if args.rounds < 1 or args.duration <= 0 or args.connections < 1:
        parser.error("rounds, duration and connections must be positive")
    loader = args.loader
    if loader == "auto":
        loader = "wrk" if shutil.which("wrk") else "python"

    workdir = Path(tempfile.mkdtemp(prefix="public-pages-"))
    server = None
    try:
        db = servers.LiveDatabase(workdir, base_url="")  # always a fresh SQLite file
        env = servers.server_env(db.url, workdir)
        env["PAGE_CACHE_ENABLED"] = "0" if args.no_cache else "1"
        started = time.monotonic()
        db.migrate(env)
        demo = servers.manage("demo", env=env)
        if demo.returncode != 0:
            raise RuntimeError(f"demo failed:\n{demo.stdout}\n{demo.stderr}")
        log(f"database and demo ready in {time.monotonic() - started:.0f} s")
        server = BenchServer(env, workdir, free_port()).start()
        paths = discover(server.base)
        result = measure(server, paths, args, loader)
    finally:
        if server is not None:
            server.stop()
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
