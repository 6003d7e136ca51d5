"""In Chromium, over the real ASGI server with the demo: the strict
Content-Security-Policy blocks nothing our pages need (dashboard, a thread with
a live message arriving, the planning page and its charts), and no main public
or workspace page scrolls sideways on a 390 px phone."""

import re
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.test_threads_live import SLUG, message, open_live, post, sign_in

# Records every CSP violation the page meets, before any of its own scripts run.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

WORKSPACE_PATHS = [
    "",
    "draden/",
    "documenten/",
    "lessen/",
    "deelnemers/",
    "trajecten/",
    "materieel/",
    "materieel/planning/",
    "materieel/duurzaamheid/",
    "materieel/gebruik/",
    "meldingen/",
    "logboek/",
    "bezoeken/",
]


def _watch(page):
    console = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return console


def _violations(page, console):
    return [*page.evaluate("window.__csp || []"), *console]


def test_no_csp_violation_on_dashboard_thread_with_live_message_and_planning(new_context, server):
    reader_context = new_context()
    reader_context.add_init_script(RECORD_VIOLATIONS)
    writer_context = new_context()
    reader = sign_in(reader_context, server, "opdrachtgever")
    console = _watch(reader)
    reader.goto(f"{server.url}/werkruimte/{SLUG}/")
    expect(reader.get_by_role("heading", level=1)).to_be_visible()
    assert _violations(reader, console) == []

    open_live(reader, server.thread_url("csp"))
    writer = sign_in(writer_context, server, "aannemer-a")
    open_live(writer, server.thread_url("csp"))
    post(writer, "Live onder een strikte CSP")
    expect(message(reader, "Live onder een strikte CSP")).to_be_visible(timeout=5_000)
    assert _violations(reader, console) == []

    reader.goto(f"{server.url}/werkruimte/{SLUG}/materieel/planning/")
    expect(reader.locator("main")).to_be_visible()
    reader.goto(f"{server.url}/werkruimte/{SLUG}/materieel/duurzaamheid/")
    expect(reader.locator("main")).to_be_visible()
    assert _violations(reader, console) == []


def _public_paths(server):
    with urllib.request.urlopen(f"{server.url}/sitemap.xml", timeout=10) as response:  # noqa: S310
        root = ET.fromstring(response.read())  # noqa: S314 (our own server)
    paths = [urlsplit(el.text).path for el in root.iter() if el.tag.endswith("loc")]
    return sorted(set(paths))


def _sideways(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("who", ["public", "opdrachtgever"])
def test_no_sideways_scroll_at_390_px(new_context, server, who):
    context = new_context(viewport={"width": 390, "height": 844})
    if who == "public":
        page = context.new_page()
        paths = [*_public_paths(server), "/verhalen/?authority=x", "/zoeken/?q=dijk"]
    else:
        page = sign_in(context, server, who)
        paths = [f"/werkruimte/{SLUG}/{p}" for p in WORKSPACE_PATHS]
        paths.append(urlsplit(server.thread_url("csp")).path)
    assert len(paths) > 5
    wide = {}
    for path in paths:
        response = page.goto(f"{server.url}{path}")
        assert response.status == 200, path
        overflow = _sideways(page)
        if overflow > 0:
            wide[path] = overflow
    assert wide == {}, f"pages wider than 390 px: {wide}"


def test_opdrachtgever_filter_fits_a_phone(new_context, server):
    context = new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in ("/verhalen/", "/lessen/"):
        page.goto(f"{server.url}{path}")
        selects = page.locator("form.pw-filters select")
        for i in range(selects.count()):
            box = selects.nth(i).bounding_box()
            assert box["x"] + box["width"] <= 390, (path, i, box)
        assert re.search(r"/(verhalen|lessen)/", page.url)
