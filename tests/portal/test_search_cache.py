"""Site search survives a crowd: anonymous results cached per normalised query, purged on change."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

from tests.factories import make_user
from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/zoeken/", {"q": q, **params})
    assert response.status_code == 200
    return response, response.content.decode(), len(queries)


@pytest.fixture
def no_page_cache(settings):
    # The results cache on its own: the full-page cache would answer first.
    settings.PAGE_CACHE_ENABLED = False


def test_anonymous_search_is_cached_per_normalised_query_and_runs_no_query_again(
    client, no_page_cache
):
    build.story("Dijkversterking", summary="Emissieloos materieel op de dijk.")
    _response, first, queries = search(client, "emissieloos")
    assert "Dijkversterking" in first and queries > 0
    _response, again, queries = search(client, "  EMISSIELOOS ")
    assert queries == 0
    assert "Dijkversterking" in again
    assert 'value="EMISSIELOOS"' in again  # the reader's own words stay on the page


def test_publishing_a_page_shows_in_cached_search_results_at_once(client, no_page_cache):
    build.story("Eerste", summary="Emissieloos werken.")
    assert "Tweede" not in search(client, "emissieloos")[1]
    build.story("Tweede", summary="Ook emissieloos.")
    assert "Tweede" in search(client, "emissieloos")[1]


def test_restricted_page_leaves_cached_search_results_at_once(client, no_page_cache):
    story = build.story("Straks besloten", summary="Emissieloos werken.")
    assert "Straks besloten" in search(client, "emissieloos")[1]
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    assert "Straks besloten" not in search(client, "emissieloos")[1]


def test_signed_in_search_is_never_served_from_the_results_cache(client, no_page_cache):
    story = build.story("Oude titel", summary="Emissieloos materieel.")
    assert "Oude titel" in search(client, "emissieloos")[1]  # cached for anonymous readers
    # A change that sends no signal, so the cached results stay as they were.
    Page.objects.filter(pk=story.pk).update(title="Nieuwe titel")
    assert "Oude titel" in search(client, "emissieloos")[1]
    client.force_login(make_user("lezer"))
    body = search(client, "emissieloos")[1]
    assert "Nieuwe titel" in body and "Oude titel" not in body


def test_each_results_page_is_cached_on_its_own(client, no_page_cache):
    for i in range(12):
        build.story(f"Verhaal {i:02}", summary="Emissieloos werken.")
    first = search(client, "emissieloos")[1]
    second = search(client, "emissieloos", pagina="2")[1]
    assert "Pagina 1 van 2" in first and "Pagina 2 van 2" in second
    assert search(client, "emissieloos", pagina="2")[2] == 0


def test_anonymous_search_page_is_a_page_cache_hit_but_never_for_signed_in_users(client):
    build.story("Dijkversterking", summary="Emissieloos materieel.")
    assert search(client, "emissieloos")[0]["X-Cache"] == "miss"
    assert search(client, "emissieloos")[0]["X-Cache"] == "hit"
    assert search(client, "emissieloos", onbekend="1")[0]["X-Cache"] == "miss"
    assert search(client, "emissieloos", onbekend="1")[0]["X-Cache"] == "miss"
    client.force_login(make_user("lezer", first_name="Lotte", last_name="Lezer"))
    response, body, _queries = search(client, "emissieloos")
    assert response["X-Cache"] == "bypass" and "Lotte Lezer" in body
