"""Acceptance of issue 3: live threads in the browser, over the real ASGI server.

pytest-django's `live_server` speaks WSGI only, without websockets, so this
module starts the application itself: `manage.py serve` (uvicorn on
portal.asgi) in a subprocess, on a free port in 24000-24999, with the
in-memory channel layer and a throwaway SQLite database holding the demo
(Sterke Lekdijk) plus two threads. The server's output goes to a file whose
tail is shown when a test fails.
"""

import json
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

BASE_DIR = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "partnerwerk-demo"
SLUG = "sterke-lekdijk"
CONFIDENTIAL_TITLE = "Kwelscherm vak 2: prijsopbouw"
SHARED_TITLE = "Planning dijkvak 3"
LIVE_MS = 2_000  # the issue: messages appear within two seconds
LOST = "Verbinding verbroken – opnieuw verbinden…"
BACK = "Weer verbonden."

# Run once in the server's environment: migrate the throwaway database, load the
# demo and start two threads through the service layer; print their ids as JSON.
SETUP = f"""
import json
import django

django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command

call_command("migrate", interactive=False, verbosity=0)
call_command("demo")

from projects.models import PartnershipPage
from sharing.models import Scope
from sharing.services import thread_create

partnership = PartnershipPage.objects.get(slug={SLUG!r})
users = get_user_model().objects.in_bulk(["aannemer-a", "opdrachtgever"], field_name="username")


def start(username, title, scope, body):
    user = users[username]
    party = user.memberships.get(partnership=partnership).party
    return thread_create(
        partnership=partnership, actor=user, owner_party=party, title=title, scope=scope, body=body
    ).pk


ids = {{
    "confidential": start(
        "aannemer-a", {CONFIDENTIAL_TITLE!r}, Scope.CONFIDENTIAL, "Onze prijsopbouw volgt hier."
    ),
    "shared": start("opdrachtgever", {SHARED_TITLE!r}, Scope.SHARED, "Wie levert de kraan?"),
    # Its own thread for test_csp_and_phone, which shares this server: the
    # counts this module checks stay its own.
    "csp": start("opdrachtgever", "Proef onder een strikte CSP", Scope.SHARED, "Begin."),
}}
print("THREADS=" + json.dumps(ids))
"""

# Keeps every WebSocket the page opens in window.__liveSockets, so a test can
# drop the connection the way a network failure would. While window.__offline
# is set, every new socket is aborted while connecting and fails the way a
# reconnect without network does. (Not Chromium's offline emulation: it can
# hold the closing handshake of the open socket, so "disconnected" came late
# or not at all. Not a socket to a closed port: the CSP blocks it without a
# close event.) Counts the times the status line was hidden while the page
# was disconnected.
TRACK_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  window.__liveSockets = [];
  window.__offline = false;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      window.__liveSockets.push(this);
      if (window.__offline) this.close();  // fails while connecting: error, then close 1006
    }
  };
  window.__statusHiddenWhileDown = 0;
  document.addEventListener("DOMContentLoaded", () => {
    const status = document.getElementById("live-status");
    if (!status) return;
    new MutationObserver(() => {
      if (status.hidden && document.documentElement.dataset.live === "disconnected") {
        window.__statusHiddenWhileDown += 1;
      }
    }).observe(status, { attributes: true, attributeFilter: ["hidden"] });
  });
})();
"""

# Lets a test lose live frames the way a channel layer loses them
# (window.__dropCreated), hold the server's catch-up answers
# (window.__holdCatchup, released by window.__releaseCatchups()), and count the
# catch-up requests the page sends (window.__catchupsSent).
FILTER_FRAMES = """
(() => {
  const Native = window.WebSocket;
  window.__dropCreated = false;
  window.__holdCatchup = false;
  window.__held = [];
  window.__catchupsSent = 0;
  window.__releaseCatchups = () => {
    window.__holdCatchup = false;
    for (const [socket, data] of window.__held.splice(0)) {
      socket.dispatchEvent(new MessageEvent("message", { data }));
    }
  };
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      // Registered before the page's own listener, so it can stop a frame.
      this.addEventListener("message", (event) => {
        const type = JSON.parse(event.data).type;
        if (window.__dropCreated && type === "message.created") {
          event.stopImmediatePropagation();
        } else if (window.__holdCatchup && type === "catchup") {
          event.stopImmediatePropagation();
          window.__held.push([this, event.data]);
        }
      });
    }
    send(data) {
      if (JSON.parse(data).type === "catchup") window.__catchupsSent += 1;
      return super.send(data);
    }
  };
})();
"""

# Variables of the pytest process (and its test settings) a server must not inherit.
NOT_INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "TEST_SQLITE_NAME",
}


@dataclass
class AsgiServer:
    url: str
    log: Path
    threads: dict

    def thread_url(self, kind):
        return f"{self.url}/werkruimte/{SLUG}/draden/{self.threads[kind]}/"

    def log_tail(self, lines=150):
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port():
    for port in random.sample(range(24_000, 25_000), 100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("no free port in 24000-24999")


def _server_env(tmp):
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    (tmp / "static").mkdir()  # an existing, empty STATIC_ROOT; finders serve the files
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp / "private-media"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


def start_asgi_server(request, tmp_path_factory) -> AsgiServer:
    """The real ASGI server (`manage.py serve`) on a demo database of its own.

    Started once per test session by the `asgi_server` fixture of
    tests/e2e/conftest.py (this module and test_csp_and_phone share it).
    """
    tmp = tmp_path_factory.mktemp("asgi")
    env = _server_env(tmp)
    setup_log = tmp / "setup.log"
    with setup_log.open("w") as out:
        setup = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SETUP],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=180,
        )
    output = setup_log.read_text(errors="replace")
    found = re.search(r"^THREADS=(.*)$", output, re.MULTILINE)
    if setup.returncode or not found:
        pytest.fail(f"setting up the database failed:\n{output[-5000:]}", pytrace=False)

    port = _free_port()
    log = tmp / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop():
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    request.addfinalizer(stop)
    server = AsgiServer(f"http://127.0.0.1:{port}", log, json.loads(found.group(1)))

    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            pytest.fail(f"the server exited ({process.returncode}):\n{server.log_tail()}")
        try:
            health = f"{server.url}/healthz/"  # always http://127.0.0.1
            with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"no answer from {server.url}/healthz/ in 30 s:\n{server.log_tail()}")
        time.sleep(0.2)
    return server


def sign_in(context, server, username):
    page = context.new_page()
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url(re.compile(r"/werkruimte/"))
    return page


def open_live(page, url):
    """Open a page and wait until its websocket is connected; mark the document
    so that a reload (which would drop the mark) is noticed."""
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("data-live", "connected")
    page.evaluate("window.__sameDocument = true")


def assert_not_reloaded(page):
    assert page.evaluate("window.__sameDocument === true"), f"{page.url} was reloaded"


def message(page, text):
    return page.locator("#berichten > li").filter(has_text=text)


def post(page, text, wait_for_ack=True):
    """Post through the reply form; with the socket open the page stays put."""
    box = page.get_by_label("Uw bericht")
    box.fill(text)
    page.get_by_role("button", name="Plaatsen", exact=True).click()
    if wait_for_ack:
        expect(box).to_have_value("")  # cleared by the server's acknowledgement


def assert_sequence_intact(page):
    """Messages in order, each number once, none missing."""
    numbers = page.locator("#berichten > li[data-seq]").evaluate_all(
        "items => items.map(li => Number(li.dataset.seq))"
    )
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), numbers


def unique(text):
    return f"{text} [{uuid.uuid4().hex[:8]}]"


def test_live_messages_between_contractor_and_client_hidden_from_competitor(server, new_context):
    confidential_url = server.thread_url("confidential")
    threads_url = f"{server.url}/werkruimte/{SLUG}/draden/"

    # Contractor B keeps the thread list open; every frame its socket receives is kept.
    page_b = sign_in(new_context(), server, "aannemer-b")
    frames_b = []
    page_b.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames_b.append(f)))
    open_live(page_b, threads_url)
    expect(page_b.get_by_role("heading", name="Draden", level=1)).to_be_visible()
    expect(page_b.get_by_role("link", name=SHARED_TITLE)).to_be_visible()
    expect(page_b.get_by_role("main")).not_to_contain_text(CONFIDENTIAL_TITLE)

    page_a = sign_in(new_context(), server, "aannemer-a")
    page_c = sign_in(new_context(), server, "opdrachtgever")
    for page in (page_a, page_c):
        open_live(page, confidential_url)
        expect(page.get_by_role("heading", name=CONFIDENTIAL_TITLE, level=1)).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("Vertrouwelijk")

    # A posts; the client lead sees it appear without a reload, once.
    from_a = unique("Damwand vak 2 kan een week eerder")
    post(page_a, from_a, wait_for_ack=False)
    expect(message(page_c, from_a)).to_be_visible(timeout=LIVE_MS)
    expect(message(page_c, from_a)).to_contain_text("Anouk Aalbers")
    expect(message(page_a, from_a)).to_be_visible(timeout=LIVE_MS)
    expect(page_a.get_by_label("Uw bericht")).to_have_value("")  # acknowledged

    # The client lead types (A sees who) and answers; A sees the answer, once.
    from_c = unique("Akkoord, graag de *aangepaste* planning")
    page_c.get_by_label("Uw bericht").fill(from_c)
    expect(page_a.locator("#typing")).to_contain_text("Wendy Molenaar", timeout=LIVE_MS)
    page_c.get_by_role("button", name="Plaatsen", exact=True).click()
    expect(page_c.get_by_label("Uw bericht")).to_have_value("")
    answer = from_c.replace("*aangepaste*", "aangepaste")  # Markdown rendered
    expect(message(page_a, answer)).to_be_visible(timeout=LIVE_MS)
    expect(message(page_a, answer).locator("em")).to_have_text("aangepaste")
    expect(message(page_c, answer)).to_be_visible(timeout=LIVE_MS)

    for page in (page_a, page_c):
        for text in (from_a, answer):
            expect(message(page, text)).to_have_count(1)
        assert_sequence_intact(page)
        assert_not_reloaded(page)

    # Live messages carry the same actions as server-rendered ones: the author
    # edits and deletes its own; the client lead (moderator) may delete any.
    delete = re.compile(r"^Verwijderen bericht \d+$")
    edit = re.compile(r"^Bewerken bericht \d+$")
    expect(message(page_a, from_a).get_by_role("button", name=delete)).to_have_count(1)
    expect(message(page_a, from_a).get_by_role("link", name=edit)).to_have_count(1)
    expect(message(page_a, answer).get_by_role("button", name=delete)).to_have_count(0)
    expect(message(page_c, from_a).get_by_role("button", name=delete)).to_have_count(1)
    expect(message(page_c, from_a).get_by_role("link", name=edit)).to_have_count(0)

    # A control that B's socket is alive: a reply in the shared thread raises B's
    # unread count live. Events reach a socket in order, so anything about the
    # confidential thread would have arrived before it.
    shared_id = server.threads["shared"]
    unread_b = page_b.locator(f'[data-unread-for="{shared_id}"]')
    expect(unread_b).to_have_text("1")
    open_live(page_c, server.thread_url("shared"))
    post(page_c, unique("Kraan is geregeld"))
    expect(unread_b).to_have_text("2", timeout=LIVE_MS)

    # B saw nothing of the confidential thread: not in the list, not on its socket.
    assert_not_reloaded(page_b)
    expect(page_b.get_by_role("main")).not_to_contain_text(CONFIDENTIAL_TITLE)
    received = [json.loads(frame) for frame in frames_b]
    assert {"type": "hello"}.items() <= received[0].items(), received
    confidential_id = server.threads["confidential"]
    leaked = [
        frame
        for frame in frames_b
        if any(text in frame for text in (CONFIDENTIAL_TITLE, from_a, from_c, answer))
    ]
    leaked += [json.dumps(f) for f in received if f.get("thread") == confidential_id]
    assert not leaked, leaked

    # Its address answers 404 (DEBUG's technical page here), without a word of the thread.
    response = page_b.goto(confidential_url)
    assert response is not None and response.status == 404
    body_b = page_b.locator("body")
    expect(body_b).not_to_contain_text(CONFIDENTIAL_TITLE)
    expect(body_b).not_to_contain_text(from_a)

    # A deletes its own live-appended message with that button, after confirming.
    message(page_a, from_a).get_by_role("button", name=delete).click()
    expect(page_a.get_by_role("heading", name="Bericht verwijderen?")).to_be_visible()
    page_a.get_by_role("button", name="Ja, verwijder het bericht").click()
    expect(page_a.get_by_role("main")).not_to_contain_text(from_a)
    expect(page_a.get_by_role("main")).to_contain_text("Bericht verwijderd")


def test_reconnect_shows_status_and_catches_up(server, new_context):
    url = server.thread_url("confidential")
    page_a = sign_in(new_context(), server, "aannemer-a")
    context_c = new_context()
    context_c.add_init_script(TRACK_SOCKETS)
    page_c = sign_in(context_c, server, "opdrachtgever")
    open_live(page_a, url)
    open_live(page_c, url)
    status = page_c.get_by_role("status")
    expect(status).to_be_hidden()

    def drop_connection():
        # Offline first, so the reconnect attempts fail until the network is back.
        page_c.evaluate("window.__offline = true; window.__liveSockets.at(-1).close()")
        expect(page_c.locator("html")).to_have_attribute("data-live", "disconnected")
        expect(status).to_be_visible()
        expect(status).to_have_text(LOST)

    # The connection drops; A posts two messages meanwhile.
    drop_connection()
    missed = [unique("Grondonderzoek vak 2 is binnen"), unique("Rapport volgt morgen")]
    for text in missed:
        post(page_a, text)
        expect(message(page_a, text)).to_be_visible(timeout=LIVE_MS)
    for text in missed:
        expect(message(page_c, text)).to_have_count(0)
    expect(status).to_have_text(LOST)
    # At least one reconnect attempt has failed meanwhile (the first socket plus one).
    page_c.wait_for_function("() => window.__liveSockets.length >= 2")

    # Back online, silently: the page reconnects after its back-off (at most
    # 1 + 2 + 4 + 8 s of attempts by now), says so, and catches up on what it
    # missed, in order, once each.
    page_c.evaluate("window.__offline = false")
    expect(page_c.locator("html")).to_have_attribute("data-live", "connected", timeout=20_000)
    expect(status).to_have_text(BACK)
    for text in missed:
        expect(message(page_c, text)).to_have_count(1, timeout=LIVE_MS)
    positions = [message(page_c, text).get_attribute("data-seq") for text in missed]
    assert int(positions[1]) == int(positions[0]) + 1, positions
    assert_sequence_intact(page_c)

    # A second drop right after the first: the "back" notice, still timed to
    # disappear, must not hide the new "connection lost" state meanwhile.
    drop_connection()
    page_c.wait_for_timeout(3_500)
    expect(status).to_have_text(LOST)
    assert page_c.evaluate("window.__statusHiddenWhileDown") == 0, "status hidden while down"
    # Back online as the browser announces it: the page tries at once instead
    # of waiting out a back-off of several seconds.
    page_c.evaluate("window.__offline = false; window.dispatchEvent(new Event('online'))")
    expect(page_c.locator("html")).to_have_attribute("data-live", "connected", timeout=2_000)
    expect(status).to_be_hidden(timeout=5_000)  # the "back" notice goes away by itself

    # Live delivery works again after the catch-up.
    again = unique("Weer live")
    post(page_a, again)
    expect(message(page_c, again)).to_be_visible(timeout=LIVE_MS)
    expect(message(page_c, again)).to_have_count(1)
    assert_sequence_intact(page_c)
    assert_not_reloaded(page_c)


def writer_and_filtered_reader(server, new_context):
    """aannemer-a and, with FILTER_FRAMES, the client lead on the confidential thread."""
    url = server.thread_url("confidential")
    page_a = sign_in(new_context(), server, "aannemer-a")
    context_c = new_context()
    context_c.add_init_script(FILTER_FRAMES)
    page_c = sign_in(context_c, server, "opdrachtgever")
    open_live(page_a, url)
    open_live(page_c, url)
    return page_a, page_c


def test_missed_tail_is_recovered_by_the_heartbeat_within_5_seconds(server, new_context):
    """Frames lost and no newer message after them: the heartbeat names the last number."""
    page_a, page_c = writer_and_filtered_reader(server, new_context)
    page_c.evaluate("window.__dropCreated = true")
    tail = [unique("Laatste meting"), unique("Nog een meting"), unique("Slotwoord")]
    for text in tail:
        post(page_a, text)
        expect(message(page_a, text)).to_be_visible(timeout=LIVE_MS)
    for text in tail:
        expect(message(page_c, text)).to_have_count(0)
    page_c.evaluate("window.__dropCreated = false")
    for text in tail:  # nothing newer comes; within 5 s all three are there
        expect(message(page_c, text)).to_have_count(1, timeout=5_000)
    assert_sequence_intact(page_c)
    assert_not_reloaded(page_c)


def test_gaps_while_a_catch_up_is_pending_send_no_second_request(server, new_context):
    """The catch-up storm: every gap frame used to send its own request."""
    page_a, page_c = writer_and_filtered_reader(server, new_context)
    page_c.evaluate("window.__catchupsSent = 0; window.__dropCreated = true")
    lost = unique("Verloren bericht")
    post(page_a, lost)
    page_c.evaluate("window.__dropCreated = false; window.__holdCatchup = true")
    after = [unique(f"Daarna {n}") for n in range(4)]
    for text in after:
        post(page_a, text)
    expect(message(page_a, after[-1])).to_be_visible(timeout=LIVE_MS)
    page_c.wait_for_timeout(2_500)  # every frame since the lost one came with a gap
    assert page_c.evaluate("window.__catchupsSent") == 1
    page_c.evaluate("window.__releaseCatchups()")
    for text in [lost, *after]:
        expect(message(page_c, text)).to_have_count(1, timeout=LIVE_MS)
    assert_sequence_intact(page_c)
    assert page_c.evaluate("window.__catchupsSent") == 1
    assert_not_reloaded(page_c)
