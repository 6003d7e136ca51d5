"""The phases pages cost the same number of queries with 3 or 30 contractors' worth of data."""

from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services as project_services
from projects.models import Assessment, Instalment, Party, PhaseDecision
from tests.factories import build_phases

pytestmark = pytest.mark.django_db


def _grow(ws, ph, upto):
    """Contractors up to `upto`, each with its assessments, a decision and an instalment."""
    n = Party.objects.filter(partnership=ws.partnership, role=Party.Role.CONTRACTOR).count()
    for i in range(n, upto):
        party = ws.add_party(f"c{i}", f"Aannemer {i:02d}", Party.Role.CONTRACTOR)
        Instalment.objects.create(
            phase=ph.phase, party=party, label=f"Termijn {i}", amount=Decimal("1000")
        ).targets.set([ph.co2, ph.noise])
    contractors = Party.objects.filter(partnership=ws.partnership, role=Party.Role.CONTRACTOR)
    Assessment.objects.bulk_create(
        [
            Assessment(target=t, party=p, measured_value=Decimal(30 + p.pk % 20), met=True)
            for p in contractors
            for t in (ph.co2, ph.noise)
            if not Assessment.objects.filter(target=t, party=p).exists()
        ]
    )
    PhaseDecision.objects.bulk_create(
        [
            PhaseDecision(phase=ph.phase, party=p, outcome="continue", motivation="ok")
            for p in contractors
            if not PhaseDecision.objects.filter(phase=ph.phase, party=p).exists()
        ]
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("user_key", ["client_lead", "a_lead"])
def test_phase_pages_query_count_is_constant_from_3_to_30_contractors(ws, login, user_key):
    ph = build_phases(ws)
    project_services.phase_move(phase=ph.phase, move="assess", actor=ws.users["client_lead"])
    client = login(ws.users[user_key])
    base = f"/werkruimte/{ws.partnership.slug}/fasen/"
    urls = [base, f"{base}{ph.phase.pk}/", f"{base}beoordelingen/", f"{base}termijnen/"]
    _grow(ws, ph, 3)
    for url in urls:  # warm the per-process caches (content types, site)
        client.get(url)
    small = {url: _count(client, url) for url in urls}
    _grow(ws, ph, 30)
    assert Assessment.objects.count() >= 60
    large = {url: _count(client, url) for url in urls}
    assert large == small
