"""Accessibility: axe-core scans of the main pages, and keyboard-only sign-in.

The scans fail on violations with impact "serious" or "critical"; lesser ones
are logged (shown on failure, or for passing tests with `-rP`). The data is the demo
(Sterke Lekdijk), loaded once per reader (the public, each demo user) for all
of their pages, so the pages carry real content; every page of a reader is
scanned, and all failures are reported together.
"""

import logging
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from portal.demo import ensure_home, ensure_public_content
from projects.demo import ensure_partnerships, ensure_people
from projects.demo_phases import ensure_lekdijk_phases
from sharing.demo import ensure_documents, ensure_lessons, ensure_threads
from sharing.models import Document, Lesson, Thread
from tests.factories import PASSWORD

FAILING_IMPACTS = {"serious", "critical"}
# axe files these under "incomplete" (needs review) when an ARIA id reference
# points nowhere or an id repeats; without client-side scripts that is final.
STRICT_INCOMPLETE_RULES = {"aria-valid-attr-value", "duplicate-id-aria", "duplicate-id-active"}
SLUG = "sterke-lekdijk"
WS = f"/werkruimte/{SLUG}"
# The client lead's own document (version and scope forms) and contractor A's
# confidential one (the client may ask for its release).
OWN_DOCUMENT = "Projectplan Sterke Lekdijk"
OTHERS_DOCUMENT = "Ontwerpnota kwelscherm met biobased damwand"
# A's confidential lesson waiting for the client's consent; B's shared lesson
# with nothing proposed yet (the proposal form shows).
PENDING_LESSON = "Kwelscherm: eerst meten, dan ontwerpen"
OPEN_LESSON = "Elektrisch materieel op de kruin vraagt een laadplan per deeltraject"
# A shared demo thread with replies, a mention and Markdown.
THREAD = "Inzet elektrische graafmachines in de pool"

axe = Axe()
log = logging.getLogger("tests.e2e.axe")


def load_demo(public=True):
    """The demo; a workspace page does without the public stories and guidance."""
    home = ensure_home()
    partnerships = ensure_partnerships(home)
    if public:
        ensure_public_content(home, partnerships)
    people = ensure_people(partnerships, PASSWORD)
    ensure_documents(partnerships[SLUG], people)
    ensure_threads(partnerships[SLUG], people)
    ensure_lessons(partnerships[SLUG], people)
    ensure_lekdijk_phases(partnerships[SLUG], people)
    return people


def document_path(title):
    return f"{WS}/documenten/{Document.objects.get(title=title).pk}/"


def lesson_path(title):
    return f"{WS}/lessen/{Lesson.objects.get(title=title).pk}/"


def running_phase_path():
    from projects.models import Phase

    phase = Phase.objects.get(partnership__slug=SLUG, status=Phase.Status.RUNNING)
    return f"{WS}/fasen/{phase.pk}/"


def thread_path(title):
    return f"{WS}/draden/{Thread.objects.get(title=title).pk}/"


def format_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    target: {target}")
            lines.append(f"      html: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " | ")
                lines.append(f"      why:  {summary[:300]}")
    return "\n".join(lines)


def scan(page, label, known=None):
    """Run axe on the page; fail on serious and critical problems.

    `known` maps rule ids to the reason they are tolerated on this page for now;
    a known issue that disappears fails the test too, so the entry gets removed.
    """
    known = known or {}
    results = axe.run(page)
    response = results.response
    # Guard against a scan that silently checked nothing.
    assert response["passes"], f"axe checked nothing on {label}"
    log.info(
        "axe %s, %s: %d rules passed, %d violated, %d to review",
        response["testEngine"]["version"],
        label,
        len(response["passes"]),
        len(response["violations"]),
        len(response["incomplete"]),
    )
    # Some "needs review" results are plain defects on server-rendered pages:
    # axe only holds back because a script might still add the missing element.
    strict_incomplete = [v for v in response["incomplete"] if v["id"] in STRICT_INCOMPLETE_RULES]
    review = [v for v in response["incomplete"] if v["id"] not in STRICT_INCOMPLETE_RULES]
    problems = [
        v for v in response["violations"] + strict_incomplete if v["impact"] in FAILING_IMPACTS
    ]
    failing = [v for v in problems if v["id"] not in known]
    tolerated = [v for v in problems if v["id"] in known]
    other = [v for v in response["violations"] if v["impact"] not in FAILING_IMPACTS]
    for title, items in (
        ("known issues, tolerated", tolerated),
        ("not failing", other),
        ("to review by hand", review),
    ):
        if items:
            log.warning("axe, %s: %s\n%s", label, title, format_violations(items))
    assert not failing, (
        f"axe found {len(failing)} serious/critical problem(s) on {label} ({page.url}):\n"
        + format_violations(failing)
    )
    gone = set(known) - {v["id"] for v in tolerated}
    assert not gone, f"known issue(s) {sorted(gone)} no longer found on {label}: remove them"


STYLESHEETS = ["vendor/utrecht/component-library.css", "css/theme.css", "css/app.css"]


def loaded_stylesheets(page):
    """The page's stylesheets (relative to /static/) that loaded with at least one rule."""
    sheets = page.evaluate("Array.from(document.styleSheets).map(s => [s.href, s.cssRules.length])")
    return [href.split("/static/", 1)[-1] for href, rules in sheets if href and rules]


def settle(page):
    """Wait two frames: Chromium applies `autofocus` in a rendering step after load."""
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def open_all_details(page):
    # Forms folded in <details> are invisible to axe until opened.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


# Problems reported to the application's owners, tolerated until fixed.
KNOWN_ISSUES: dict[str, dict[str, str]] = {}

# (id, signed in as, path or callable returning it, open <details>?)
PAGES = [
    ("home", None, "/", False),
    ("partnerships", None, "/partnerschappen/", False),
    ("partnership-profile", None, f"/partnerschappen/{SLUG}/", False),
    ("guidance-index", None, "/handreiking/", False),
    ("guidance", None, "/handreiking/wanneer-past-het/", True),
    ("story-index", None, "/verhalen/?q=dijk&procedure=innovatiepartnerschap", False),
    ("story", None, "/verhalen/hdsr-sterke-lekdijk/", False),
    ("lesson-index", None, "/lessen/", False),
    ("lesson", None, "/lessen/een-materieelpool-vraagt-een-planning/", False),
    ("visit", None, "/kijkje-in-de-keuken-lekdijk/", False),
    ("search", None, "/zoeken/?q=dijk", False),
    ("login", None, "/accounts/login/", False),
    ("not-found", None, "/bestaat-niet/", False),
    ("dashboard", "opdrachtgever", f"{WS}/", False),
    ("document-list", "opdrachtgever", f"{WS}/documenten/", False),
    ("document-upload", "opdrachtgever", f"{WS}/documenten/nieuw/", False),
    ("document-own", "opdrachtgever", lambda: document_path(OWN_DOCUMENT), True),
    ("document-other-party", "opdrachtgever", lambda: document_path(OTHERS_DOCUMENT), True),
    ("members", "opdrachtgever", f"{WS}/deelnemers/", True),
    ("thread-list", "opdrachtgever", f"{WS}/draden/", False),
    ("thread", "opdrachtgever", lambda: thread_path(THREAD), False),
    ("thread-create", "opdrachtgever", f"{WS}/draden/nieuw/", False),
    ("lesson-list", "opdrachtgever", f"{WS}/lessen/", False),
    ("lesson-create", "aannemer-a", f"{WS}/lessen/nieuw/", False),
    ("lesson-pending", "opdrachtgever", lambda: lesson_path(PENDING_LESSON), True),
    ("lesson-proposable", "aannemer-b", lambda: lesson_path(OPEN_LESSON), True),
    ("phase-list", "opdrachtgever", f"{WS}/fasen/", False),
    ("phase-running", "opdrachtgever", running_phase_path, False),
    ("phase-contractor", "aannemer-b", running_phase_path, False),
    ("instalments", "opdrachtgever", f"{WS}/fasen/termijnen/", False),
    ("purchase", "opdrachtgever", f"{WS}/fasen/aankoop/", True),
    ("rights", "opdrachtgever", f"{WS}/fasen/rechten/", False),
]


# One test per reader: the demo is loaded (and the reader signed in) once for
# all of their pages; every page is scanned and all failures are reported.
READERS = sorted({username or "" for _name, username, _path, _details in PAGES})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("reader", READERS, ids=[r or "public" for r in READERS])
def test_axe(live_server, page, sign_in, reader):
    people = load_demo(public=not reader)
    if reader:
        sign_in(page, people.users[reader])
    failures = []
    scanned = 0
    for name, username, path, open_details in PAGES:
        if (username or "") != reader:
            continue
        path = path() if callable(path) else path
        try:
            check_page(live_server, page, name, path, open_details)
        except AssertionError as exc:
            failures.append(f"--- {name} ({path}):\n{exc}")
        scanned += 1
    assert scanned, f"no pages for {reader or 'the public'}"
    assert not failures, "\n\n".join(failures)


def check_page(live_server, page, name, path, open_details):
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None
    expected_status = 404 if path == "/bestaat-niet/" else 200
    assert response.status == expected_status, f"{path} answered {response.status}"
    # Colour contrast is only meaningful with the real styles loaded.
    assert loaded_stylesheets(page) == STYLESHEETS
    if open_details:
        open_all_details(page)
    scan(page, path, known=KNOWN_ISSUES.get(name))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_axe_upload_form_with_errors(live_server, page, sign_in):
    """The error state of a form: messages must be announced and tied to fields."""
    people = load_demo()
    sign_in(page, people.users["aannemer-a"])
    page.goto(f"{live_server.url}{WS}/documenten/nieuw/")
    page.get_by_role("button", name="Uploaden", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer het formulier.")
    expect(page.get_by_text("Geef het document een titel.")).to_be_visible()
    expect(page.get_by_text("Kies een bestand.")).to_be_visible()
    scan(page, "document upload form with errors")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_axe_login_with_errors(live_server, page):
    load_demo()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("opdrachtgever")
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    scan(page, "login form with errors")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_login_first_tab_reaches_skip_link(live_server, page):
    load_demo()
    page.goto(f"{live_server.url}/accounts/login/")
    settle(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Direct naar de inhoud")).to_be_focused(timeout=2_000)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_skip_link_is_first_tab_stop(live_server, page):
    """On a page without autofocus the first Tab reaches the skip link."""
    load_demo()
    page.goto(f"{live_server.url}/partnerschappen/")
    settle(page)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # hidden off-screen until focused


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keyboard_only_sign_in(live_server, page):
    """From the skip link on, the login form works with the keyboard alone."""
    people = load_demo()
    page.goto(f"{live_server.url}/accounts/login/")
    settle(page)

    # Start where a keyboard user starts: at the skip link.
    skip_link = page.get_by_role("link", name="Direct naar de inhoud")
    skip_link.focus()
    expect(skip_link).to_be_in_viewport()

    # Following the skip link moves focus to the main content; the next Tab
    # lands in the first form field, past the header and the navigation.
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    username = page.get_by_label("Gebruikersnaam")
    expect(username).to_be_focused()
    page.keyboard.type(people.users["opdrachtgever"].username)
    page.keyboard.press("Tab")
    password = page.get_by_label("Wachtwoord")
    expect(password).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # The #inhoud fragment of the skip link survives the redirect, as browsers do.
    page.wait_for_url(re.compile(rf"/werkruimte/{SLUG}/(#inhoud)?$"))
    expect(page.get_by_role("heading", name="Overzicht", level=1)).to_be_visible()
    expect(page.get_by_text("Ingelogd als Wendy Molenaar")).to_be_visible()


def test_scan_fails_on_serious_problems(page):
    """The scan itself: a broken page fails with rule id, impact and target."""
    page.set_content(
        '<!DOCTYPE html><html lang="nl"><head><title>Kapot</title></head><body><main>'
        '<h1>Kapot</h1><img src="data:," class="zonder-alt">'
        '<input id="veld" aria-describedby="bestaat-niet"><label for="veld">Veld</label>'
        "</main></body></html>"
    )
    with pytest.raises(AssertionError) as failure:
        scan(page, "a broken page")
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "target: " in message and 'class="zonder-alt"' in message
    assert "aria-valid-attr-value (critical)" in message
