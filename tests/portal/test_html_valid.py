"""The W3C Nu HTML checker (npm `vnu-jar`, run with Java) finds no error on
the main public and workspace pages.

Pages are rendered by Django's test client from the same builders the other
tests use, written to files and checked in one run of the checker. Locally the
test is skipped when Java or node_modules/vnu-jar is missing; in CI
(`CI=true`) it must run.
"""

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from django.utils import timezone

from projects import services as pool_services
from sharing import services
from sharing.models import Scope
from tests.factories import build_pool
from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU = Path(os.environ.get("VNU_JAR", ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"))


def _checker():
    java = shutil.which("java")
    if java and VNU.is_file():
        return java
    reason = f"the Nu HTML checker needs java and {VNU} (npm ci)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def _errors(java, pages: dict[str, bytes], tmp_path) -> list[str]:
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name.strip('/').replace('/', '_') or 'home'}.html"
        path.write_bytes(html)
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 (our own files)
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]


def _get(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    return response.content


def test_main_public_pages_are_valid_html(client, tmp_path):
    java = _checker()
    story = build.story("Dijk in de klei", summary="Wat de klei ons leerde.")
    lesson = build.lesson("Vroeg betrekken")
    guide = build.guide()
    guide.save_revision().publish()
    visit = build.visit()
    visit.save_revision().publish()
    paths = ["/", "/verhalen/", story.url, "/lessen/", lesson.url, guide.url, visit.url]
    paths += ["/zoeken/?q=dijk", "/accounts/login/"]
    pages = {path: _get(client, path) for path in paths}
    assert _errors(java, pages, tmp_path) == []


def test_main_workspace_pages_are_valid_html(ws, client, tmp_path):
    java = _checker()
    pool = build_pool(ws)
    lead = ws.users["client_lead"]
    # An item in maintenance with a booking ahead: its page lists it, with a way to move it.
    start = timezone.now() + datetime.timedelta(days=3)
    booking = pool_services.booking_create(
        item=pool.items["dumper"],
        party=ws.parties["b"],
        section=pool.sections[1],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        purpose="Grond",
    )
    pool_services.equipment_item_update(item=pool.items["dumper"], status="maintenance")
    thread = services.thread_create(
        partnership=ws.partnership,
        actor=lead,
        owner_party=lead.memberships.get().party,
        title="Planning",
        scope=Scope.SHARED,
        body="Wie levert de **kraan**?",
    )
    doc = ws.upload("client_lead", Scope.SHARED, title="Ontwerpnota")
    client.force_login(lead)
    base = f"/werkruimte/{ws.partnership.slug}/"
    paths = [
        "",
        "draden/",
        f"draden/{thread.pk}/",
        "documenten/",
        f"documenten/{doc.pk}/",
        "lessen/",
        "deelnemers/",
        "trajecten/",
        "materieel/",
        "materieel/planning/",
        "materieel/duurzaamheid/",
        f"materieel/{pool.items['dumper'].pk}/",
        f"materieel/boekingen/{booking.pk}/verplaatsen/",
        "meldingen/",
        "logboek/",
    ]
    pages = {path or "dashboard": _get(client, base + path) for path in paths}
    assert _errors(java, pages, tmp_path) == []
