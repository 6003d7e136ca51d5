"""Headers a public body's site is expected to send, and templates that keep the
Content-Security-Policy strict: no inline script, no inline style."""

import re
from pathlib import Path

import pytest

from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_public_page_has_strict_csp_and_permissions_policy(client):
    build.story("Dijk in de klei")
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "private" not in response.get("Cache-Control", "")


def test_signed_in_pages_are_private_and_never_stored(ws, client):
    client.force_login(ws.users["a_lead"])
    for path in (f"/werkruimte/{ws.partnership.slug}/", "/", "/zoeken/"):
        response = client.get(path, follow=True)
        assert response["Cache-Control"] == "private, no-store", path


def test_templates_have_no_inline_script_or_style():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "email" in path.parts:
            continue  # mail clients, not browsers under our CSP
        text = path.read_text()
        if re.search(r"\sstyle=\"", text) or re.search(r"<style[\s>]", text):
            offenders.append(f"{path.name}: style")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.name}: inline script")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.name}: inline handler")
    assert offenders == []


def test_filter_forms_have_no_empty_action():
    for path in TEMPLATES.rglob("*.html"):
        assert 'action=""' not in path.read_text(), path.name


def test_component_css_keeps_only_what_templates_use_under_60_kb(tmp_path):
    import subprocess
    import sys

    root = TEMPLATES.parent
    source = root / "node_modules/@utrecht/component-library-css/dist/index.css"
    if not source.exists():
        pytest.skip("node_modules not installed")
    target = tmp_path / "components.css"
    subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, str(root / "tools/build_component_css.py"), str(source), str(target)],
        check=True,
        capture_output=True,
    )
    css = target.read_text()
    assert len(css.encode()) < 60_000
    for used in (".utrecht-button--primary-action", ".utrecht-table__cell", ".utrecht-alert"):
        assert used in css
    assert ".utrecht-calendar" not in css and ".utrecht-combobox" not in css
