"""Dutch stemming in the site search, on PostgreSQL (SEARCH_CONFIG "dutch").

Needs DATABASE_URL pointing at PostgreSQL (CI sets it); skipped otherwise,
except that CI=true without PostgreSQL fails instead of skipping. SQLite's
FTS5 does no stemming, so this rule only holds on PostgreSQL.
"""

import os

import pytest

from django.db import connection

from tests.portal import public_builders as build

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL: set DATABASE_URL=postgres://…"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)


def test_searching_dijken_finds_a_story_that_says_only_dijk(client):
    build.story(
        "Versterking bij Schoonhoven",
        summary="Het waterschap versterkt de dijk met drie aannemers.",
    )
    build.story("Kantoren beter benutten", summary="Startups en werkplekken.")
    response = client.get("/zoeken/", {"q": "dijken"})
    assert [page.title for page in response.context["results"]] == ["Versterking bij Schoonhoven"]
    response = client.get("/verhalen/", {"q": "dijken"})
    assert [page.title for page in response.context["results"]] == ["Versterking bij Schoonhoven"]


def test_workspace_search_for_dijken_finds_a_document_that_says_only_dijk(ws, client):
    from sharing.models import Scope

    ws.upload("a_lead", Scope.SHARED, title="Versterking van de dijk")
    ws.upload("a_lead", Scope.CONFIDENTIAL, title="Dijk geheim")
    client.force_login(ws.users["b_member"])
    response = client.get(f"/werkruimte/{ws.partnership.slug}/zoeken/", {"q": "dijken"})
    rows = [r["row"].title for g in response.context["groups"] for r in g["results"]]
    assert rows == ["Versterking van de dijk"]
    assert response.context["page"].paginator.count == 1
