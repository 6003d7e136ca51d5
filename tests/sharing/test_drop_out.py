"""Drop-out: access to shared items ends, own items stay readable, nothing is deleted."""

import pytest

from projects.models import Membership, PartnershipLogEntry, Party
from sharing.models import Document, DocumentVersion, Scope
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def test_dropped_party_loses_shared_keeps_own_and_nothing_is_deleted(ws, client):
    shared_by_client = ws.upload("client_lead", Scope.SHARED, title="Projectplan")
    own_confidential = ws.upload("d_lead", Scope.CONFIDENTIAL, title="Oplossing D")
    own_internal = ws.upload("d_lead", Scope.INTERNAL, title="Interne notitie D")
    counts = (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        Membership.objects.count(),
        Party.objects.count(),
    )
    base = f"/werkruimte/{ws.partnership.slug}"

    client.force_login(ws.users["client_lead"])
    response = client.post(
        f"{base}/deelnemers/{ws.parties['d'].pk}/afvallen/",
        {"reason": "No-go na fase 1", "on": "2026-11-01", "confirm": "on"},
    )
    assert response.status_code == 302
    party = Party.objects.get(pk=ws.parties["d"].pk)
    assert party.status == Party.Status.DROPPED_OUT
    assert party.dropped_out_reason == "No-go na fase 1"

    client.force_login(ws.users["d_lead"])
    assert client.get(f"{base}/documenten/{shared_by_client.pk}/").status_code == 404
    assert client.get(f"{base}/documenten/{shared_by_client.pk}/download/").status_code == 404
    for own in (own_confidential, own_internal):
        assert client.get(f"{base}/documenten/{own.pk}/").status_code == 200
        assert client.get(f"{base}/documenten/{own.pk}/download/").status_code == 200
    listing = client.get(f"{base}/documenten/").content.decode()
    assert "Projectplan" not in listing and "Oplossing D" in listing

    # No uploads, no new versions.
    assert client.get(f"{base}/documenten/nieuw/").status_code == 404
    response = client.post(
        f"{base}/documenten/{own_confidential.pk}/versie/", {"file": pdf_upload()}
    )
    assert response.status_code == 404
    # The client keeps its confidential record with that party.
    client.force_login(ws.users["client_lead"])
    assert client.get(f"{base}/documenten/{own_confidential.pk}/").status_code == 200

    assert counts == (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        Membership.objects.count(),
        Party.objects.count(),
    )
    assert PartnershipLogEntry.objects.filter(action="partnerwerk.party.drop_out").count() == 1


def test_only_client_lead_marks_drop_out_and_needs_a_reason(ws, client):
    url = f"/werkruimte/{ws.partnership.slug}/deelnemers/{ws.parties['b'].pk}/afvallen/"
    for key in ("client_member", "a_lead", "b_lead"):
        client.force_login(ws.users[key])
        assert client.post(url, {"reason": "x", "confirm": "on"}).status_code == 404
    client.force_login(ws.users["client_lead"])
    response = client.post(url, {"reason": "", "confirm": "on"})
    assert response.status_code == 400
    assert "Geef de reden van het afvallen." in response.content.decode()
    assert Party.objects.get(pk=ws.parties["b"].pk).status == Party.Status.ACTIVE
