"""Live delivery over Redis between real server processes, and nothing lost when Redis is away.

Real servers (`manage.py serve`, uvicorn) in subprocesses with the Redis
channel layer, a database they share with this test, the real login form, real
HTTP posts and real websockets. Skipped without REDIS_URL, failing in CI
without it. The "nothing lost" test stops and restarts the Redis of `.ci/run`
(REDIS_PIDFILE, REDIS_SERVER_CMD) or, outside CI, a throwaway Redis of its own.
"""

import asyncio
import json
import os
import shutil
import time

import pytest
import requests
import websockets

from tests.live import servers

pytestmark = pytest.mark.redis

LIVE_WITHIN_SECONDS = 2.0
# sharing/events.py bounds a send with LIVE_SEND_TIMEOUT_SECONDS (2 s): a post
# while Redis is away must still answer well within this.
POST_WHILE_REDIS_DOWN_SECONDS = 5.0


def in_ci() -> bool:
    return servers.truthy("CI")


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if in_ci():
            pytest.fail("CI is set but REDIS_URL is not: .ci/run must start Redis")
        pytest.skip("needs a real Redis: set REDIS_URL")
    return url


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("live")


@pytest.fixture(scope="module")
def live(redis_url, workdir):
    """A migrated database shared with the servers, with a workspace and a shared thread."""
    db = servers.LiveDatabase(workdir)
    db.create()
    try:
        env = servers.server_env(db.url, workdir, redis_url)
        db.migrate(env)
        data = servers.seed(env)
        yield db, data
    finally:
        db.drop()


def start_pair(db, workdir, redis_url):
    pair = []
    try:
        for name in ("one", "two"):
            env = servers.server_env(db.url, workdir, redis_url)
            pair.append(servers.Server(env, workdir, name=name).start())
    except BaseException:
        for server in pair:
            server.stop()
        raise
    return pair


@pytest.fixture(scope="module")
def pair(live, workdir, redis_url):
    """Two server processes on REDIS_URL."""
    db, _data = live
    started = start_pair(db, workdir, redis_url)
    yield started
    for server in started:
        server.stop()


# -- helpers ----------------------------------------------------------------


def signed_in(server, data, key) -> tuple[requests.Session, str]:
    session = requests.Session()
    return session, servers.login(session, server, data["users"][key], data["password"])


async def open_socket(server, slug, session_key):
    sock = await websockets.connect(
        server.ws_url(slug),
        origin=server.origin,
        additional_headers={"Cookie": f"sessionid={session_key}"},
        open_timeout=10,
        close_timeout=2,
    )
    hello = json.loads(await asyncio.wait_for(sock.recv(), 5))
    assert hello["type"] == "hello", hello
    return sock


async def next_frame(sock, predicate, timeout: float) -> dict:
    """The first frame matching `predicate` within `timeout` seconds; others are skipped."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no matching frame")
        frame = json.loads(await asyncio.wait_for(sock.recv(), left))
        if predicate(frame):
            return frame


def created_in(thread_id, seq=None):
    def match(frame):
        return (
            frame.get("type") == "message.created"
            and frame.get("thread") == thread_id
            and (seq is None or frame.get("seq") == seq)
        )

    return match


def last_sequence(db, thread_id) -> int:
    [(value,)] = db.query("SELECT last_sequence FROM sharing_thread WHERE id = %s", (thread_id,))
    return value


def thread_form(server, data, key) -> tuple[requests.Session, str, str]:
    """A signed-in session on `server`, the thread's URL there and a CSRF token."""
    session, _key = signed_in(server, data, key)
    url = servers.thread_url(server, data["slug"], data["thread"])
    page = session.get(url, timeout=10)
    assert page.status_code == 200
    return session, url, servers.csrf_from(page.text)


def post_form(session, url, token, body) -> tuple[requests.Response, float]:
    started = time.perf_counter()
    answer = session.post(
        url,
        data={"body": body, "csrfmiddlewaretoken": token},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=30,
    )
    return answer, time.perf_counter() - started


def assert_posted(answer, seq):
    assert answer.status_code == 302, (answer.status_code, answer.text[:2000])
    assert answer.headers["Location"].endswith(f"#bericht-{seq}"), answer.headers["Location"]


# -- multi-process ----------------------------------------------------------


def test_message_posted_on_one_process_reaches_a_socket_on_the_other(live, pair):
    db, data = live
    one, two = pair
    slug, thread_id = data["slug"], data["thread"]
    _reader, reader_key = signed_in(one, data, "b_member")
    poster, poster_key = signed_in(two, data, "client_lead")
    url = servers.thread_url(two, slug, thread_id)
    page = poster.get(url, timeout=10)
    assert page.status_code == 200
    token = servers.csrf_from(page.text)

    async def scenario():
        on_one = await open_socket(one, slug, reader_key)
        on_two = await open_socket(two, slug, poster_key)
        try:
            # HTTP form post on process two, socket on process one.
            seq = last_sequence(db, thread_id) + 1
            started = time.perf_counter()
            answer, _took = await asyncio.to_thread(
                post_form, poster, url, token, "Over de procesgrens **heen**"
            )
            assert_posted(answer, seq)
            frame = await next_frame(on_one, created_in(thread_id), LIVE_WITHIN_SECONDS)
            http_latency = time.perf_counter() - started
            assert frame["seq"] == seq
            assert frame["last_seq"] == seq
            assert "Over de procesgrens <strong>heen</strong>" in frame["message"]["html"]

            # And back: posted over the socket on process one, received on process two.
            started = time.perf_counter()
            await on_one.send(
                json.dumps(
                    {"type": "post", "thread": thread_id, "body": "Terug", "client_id": "c1"}
                )
            )
            back = await next_frame(on_two, created_in(thread_id, seq + 1), LIVE_WITHIN_SECONDS)
            socket_latency = time.perf_counter() - started
            assert back["seq"] == seq + 1
            ack = await next_frame(on_one, lambda f: f.get("type") == "ack", LIVE_WITHIN_SECONDS)
            assert ack == {
                "type": "ack",
                "thread": thread_id,
                "seq": seq + 1,
                "id": ack["id"],
                "client_id": "c1",
            }
            return http_latency, socket_latency
        finally:
            await on_one.close()
            await on_two.close()

    http_latency, socket_latency = asyncio.run(scenario())
    print(  # noqa: T201 - the numbers for the report (pytest -s)
        f"\nmulti-process: HTTP post on two -> socket on one {http_latency * 1000:.0f} ms; "
        f"socket post on one -> socket on two {socket_latency * 1000:.0f} ms"
    )


# -- nothing lost -----------------------------------------------------------


@pytest.fixture
def controlled(live, pair, workdir, redis_url):
    """(redis, socket server, posting server) with a Redis this test may stop.

    In CI: the real Redis of `.ci/run` and the module's two servers. Elsewhere:
    a throwaway Redis and two servers of our own on it.
    """
    redis = servers.Redis.from_env()
    if redis is not None and redis.url == redis_url:
        yield redis, pair[0], pair[1]
        redis.start()  # whatever happened, Redis is back for the tests after us
        return
    if in_ci():
        pytest.fail("CI is set but REDIS_PIDFILE / REDIS_SERVER_CMD are not")
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server, or REDIS_PIDFILE and REDIS_SERVER_CMD")
    own = servers.Redis.throwaway(workdir)
    db, _data = live
    try:
        own_pair = start_pair(db, workdir, own.url)
        try:
            yield own, own_pair[0], own_pair[1]
        finally:
            for server in own_pair:
                server.stop()
    finally:
        own.stop()


def test_nothing_lost_while_redis_is_down(live, controlled):
    db, data = live
    redis, one, two = controlled
    slug, thread_id = data["slug"], data["thread"]
    _reader, reader_key = signed_in(one, data, "b_lead")
    poster, url, token = thread_form(two, data, "client_member")
    bodies = [f"Tijdens de storing {n}" for n in (1, 2, 3)]
    report = {}

    async def scenario():
        sock = await open_socket(one, slug, reader_key)
        # Live before the outage.
        last = last_sequence(db, thread_id)
        answer, _took = await asyncio.to_thread(post_form, poster, url, token, "Voor de storing")
        assert_posted(answer, last + 1)
        frame = await next_frame(sock, created_in(thread_id, last + 1), LIVE_WITHIN_SECONDS)
        last = frame["seq"]

        redis.stop()
        try:
            assert not redis.running()
            took = []
            for n, body in enumerate(bodies, start=1):
                answer, seconds = await asyncio.to_thread(post_form, poster, url, token, body)
                took.append(seconds)
                assert_posted(answer, last + n)
                assert seconds < POST_WHILE_REDIS_DOWN_SECONDS, seconds
            report["post_seconds_while_down"] = [round(s, 3) for s in took]
            saved = db.query(
                "SELECT sequence, body FROM sharing_message"
                " WHERE thread_id = %s AND sequence > %s ORDER BY sequence",
                (thread_id, last),
            )
            assert saved == [(last + n, body) for n, body in enumerate(bodies, start=1)]
            # The socket may have been closed by the Redis layer; it must not
            # have received the messages (nothing could carry them).
            try:
                early = await next_frame(sock, created_in(thread_id), 0.5)
            except (TimeoutError, websockets.ConnectionClosed):
                early = None
            report["old_socket_open"] = sock.state is websockets.State.OPEN
            report["delivered_while_down"] = early is not None
        finally:
            redis.start()
        await sock.close()

        # Back: a new socket (groups lived in Redis), catch up from the last number seen.
        deadline = time.monotonic() + 15
        while True:
            try:
                sock = await open_socket(one, slug, reader_key)
                break
            except (OSError, websockets.InvalidStatus, websockets.ConnectionClosed):
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)
        try:
            await sock.send(json.dumps({"type": "catchup", "thread": thread_id, "after": last}))
            catchup = await next_frame(sock, lambda f: f.get("type") == "catchup", 5)
            got = [(m["seq"], m["html"]) for m in catchup["messages"]]
            assert [seq for seq, _html in got] == [last + 1, last + 2, last + 3]
            for (_seq, html), body in zip(got, bodies, strict=True):
                assert body in html
            assert catchup["more"] is False
            assert catchup["last_seq"] == last + 3

            # Live again.
            started = time.perf_counter()
            answer, _took = await asyncio.to_thread(post_form, poster, url, token, "Weer live")
            assert_posted(answer, last + 4)
            frame = await next_frame(sock, created_in(thread_id), LIVE_WITHIN_SECONDS)
            report["live_after_restart_ms"] = round((time.perf_counter() - started) * 1000)
            assert frame["seq"] == last + 4
            assert "Weer live" in frame["message"]["html"]
        finally:
            await sock.close()

    asyncio.run(scenario())
    # The thread page shows everything, in order.
    page = poster.get(url, timeout=10)
    assert page.status_code == 200
    positions = [page.text.index(body) for body in [*bodies, "Weer live"]]
    assert positions == sorted(positions)
    print(f"\nnothing lost: {json.dumps(report)}")  # noqa: T201 - the numbers (pytest -s)


def test_missed_tail_after_a_redis_stall_is_recovered_by_the_heartbeat_within_5_s(live, controlled):
    """Redis stalls while the last messages of a burst are posted: their frames are
    lost, nothing newer comes, and the still-open socket learns of them from the
    heartbeat and catches up."""
    db, data = live
    redis, one, two = controlled
    slug, thread_id = data["slug"], data["thread"]
    _reader, reader_key = signed_in(one, data, "a_lead")
    poster, url, token = thread_form(two, data, "client_lead")
    bodies = [f"Staart van de reeks {n}" for n in (1, 2, 3)]
    report = {}

    async def scenario():
        sock = await open_socket(one, slug, reader_key)
        try:
            await sock.send(json.dumps({"type": "watch", "threads": [thread_id]}))
            last = last_sequence(db, thread_id)
            have = set(range(1, last + 1))
            redis.pause()
            try:
                posts = [asyncio.to_thread(post_form, poster, url, token, b) for b in bodies]
                answers = await asyncio.gather(*posts)
                assert all(a.status_code == 302 for a, _took in answers), answers
            finally:
                redis.resume()
            resumed = time.perf_counter()
            target = last + 3
            assert last_sequence(db, thread_id) == target
            beats, told = 0, False
            while not (set(range(1, target + 1)) <= have and told):
                left = 5.0 - (time.perf_counter() - resumed)
                if left <= 0:
                    raise AssertionError(
                        f"tail not recovered in 5 s: have {sorted(have)[-5:]}, heartbeats {beats}"
                    )
                frame = json.loads(await asyncio.wait_for(sock.recv(), left))
                if frame["type"] == "message.created" and frame["thread"] == thread_id:
                    have.add(frame["seq"])
                elif frame["type"] == "heartbeat":
                    beats += 1
                    named = frame["threads"].get(str(thread_id), 0)
                    told = told or named >= target
                    if named > max(have):
                        after = max(s for s in range(0, named + 1) if set(range(1, s + 1)) <= have)
                        await sock.send(
                            json.dumps({"type": "catchup", "thread": thread_id, "after": after})
                        )
                elif frame["type"] == "catchup":
                    have.update(m["seq"] for m in frame["messages"])
            report["recovered_s"] = round(time.perf_counter() - resumed, 2)
            report["heartbeats"] = beats
            assert sock.state is websockets.State.OPEN
        finally:
            await sock.close()

    asyncio.run(scenario())
    print(f"\ntail after stall: {json.dumps(report)}")  # noqa: T201 - the numbers (pytest -s)
