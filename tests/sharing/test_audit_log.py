"""The Logboek as a tool: filters, text search, folded routine bookings, CSV, links."""

import csv
import io

import pytest

from projects.models import PartnershipLogEntry
from sharing import access, selectors
from sharing.models import Scope
from sharing.services import documents as document_services
from tests.factories import build_pool

pytestmark = pytest.mark.django_db


def url(ws):
    return f"/werkruimte/{ws.partnership.slug}/logboek/"


def labels(response):
    return [e.label for e in response.context["page"].object_list]


@pytest.fixture
def logged(ws):
    shared = ws.upload("a_lead", Scope.SHARED, title="Damwand ontwerp")
    confidential = ws.upload("b_lead", Scope.CONFIDENTIAL, title="Kostprijs B")
    ws.upload("b_lead", Scope.INTERNAL, title="Intern B")
    document_services.item_change_scope(item=shared, actor=ws.users["a_lead"], scope="shared")
    return ws, shared, confidential


def test_only_client_leads_read_the_logboek_and_its_csv(logged, client):
    ws, *_ = logged
    for key in ("client_member", "a_lead", "b_lead", "advisor"):
        client.force_login(ws.users[key])
        assert client.get(url(ws)).status_code == 404
        assert client.get(url(ws), {"export": "csv"}).status_code == 404


def test_logboek_filters_by_kind_person_party_and_text(logged, client):
    ws, shared, confidential = logged
    client.force_login(ws.users["client_lead"])
    documents = labels(client.get(url(ws), {"kind": "document"}))
    assert set(documents) == {"Damwand ontwerp", "Kostprijs B"}
    by_a = labels(client.get(url(ws), {"kind": "document", "user": ws.users["a_lead"].pk}))
    assert set(by_a) == {"Damwand ontwerp"}
    by_b = labels(client.get(url(ws), {"kind": "document", "party": ws.parties["b"].pk}))
    assert set(by_b) == {"Kostprijs B"}
    assert set(labels(client.get(url(ws), {"q": "kostprijs"}))) == {"Kostprijs B"}
    item = labels(client.get(url(ws), {"item": f"document:{shared.pk}"}))
    assert item and set(item) == {"Damwand ontwerp"}


def test_logboek_filters_by_period(logged, client):
    ws, *_ = logged
    client.force_login(ws.users["client_lead"])
    assert labels(client.get(url(ws), {"date_to": "2000-01-01"})) == []
    assert labels(client.get(url(ws), {"date_from": "2000-01-01"}))


def test_logboek_never_shows_or_counts_entries_about_hidden_items(logged, client):
    ws, *_ = logged
    client.force_login(ws.users["client_lead"])
    for params in ({}, {"q": "intern"}, {"kind": "document"}):
        response = client.get(url(ws), params)
        assert "Intern B" not in response.content.decode()
    hidden_ids = PartnershipLogEntry.objects.filter(label="Intern B").values_list("pk", flat=True)
    assert hidden_ids
    response = client.get(url(ws), {"export": "csv"})
    assert "Intern B" not in response.content.decode()


def test_entry_links_to_its_item_only_where_the_reader_may_see_it(logged, client):
    ws, shared, confidential = logged
    client.force_login(ws.users["client_lead"])
    html = client.get(url(ws), {"kind": "document"}).content.decode()
    assert f'href="/werkruimte/{ws.partnership.slug}/documenten/{confidential.pk}/"' in html
    # The same entries read by contractor A: B's confidential document gets no link.
    entries = PartnershipLogEntry.objects.filter(partnership=ws.partnership).select_related(
        "content_type"
    )
    seat = access.seat_for(ws.users["a_lead"], ws.partnership)
    links = selectors.audit_links(
        user=ws.users["a_lead"], seat=seat, partnership=ws.partnership, entries=entries
    )
    linked = {e.label for e in entries if e.pk in links}
    assert "Damwand ontwerp" in linked
    assert "Kostprijs B" not in linked and "Intern B" not in linked


def test_routine_bookings_are_folded_until_asked_for(ws, client):
    pool = build_pool(ws)
    from projects import services as pool_services
    from tests.factories import at

    for day in ("2026-03-02", "2026-03-09"):
        pool_services.booking_create(
            item=pool.items["excavator"],
            party=ws.parties["a"],
            section=pool.sections[0],
            starts_at=at(day, 7),
            ends_at=at(day, 17),
            purpose="Graven",
            actor=ws.users["a_lead"],
        )
    client.force_login(ws.users["client_lead"])
    response = client.get(url(ws))
    assert not [e for e in response.context["page"].object_list if "booking" in e.action]
    assert response.context["routine_folded"] == 2
    shown = client.get(url(ws), {"routine": "on"}).context["page"].object_list
    assert len([e for e in shown if e.action == "partnerwerk.booking.add"]) == 2
    pool_kind = client.get(url(ws), {"kind": "pool"}).context["page"].object_list
    assert len([e for e in pool_kind if e.action == "partnerwerk.booking.add"]) == 2


def test_logboek_csv_has_the_filtered_rows_and_neutralises_formulas(ws, client):
    ws.upload("a_lead", Scope.SHARED, title='=HYPERLINK("http://x")')
    ws.upload("a_lead", Scope.SHARED, title="Gewoon document")
    client.force_login(ws.users["client_lead"])
    response = client.get(url(ws), {"kind": "document", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Wanneer", "Wie", "Handeling", "Wat", "Onderwerp"]
    subjects = {row[4] for row in rows[1:]}
    assert subjects == {'\'=HYPERLINK("http://x")', "Gewoon document"}
