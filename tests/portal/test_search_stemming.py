"""Dutch stemming in the public search, on whichever database runs the tests.

On SQLite the search backend stems index and query with Snowball's Dutch
stemmer (`portal.search_backend`); on PostgreSQL the database's 'dutch'
configuration does. Either way "dijken" finds a story that says only "dijk".
`test_search_postgres.py` holds the same rule for CI's PostgreSQL run.
"""

import pytest

from portal.stemming import stem, stem_text
from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db


def titles(response):
    return [page.title for page in response.context["results"]]


def test_dutch_stemmer_merges_plurals_and_derived_forms():
    assert stem("dijken") == stem("dijk")
    assert stem("versterkingen") == stem("versterking")
    assert stem_text("Geïnstalleerde Dijken") == stem_text("geinstalleerde dijken")


@pytest.fixture
def stories():
    build.story(
        "Versterking bij Schoonhoven",
        summary="Het waterschap versterkt de dijk met drie aannemers.",
    )
    build.story("Kantoren beter benutten", summary="Startups en werkplekken.")


def test_site_search_for_dijken_finds_a_story_that_says_only_dijk(client, stories):
    response = client.get("/zoeken/", {"q": "dijken"})
    assert titles(response) == ["Versterking bij Schoonhoven"]


def test_story_filter_search_for_dijken_finds_a_story_that_says_only_dijk(client, stories):
    response = client.get("/verhalen/", {"q": "dijken"})
    assert titles(response) == ["Versterking bij Schoonhoven"]


def test_site_search_for_versterkingen_finds_versterking(client, stories):
    response = client.get("/zoeken/", {"q": "versterkingen"})
    assert titles(response) == ["Versterking bij Schoonhoven"]


def test_site_search_does_not_find_an_unrelated_word(client, stories):
    response = client.get("/zoeken/", {"q": "dijkgraaf"})
    assert titles(response) == []
