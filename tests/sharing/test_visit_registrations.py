"""bezoeken/: the organising partnership sees who registered for its visits, and no one else."""

import csv
import datetime
import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import VisitPage, VisitRegistration
from portal.services import registration_cancel, registration_create
from projects import services as project_services
from sharing import access
from tests.factories import build_workspace
from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db

ALLOWED = ["client_lead", "client_member", "a_lead", "b_lead"]
FORBIDDEN = ["a_member", "b_member", "advisor", "d_lead", "outsider"]


def url(ws, export=False):
    return f"/werkruimte/{ws.partnership.slug}/bezoeken/" + ("?export=csv" if export else "")


def visit_for(partnership, title="Kijkje bij de dijk", capacity=2, days=10):
    page = build.visit(title=title, days=days)
    page.partnership = partnership
    page.capacity = capacity
    page.save_revision().publish()
    return VisitPage.objects.get(pk=page.pk)


@pytest.fixture
def ws(ws):
    """The standard cast, with contractor D dropped out after a phase decision."""
    project_services.party_drop_out(party=ws.parties["d"], reason="No-go na fase 1")
    return ws


@pytest.fixture
def visit(ws):
    visit = visit_for(ws.partnership)
    for i, name in enumerate(["Femke de Wit", "Joost Meijer", "Sanne Bakker"]):
        registration_create(
            visit=visit,
            name=name,
            organisation="Gemeente Houten",
            email=f"bezoeker{i}@example.org",
            notify=False,
        )
    return visit


@pytest.mark.parametrize("who", ALLOWED)
def test_client_parties_and_contractor_leads_see_registrations_and_csv(ws, visit, client, who):
    client.force_login(ws.users[who])
    response = client.get(url(ws))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Femke de Wit" in body and "bezoeker2@example.org" in body
    assert "2 / 2" in body  # confirmed of capacity
    assert f'href="{url(ws)}" aria-current="page"' in body

    response = client.get(url(ws, export=True))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Bezoek", "Datum", "Naam"]
    assert [r[2] for r in rows[1:]] == ["Femke de Wit", "Joost Meijer", "Sanne Bakker"]
    assert [r[5] for r in rows[1:]] == ["Aangemeld", "Aangemeld", "Wachtlijst"]


@pytest.mark.parametrize("who", FORBIDDEN)
def test_contractor_members_advisors_dropouts_and_outsiders_get_404(ws, visit, client, who):
    client.force_login(ws.users[who])
    assert client.get(url(ws)).status_code == 404
    assert client.get(url(ws, export=True)).status_code == 404


def test_anonymous_visitor_is_sent_to_login(ws, visit, client):
    for target in (url(ws), url(ws, export=True)):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_navigation_shows_the_link_only_to_those_allowed(ws, client):
    link = f'href="{url(ws)}"'
    client.force_login(ws.users["client_member"])
    assert link in client.get(f"/werkruimte/{ws.partnership.slug}/").content.decode()
    client.force_login(ws.users["a_member"])
    assert link not in client.get(f"/werkruimte/{ws.partnership.slug}/").content.decode()


def test_access_rule_matches_the_roles(ws):
    for who in ALLOWED:
        seat = access.seat_for(ws.users[who], ws.partnership)
        assert access.may_view_visit_registrations(seat), who
    for who in ["a_member", "b_member", "advisor", "d_lead"]:
        seat = access.seat_for(ws.users[who], ws.partnership)
        assert not access.may_view_visit_registrations(seat), who


def test_other_partnerships_visits_are_not_listed(ws, visit, client):
    other = build_workspace(slug="andere-dijk", with_dropped=False)
    other_visit = visit_for(other.partnership, title="Kijkje elders")
    registration_create(
        visit=other_visit, name="Geheime Gast", email="gast@example.org", notify=False
    )
    client.force_login(ws.users["client_lead"])
    body = client.get(url(ws)).content.decode()
    assert "Kijkje elders" not in body and "Geheime Gast" not in body
    csv_body = client.get(url(ws, export=True)).content.decode()
    assert "Geheime Gast" not in csv_body
    # A member of one workspace is no one in the other.
    assert client.get(url(other)).status_code == 404


def test_counts_include_waiting_and_cancelled(ws, visit, client):
    first = VisitRegistration.objects.get(visit=visit, position=1)
    registration_cancel(registration=first, notify=False)
    client.force_login(ws.users["client_lead"])
    response = client.get(url(ws))
    (listed,) = response.context["visits"]
    assert listed.counts == {"confirmed": 2, "waiting": 0, "cancelled": 1}


def test_csv_neutralises_formulas_from_the_public_form(ws, client):
    visit = visit_for(ws.partnership, capacity=5)
    registration_create(visit=visit, name="=HYPERLINK(1)", email="x@example.org", notify=False)
    client.force_login(ws.users["client_lead"])
    body = client.get(url(ws, export=True)).content.decode()
    assert "'=HYPERLINK(1)" in body


def _bulk(visit, n, start=0):
    VisitRegistration.objects.bulk_create(
        [
            VisitRegistration(
                visit=visit,
                name=f"Bezoeker {i}",
                email=f"v{i}@example.org",
                status="confirmed" if i < visit.capacity else "waiting",
                position=i + 1,
                created_at=timezone.now() - datetime.timedelta(minutes=i),
            )
            for i in range(start, start + n)
        ]
    )


def _count(client, target):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("export", [False, True])
def test_list_runs_constant_queries_for_2_or_20_registrations(ws, client, export):
    one = visit_for(ws.partnership, title="Een", capacity=5)
    two = visit_for(ws.partnership, title="Twee", capacity=5, days=20)
    _bulk(one, 1)
    _bulk(two, 1)
    client.force_login(ws.users["client_lead"])
    client.get(url(ws))  # warm caches (content types, site root)
    few = _count(client, url(ws, export))
    _bulk(one, 9, start=1)
    _bulk(two, 9, start=1)
    assert VisitRegistration.objects.count() == 20
    assert _count(client, url(ws, export)) == few
