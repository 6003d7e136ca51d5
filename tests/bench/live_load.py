"""Open-loop load test of live delivery: M readers, posts at a fixed rate R.

    python tests/bench/live_load.py [--readers 30] [--rate 5] [--duration 20]
    python tests/bench/live_load.py --rate 5,10,15,20     # one JSON line per rate

Drives the real servers as production runs them: two `manage.py serve`
processes on one Redis (a throwaway redis-server on a free port, or
--redis-url / REDIS_URL), on PostgreSQL when DATABASE_URL names one (a fresh
`<name>_live` database), otherwise a SQLite file. M readers are websocket
clients in this one thread and event loop, split over the two servers; each
behaves as `static/js/workspace-live.js` does: it watches the thread, places
messages in number order, asks for a catch-up on a gap, on a heartbeat naming
a higher number, or after a reconnect, with at most one request pending.

Posts go out at a fixed rate whatever happens to delivery (open loop): post i
is sent at t0 + i/R over the socket of reader i mod M, so the readers are also
the authors (as in a real thread). After `--duration` s the posting stops and
the readers get `--settle` s to receive everything. One JSON line per rate:

    {"readers": 30, "rate": 5.0, "posts": 100, "p50_ms": ..., "p95_ms": ...,
     "max_ms": ..., "frames_dropped": 0, "sockets_dropped": 0,
     "catchup_per_delivered": 0.0, "missing": 0, ...}

Latency is from sending the post frame to a reader having the message in
place (a live frame, or a catch-up answer when the live frame was lost).
`frames_dropped`: live frames a reader never received; `sockets_dropped`:
sockets the server closed because their reader fell behind (4008);
`catchup_per_delivered`: messages sent in catch-up answers per message
delivered; `missing`: messages some reader still lacks at the end (must be 0).
Not a test: pytest collects only test_*.py (see test_live_load.py).
"""

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import websockets  # noqa: E402

from tests.live import servers  # noqa: E402

TOKEN_RE = re.compile(r"load-(\d+)-(\d+)")
GAP_WAIT_S = 1.5  # as GAP_WAIT_MS in workspace-live.js
WARMUP_POSTS = 3  # not counted
DRAIN_S = 2.0  # after everything is placed: late live frames still count as live


def percentile(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    rank = max(math.ceil(q * len(sorted_values)), 1)
    return sorted_values[min(rank, len(sorted_values)) - 1]


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


class Reader:
    """One browser tab on the thread page, as workspace-live.js behaves."""

    def __init__(self, run, index, server, session_key):
        self.run, self.index, self.server, self.key = run, index, server, session_key
        self.thread = run.thread
        self.last = run.start_seq  # contiguous: every number up to here is placed
        self.known = self.last
        self.pending = False
        self.early: dict[int, dict] = {}
        self.gap_timer = None
        self.heartbeat_seq = 0
        self.sock = None
        self.task = None
        self.closed = False
        self.placed: dict[int, float] = {}  # seq -> time placed
        self.live_frames: set[int] = set()
        self.catchup_messages = 0
        self.sockets_dropped = 0
        self.reconnects = 0
        self.errors: list[dict] = []

    async def connect(self):
        self.sock = await websockets.connect(
            self.server.ws_url(self.run.slug),
            origin=self.server.origin,
            additional_headers={"Cookie": f"sessionid={self.key}"},
            open_timeout=20,
            close_timeout=2,
            max_queue=None,
        )
        self.pending = False
        await self.send({"type": "watch", "threads": [self.thread]})
        await self.request_catchup(force=True)

    async def send(self, frame) -> bool:
        try:
            await self.sock.send(json.dumps(frame))
            return True
        except websockets.ConnectionClosed:
            return False

    async def request_catchup(self, force=False):
        if self.pending or (not force and self.known <= self.last):
            return
        self.pending = await self.send(
            {"type": "catchup", "thread": self.thread, "after": self.last}
        )

    def _place(self, message) -> None:
        seq = message["seq"]
        self.last = seq
        self.placed[seq] = time.perf_counter()
        found = TOKEN_RE.search(message.get("html", ""))
        if found and int(found.group(1)) == self.run.nonce:
            self.run.latencies.append(self.placed[seq] - self.run.sent[int(found.group(2))])

    def place(self, message) -> None:
        """As the script's append(): in number order, early ones wait for the rest."""
        seq = message["seq"]
        self.known = max(self.known, seq)
        if seq <= self.last:
            return
        if seq > self.last + 1:
            self.early[seq] = message
            return
        self._place(message)
        while self.last + 1 in self.early:
            self._place(self.early.pop(self.last + 1))
        self.early = {s: m for s, m in self.early.items() if s > self.last}

    def notice_gap(self) -> None:
        if self.known <= self.last or self.gap_timer is not None:
            return

        async def later():
            await asyncio.sleep(GAP_WAIT_S)
            self.gap_timer = None
            await self.request_catchup()

        self.gap_timer = asyncio.create_task(later())

    async def handle(self, frame):
        kind = frame.get("type")
        if kind == "message.created" and frame.get("thread") == self.thread:
            self.live_frames.add(frame["seq"])
            self.known = max(self.known, frame.get("last_seq", 0))
            self.place(frame["message"])
            self.notice_gap()
        elif kind == "catchup" and frame.get("thread") == self.thread:
            self.pending = False
            self.catchup_messages += len(frame["messages"])
            for message in frame["messages"]:
                self.place(message)
            self.known = max(self.known, frame.get("last_seq", 0))
            if frame.get("more"):
                await self.request_catchup()
            else:
                self.notice_gap()
        elif kind == "heartbeat":
            last = frame.get("threads", {}).get(str(self.thread))
            if isinstance(last, int):
                self.known = max(self.known, last)
                if self.heartbeat_seq > self.last:
                    await self.request_catchup()
                self.heartbeat_seq = last
        elif kind == "error":
            self.errors.append(frame)
            if frame.get("thread") == self.thread and "client_id" not in frame:
                self.pending = False

    async def loop(self):
        while not self.closed:
            try:
                async for raw in self.sock:
                    await self.handle(json.loads(raw))
            except websockets.ConnectionClosed:
                pass
            if self.closed:
                return
            code = self.sock.close_code
            if code == 4008:
                self.sockets_dropped += 1
            self.reconnects += 1
            await asyncio.sleep(0.3 if code == 4008 else 1.0)
            with contextlib.suppress(OSError, websockets.WebSocketException, TimeoutError):
                await self.connect()

    async def close(self):
        self.closed = True
        if self.gap_timer is not None:
            self.gap_timer.cancel()
        if self.sock is not None:
            await self.sock.close()
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task


class Run:
    def __init__(self, db, data, pair, readers, rate, duration, settle):
        self.db, self.data, self.pair = db, data, pair
        self.slug, self.thread = data["slug"], data["thread"]
        self.n_readers, self.rate, self.duration, self.settle = readers, rate, duration, settle
        self.nonce = int(time.time() * 1000) % 10**9
        self.sent: dict[int, float] = {}
        self.latencies: list[float] = []

    def last_sequence(self) -> int:
        [(value,)] = self.db.query(
            "SELECT last_sequence FROM sharing_thread WHERE id = %s", (self.thread,)
        )
        return value

    @staticmethod
    def author(readers, i):
        """Reader i mod M, or the next one whose socket is open (a post on a
        closing socket would be lost by the client, not by delivery)."""
        for k in range(len(readers)):
            reader = readers[(i + k) % len(readers)]
            if reader.sock is not None and reader.sock.state is websockets.State.OPEN:
                return reader
        return readers[i % len(readers)]

    async def warm_up(self, readers):
        """First renders and connections: a few posts, not counted, all delivered."""
        for i in range(WARMUP_POSTS):
            await self.author(readers, i).send(
                {"type": "post", "thread": self.thread, "body": f"Opwarmen {i}"}
            )
        target = self.start_seq + WARMUP_POSTS
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not all(r.last >= target for r in readers):
            await asyncio.sleep(0.1)
        self.start_seq = self.last_sequence()
        for reader in readers:
            reader.live_frames.clear()
            reader.catchup_messages = 0
            reader.reconnects = reader.sockets_dropped = 0

    async def go(self) -> dict:
        self.start_seq = self.last_sequence()
        members = self.data["members"][: self.n_readers]
        readers = [
            Reader(self, i, self.pair[i % len(self.pair)], self.data["sessions"][name])
            for i, name in enumerate(members)
        ]
        for start in range(0, len(readers), 10):
            await asyncio.gather(*(r.connect() for r in readers[start : start + 10]))
        for reader in readers:
            reader.task = asyncio.create_task(reader.loop())
        await self.warm_up(readers)

        # Open loop: post i leaves at t0 + i/R, whatever delivery does.
        total = max(int(self.duration * self.rate), 1)
        t0 = time.perf_counter()
        for i in range(total):
            delay = t0 + i / self.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            author = self.author(readers, i)
            self.sent[i] = time.perf_counter()
            await author.send(
                {
                    "type": "post",
                    "thread": self.thread,
                    "body": f"Belasting load-{self.nonce}-{i}",
                    "client_id": str(i),
                }
            )
        posting_s = time.perf_counter() - t0

        # Settle: the server's last number, then every reader must have it all.
        deadline = time.perf_counter() + self.settle
        final = self.last_sequence()
        while time.perf_counter() < deadline:
            final = await asyncio.to_thread(self.last_sequence)
            if final >= self.start_seq + total and all(r.last >= final for r in readers):
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(DRAIN_S)
        for reader in readers:
            await reader.close()

        expected = range(self.start_seq + 1, final + 1)
        missing = sum(1 for r in readers for seq in expected if seq not in r.placed)
        delivered = sum(1 for r in readers for seq in expected if seq in r.placed)
        live = sum(1 for r in readers for seq in expected if seq in r.live_frames)
        catchup = sum(r.catchup_messages for r in readers)
        latencies = sorted(self.latencies)
        post_errors = [e for r in readers for e in r.errors if "client_id" in e]
        return {
            "benchmark": "live_load",
            "readers": len(readers),
            "rate": self.rate,
            "duration_s": self.duration,
            "posts": total,
            "saved": final - self.start_seq,
            "posting_s": round(posting_s, 2),
            "p50_ms": ms(percentile(latencies, 0.5)),
            "p95_ms": ms(percentile(latencies, 0.95)),
            "max_ms": ms(latencies[-1] if latencies else None),
            "delivered": delivered,
            "frames_dropped": len(expected) * len(readers) - live,
            "sockets_dropped": sum(r.sockets_dropped for r in readers),
            "reconnects": sum(r.reconnects for r in readers),
            "catchup_messages": catchup,
            "catchup_per_delivered": round(catchup / delivered, 4) if delivered else None,
            "missing": missing,
            "post_errors": len(post_errors),
            "layer": "redis",
            "processes": len(self.pair),
            "database": "postgresql" if self.db.postgres else "sqlite",
        }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=30)
    parser.add_argument("--rate", default="5", help="posts per second; several: 5,10,15")
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--settle", type=float, default=15.0)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    rates = [float(r) for r in args.rate.split(",")]

    workdir = Path(tempfile.mkdtemp(prefix="live-load-"))
    redis = None
    db = servers.LiveDatabase(workdir)
    pair = []
    try:
        if args.redis_url:
            redis_url = args.redis_url
        else:
            redis = servers.Redis.throwaway(workdir)
            if redis is None:
                sys.stderr.write("needs redis-server on the PATH, or --redis-url\n")
                return 2
            redis_url = redis.url
        db.create()
        env = servers.server_env(db.url, workdir, redis_url)
        # Readers are the authors; the benchmark's rate is not the members' limit.
        env["MESSAGE_RATE_PER_MINUTE"] = "100000"
        # Reply e-mails go to a task queue in production (TASKS_BACKEND); run
        # inline they would measure the console mail backend, not delivery.
        env.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")
        db.migrate(env)
        data = servers.seed(env, members=args.readers, sessions=True)
        for name in ("one", "two"):
            pair.append(servers.Server(env, workdir, name=name).start())
        for rate in rates:
            run = Run(db, data, pair, args.readers, rate, args.duration, args.settle)
            sys.stdout.write(json.dumps(asyncio.run(run.go())) + "\n")
            sys.stdout.flush()
    finally:
        for server in pair:
            server.stop()
        if redis is not None:
            redis.stop()
        db.drop()
        if args.keep:
            sys.stderr.write(f"kept {workdir}\n")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
