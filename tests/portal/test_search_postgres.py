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
