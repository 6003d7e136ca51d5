"""Fan-out benchmark: time from a post to its delivery on every subscribed socket.

    python tests/bench/ws_fanout.py [--subscribers 100] [--messages 50]

Starts everything itself (see tests/bench/README.md): a migrated SQLite
database in a temporary folder, one workspace with one shared thread and N
members of the client party (each signed in by a session row), then per
configuration the servers (`manage.py serve`), N websocket subscribers and M
posts, one at a time. Prints one JSON line per configuration:

    {"layer": "memory", "processes": 1, "subscribers": 100, "messages": 50,
     "p50_ms": ..., "p95_ms": ..., "max_ms": ..., "delivered": ..., "expected": ...}

Configurations: `memory` (in-memory layer, one process) and `redis` (Redis
layer, two processes, subscribers split across both, posts through the first;
a throwaway redis-server on a free port unless --redis-url is given).
Not a test: pytest collects only test_*.py.
"""

import argparse
import asyncio
import contextlib
import json
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import requests  # noqa: E402
import websockets  # noqa: E402

from tests.live import servers  # noqa: E402

# The application allows 30 messages a minute per user: each poster posts fewer.
POSTS_PER_POSTER = 20
WARMUP_POSTS = 2


# The websocket servers compared for production (README, "Deployment"); one
# process each, "{port}" is filled in by tests.live.servers.Server.
WS_SERVERS = {
    "uvicorn": None,  # manage.py serve
    "granian": [
        sys.executable, "-m", "granian", "--interface", "asgi", "--host", "127.0.0.1",
        "--port", "{port}", "--workers", "1", "--log-level", "warning", "portal.asgi:application",
    ],
    "gunicorn-uvicorn": [
        sys.executable, "-m", "gunicorn", "portal.asgi:application", "--worker-class",
        "uvicorn_worker.UvicornWorker", "--workers", "1", "--bind", "127.0.0.1:{port}",
        "--no-control-socket", "--log-level", "warning",
    ],
}  # fmt: skip


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(math.ceil(q * len(sorted_values)), 1)
    return sorted_values[min(rank, len(sorted_values)) - 1]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


class Poster:
    """Posts into the thread as one member: the HTML form over HTTP, or the socket."""

    def __init__(self, server, data, username, via):
        self.server, self.data, self.via = server, data, via
        self.url = servers.thread_url(server, data["slug"], data["thread"])
        self.key = data["sessions"][username]
        self.http = requests.Session()
        self.http.cookies.set("sessionid", self.key, domain="127.0.0.1", path="/")
        self.token = None
        self.sock = None
        self.acks: dict[str, asyncio.Future] = {}

    async def prepare(self):
        if self.via == "http":
            page = await asyncio.to_thread(self.http.get, self.url, timeout=30)
            page.raise_for_status()
            self.token = servers.csrf_from(page.text)
        else:
            self.sock = await connect(self.server, self.data["slug"], self.key)
            self.reader = asyncio.create_task(self._read_acks())

    async def _read_acks(self):
        async for raw in self.sock:
            frame = json.loads(raw)
            future = self.acks.pop(str(frame.get("client_id")), None)
            if future is not None and not future.done():
                future.set_result(frame)

    async def post(self, body: str) -> int:
        if self.via == "http":
            answer = await asyncio.to_thread(
                self.http.post,
                self.url,
                data={"body": body, "csrfmiddlewaretoken": self.token},
                headers={"Referer": self.url},
                allow_redirects=False,
                timeout=30,
            )
            if answer.status_code != 302:
                raise RuntimeError(f"post answered {answer.status_code}: {answer.text[:500]}")
            return int(answer.headers["Location"].rsplit("-", 1)[1])
        client_id = f"{id(self)}-{time.monotonic_ns()}"
        future = asyncio.get_running_loop().create_future()
        self.acks[client_id] = future
        frame = {"type": "post", "thread": self.data["thread"], "body": body}
        await self.sock.send(json.dumps({**frame, "client_id": client_id}))
        ack = await asyncio.wait_for(future, 30)
        if ack.get("type") != "ack":
            raise RuntimeError(f"post refused: {ack}")
        return ack["seq"]

    async def close(self):
        if self.sock is not None:
            await self.sock.close()
            self.reader.cancel()


async def connect(server, slug, session_key):
    sock = await websockets.connect(
        server.ws_url(slug),
        origin=server.origin,
        additional_headers={"Cookie": f"sessionid={session_key}"},
        open_timeout=30,
        close_timeout=2,
        max_queue=None,
    )
    hello = json.loads(await asyncio.wait_for(sock.recv(), 10))
    if hello.get("type") != "hello":
        raise RuntimeError(f"unexpected first frame {hello}")
    return sock


async def run_round(
    server_list, data, subscribers, posters, messages, via, base_seq, wait_s, gap_s
):
    thread_id = data["thread"]
    arrivals: dict[int, list[float]] = {}
    complete: dict[int, asyncio.Event] = {}
    n = len(subscribers)

    def expect(seq):
        arrivals.setdefault(seq, [])
        complete.setdefault(seq, asyncio.Event())

    async def reader(sock):
        async for raw in sock:
            at = time.perf_counter()
            frame = json.loads(raw)
            if frame.get("type") == "message.created" and frame.get("thread") == thread_id:
                seq = frame["seq"]
                expect(seq)
                arrivals[seq].append(at)
                if len(arrivals[seq]) >= n:
                    complete[seq].set()

    # Connect the subscribers, alternating between the servers, 20 at a time.
    socks = []
    for start in range(0, n, 20):
        batch = subscribers[start : start + 20]
        socks += await asyncio.gather(
            *(
                connect(
                    server_list[(start + i) % len(server_list)],
                    data["slug"],
                    data["sessions"][name],
                )
                for i, name in enumerate(batch)
            )
        )
    readers = [asyncio.create_task(reader(sock)) for sock in socks]
    poster_objs = [Poster(server_list[0], data, name, via) for name in posters]
    for poster in poster_objs:
        await poster.prepare()

    posted_at: dict[int, float] = {}
    post_seconds = []
    seq = base_seq
    try:
        for i in range(WARMUP_POSTS + messages):
            seq += 1
            expect(seq)
            poster = poster_objs[i % len(poster_objs)]
            started = time.perf_counter()
            got = await poster.post(f"Bericht {i} van de benchmark")
            if got != seq:
                raise RuntimeError(f"expected sequence {seq}, the server gave {got}")
            if i >= WARMUP_POSTS:
                posted_at[seq] = started
                post_seconds.append(time.perf_counter() - started)
            with contextlib.suppress(TimeoutError):  # counted as not delivered
                await asyncio.wait_for(complete[seq].wait(), wait_s)
            await asyncio.sleep(gap_s)
        await asyncio.sleep(0.2)  # stragglers
    finally:
        for poster in poster_objs:
            await poster.close()
        for sock in socks:
            await sock.close()
        for task in readers:
            task.cancel()

    latencies = sorted(
        at - posted_at[s] for s, times in arrivals.items() if s in posted_at for at in times
    )
    post_seconds.sort()
    return {
        "p50_ms": ms(percentile(latencies, 0.50)),
        "p95_ms": ms(percentile(latencies, 0.95)),
        "max_ms": ms(latencies[-1] if latencies else None),
        "delivered": len(latencies),
        "expected": n * messages,
        "post_p50_ms": ms(percentile(post_seconds, 0.50)),
        "post_p95_ms": ms(percentile(post_seconds, 0.95)),
    }, seq


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--configs", default="memory,redis", help="comma-separated: memory, redis")
    parser.add_argument("--post-via", choices=["http", "socket"], default="http")
    parser.add_argument("--redis-url", default="", help="use this Redis instead of our own")
    parser.add_argument("--wait", type=float, default=5.0, help="max seconds per message")
    parser.add_argument("--gap", type=float, default=0.02, help="pause between posts (s)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--ws-server",
        choices=sorted(WS_SERVERS),
        default="uvicorn",
        help="the ASGI server of the two redis processes",
    )
    args = parser.parse_args(argv)
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    if not set(configs) <= {"memory", "redis"} or args.subscribers < 1 or args.messages < 1:
        parser.error("configs must be memory and/or redis; counts at least 1")

    workdir = Path(tempfile.mkdtemp(prefix="ws-fanout-"))
    log = sys.stderr
    try:
        db = servers.LiveDatabase(workdir, base_url="")  # always a fresh SQLite file
        env = servers.server_env(db.url, workdir)
        started = time.monotonic()
        db.migrate(env)
        per_config = math.ceil((args.messages + WARMUP_POSTS) / POSTS_PER_POSTER)
        members = max(args.subscribers, per_config * len(configs))
        data = servers.seed(env, members=members, sessions=True)
        print(f"# database ready in {time.monotonic() - started:.0f} s", file=log)
        subscribers = data["members"][: args.subscribers]
        seq = data["last_seq"]
        for k, config in enumerate(configs):
            posters = data["members"][k * per_config : (k + 1) * per_config]
            redis = None
            server_list = []
            try:
                if config == "redis":
                    if args.redis_url:
                        redis_url = args.redis_url
                    else:
                        redis = servers.Redis.throwaway(workdir)
                        if redis is None:
                            print("# redis: no redis-server on PATH, skipped", file=log)
                            continue
                        redis_url = redis.url
                    for name in ("one", "two"):
                        server_env = servers.server_env(db.url, workdir, redis_url)
                        command = WS_SERVERS[args.ws_server]
                        server_list.append(
                            servers.Server(server_env, workdir, name, command=command).start()
                        )
                else:
                    server_list.append(servers.Server(env, workdir, "memory").start())
                result, seq = asyncio.run(
                    run_round(
                        server_list,
                        data,
                        subscribers,
                        posters,
                        args.messages,
                        args.post_via,
                        seq,
                        args.wait,
                        args.gap,
                    )
                )
            finally:
                for server in server_list:
                    server.stop()
                if redis is not None:
                    redis.stop()
            line = {
                "layer": config,
                "processes": len(server_list),
                "subscribers": args.subscribers,
                "messages": args.messages,
                **result,
                "post_via": args.post_via,
                "ws_server": args.ws_server if config == "redis" else "uvicorn",
            }
            sys.stdout.write(json.dumps(line) + "\n")
            sys.stdout.flush()
    finally:
        if args.keep:
            print(f"# kept {workdir}", file=log)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
