"""The partnership's public profile shows its sections on the route, without extra queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services as pool_services
from tests.factories import build_pool


def test_profile_shows_the_route_with_a_table(ws, client):
    build_pool(ws)
    response = client.get(ws.partnership.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="img" aria-labelledby="route-title" aria-describedby="route-caption"' in body
    assert "Vak 1" in body and "Vak 2" in body
    assert "2 deeltrajecten, samen 18,5 km." in body
    assert "Aannemer A" in body


def test_profile_without_sections_has_no_route(ws, client):
    body = client.get(ws.partnership.url).content.decode()
    assert "route-title" not in body


def test_profile_query_count_does_not_grow_with_sections(ws, client, settings):
    settings.PAGE_CACHE_ENABLED = False  # count the rendering, not the page cache
    build_pool(ws)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(ws.partnership.url).status_code == 200
        return len(ctx)

    count()  # warm: the first request also looks up the site
    before = count()
    for number in range(3, 13):
        pool_services.section_create(
            partnership=ws.partnership,
            number=number,
            name=f"Vak {number}",
            start_km=Decimal(number * 10),
            end_km=Decimal(number * 10 + 5),
            contractor=ws.parties["a" if number % 2 else "b"],
        )
    count()  # warm again: a change starts a new generation of routing's memory
    assert count() == before
