"""Out-of-range and malformed input answers a form error or 404, never a 500."""

import pytest

from tests.factories import build_pool
from tests.portal.public_builders import lesson_index, story_index

pytestmark = pytest.mark.django_db

POOL_QUERIES = [
    ("materieel/", "free_from=2026-03-02&free_to=9999-12-31"),
    ("materieel/", "free_from=0001-01-01&free_to=0001-01-02"),
    ("materieel/", "free_from=9999-12-31&free_to=9999-12-31"),
    ("materieel/planning/", "datum=9999-12-31"),
    ("materieel/planning/", "datum=0001-01-01"),
    ("materieel/planning/", "periode=quarter&datum=9999-12-31"),
    ("materieel/gebruik/", "month=9999-12"),
    ("materieel/gebruik/", "month=0001-01"),
    ("materieel/gebruik/", "datum=9999-12-31"),
    ("materieel/gebruik/", "datum=0001-01-01"),
    ("materieel/gebruik/", "month=10000-01"),
]


@pytest.mark.parametrize(("page", "query"), POOL_QUERIES)
def test_pool_pages_answer_out_of_range_dates_without_server_error(ws, client, page, query):
    build_pool(ws)
    client.force_login(ws.users["a_member"])
    client.raise_request_exception = False
    response = client.get(f"/werkruimte/{ws.partnership.slug}/{page}?{query}")
    assert response.status_code in (200, 400, 404), response.status_code


@pytest.mark.parametrize("query", ["9999-12-31", "0001-01-01"])
def test_pool_csv_export_answers_out_of_range_dates_without_server_error(ws, client, query):
    build_pool(ws)
    client.force_login(ws.users["a_member"])
    client.raise_request_exception = False
    base = f"/werkruimte/{ws.partnership.slug}/materieel/"
    response = client.get(base + f"?export=csv&free_from={query}&free_to={query}")
    assert response.status_code in (200, 400), response.status_code


@pytest.mark.parametrize("year", ["1e10", "99999999999999999999", "-1", "nan", "inf"])
def test_public_lesson_index_answers_absurd_year_without_server_error(client, year):
    index = lesson_index()
    client.raise_request_exception = False
    response = client.get(f"{index.url}?year={year}")
    assert response.status_code in (200, 400), response.status_code


@pytest.mark.parametrize("year", ["1e10", "99999999999999999999"])
def test_workspace_lessons_answer_absurd_year_without_server_error(ws, client, year):
    client.force_login(ws.users["a_member"])
    client.raise_request_exception = False
    response = client.get(f"/werkruimte/{ws.partnership.slug}/lessen/?year={year}")
    assert response.status_code in (200, 400), response.status_code


@pytest.mark.parametrize("token", ["%00", "a%00b", "x" * 300])
def test_visit_cancel_link_with_a_nul_byte_is_not_found(client, token):
    client.raise_request_exception = False
    assert client.get(f"/kijkje/afmelden/{token}/").status_code == 404
    assert client.post(f"/kijkje/afmelden/{token}/").status_code == 404


@pytest.mark.parametrize("year", ["1e10", "99999999999999999999"])
def test_public_story_index_answers_absurd_year_without_server_error(client, year):
    index = story_index()
    client.raise_request_exception = False
    response = client.get(f"{index.url}?year={year}")
    assert response.status_code in (200, 400), response.status_code
