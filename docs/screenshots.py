"""Screenshots of the main pages for the README, taken from the real demo.

    make screenshots        # or: .venv/bin/python docs/screenshots.py [name ...]

Builds the demo in a throwaway SQLite database, serves it with `manage.py
serve` (as `make run` does), and drives Debian's Chromium with Playwright:
public pages signed out, workspace pages as the demo users. Writes PNG files
to docs/screenshots/ and prints their names. Names given on the command line
shoot only those.
"""

import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.live.servers import LiveDatabase, Server, manage, server_env  # noqa: E402

OUT = REPO_ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "partnerwerk-demo"  # noqa: S105 - the demo's documented password
SLUG = "sterke-lekdijk"
WS = f"/werkruimte/{SLUG}"

# A page whose id the demo does not fix: (page with the link, the link's name).
PHASE = (f"{WS}/fasen/", "O&O-fase 2: prototype en proefvak")

# (file name, user or None, path, viewport width)
SHOTS = [
    ("home", None, "/", 1280),
    ("story-index", None, "/verhalen/?procedure=innovatiepartnerschap", 1280),
    ("story", None, "/verhalen/hdsr-sterke-lekdijk/", 1280),
    ("guidance", None, "/handreiking/wanneer-past-het/", 1280),
    ("lesson", None, "/lessen/een-materieelpool-vraagt-een-planning/", 1280),
    ("visit", None, "/kijkje-in-de-keuken-lekdijk/", 1280),
    ("partnership", None, f"/partnerschappen/{SLUG}/", 1280),
    ("home-phone", None, "/", 390),
    ("dashboard", "opdrachtgever", f"{WS}/", 1280),
    ("thread", "aannemer-a", f"{WS}/draden/", 1280),
    ("lessons", "opdrachtgever", f"{WS}/lessen/", 1280),
    ("pool", "aannemer-b", f"{WS}/materieel/", 1280),
    ("planning", "aannemer-b", f"{WS}/materieel/planning/", 1280),
    ("sections", "opdrachtgever", f"{WS}/trajecten/", 1280),
    ("phases", "opdrachtgever", f"{WS}/fasen/", 1280),
    # The running second R&D phase, reached by its link on the phases page.
    ("phase", "opdrachtgever", PHASE, 1280),
    ("phase-contractor", "aannemer-b", PHASE, 1280),
    ("needs", "opdrachtgever", "/vraagbundeling/", 1280),
    ("search", "aannemer-a", f"{WS}/zoeken/?q=materieel", 1280),
    ("logbook", "opdrachtgever", f"{WS}/logboek/", 1280),
    ("thread-phone", "aannemer-a", f"{WS}/draden/", 390),
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="partnerwerk-shots-") as tmp:
        workdir = Path(tmp)
        db = LiveDatabase(workdir, base_url="")
        env = server_env(db.url, workdir)
        env["DEMO_PASSWORD"] = PASSWORD
        db.migrate(env)
        result = manage("demo", env=env, timeout=600)
        if result.returncode != 0:
            raise SystemExit(f"demo failed:\n{result.stdout}\n{result.stderr}")
        server = Server(env, workdir, name="screenshots").start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                contexts = {}
                only = set(sys.argv[1:])
                for name, user, path, width in SHOTS:
                    if only and name not in only:
                        continue
                    key = (user, width)
                    if key not in contexts:
                        contexts[key] = browser.new_context(
                            viewport={"width": width, "height": 900},
                            locale="nl-NL",
                            device_scale_factor=1,
                        )
                        if user:
                            page = contexts[key].new_page()
                            page.goto(f"{server.base}/accounts/login/")
                            page.get_by_label("Gebruikersnaam").fill(user)
                            page.get_by_label("Wachtwoord").fill(PASSWORD)
                            page.get_by_role("button", name="Inloggen", exact=True).click()
                            page.wait_for_url("**/werkruimte/**")
                            page.close()
                    page = contexts[key].new_page()
                    if isinstance(path, tuple):
                        list_path, link_name = path
                        page.goto(f"{server.base}{list_path}")
                        link = page.get_by_role("link", name=link_name, exact=True).first
                        path = link.get_attribute("href")
                    response = page.goto(f"{server.base}{path}")
                    if response is None or response.status != 200:
                        status = response.status if response else "no response"
                        raise SystemExit(f"{path} answered {status}")
                    target = OUT / f"{name}.png"
                    page.screenshot(path=str(target), full_page=width < 600)
                    page.close()
                    sys.stdout.write(f"{target.relative_to(REPO_ROOT)}\n")
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
