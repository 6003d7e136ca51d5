"""Consent (vrijgave): only the owner party's lead widens a confidential item."""

import pytest

from projects.models import PartnershipLogEntry
from sharing.models import ReleaseRequest, Scope

pytestmark = pytest.mark.django_db


def _actions(ws):
    return list(
        PartnershipLogEntry.objects.filter(partnership=ws.partnership)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def _doc_url(ws, doc, suffix=""):
    return f"/werkruimte/{ws.partnership.slug}/documenten/{doc.pk}/{suffix}"


def test_client_cannot_widen_contractors_confidential_document(ws, client):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    client.force_login(ws.users["client_lead"])
    response = client.post(_doc_url(ws, doc, "reikwijdte/"), {"scope": "shared"})
    assert response.status_code == 404
    doc.refresh_from_db()
    assert doc.scope == Scope.CONFIDENTIAL
    client.force_login(ws.users["b_lead"])
    assert client.get(_doc_url(ws, doc)).status_code == 404


def test_client_requests_owner_grants_then_other_contractors_see_it_and_all_is_audited(ws, client):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL, title="Kwelscherm ontwerp")
    client.force_login(ws.users["client_lead"])
    response = client.post(
        _doc_url(ws, doc, "vrijgave/"),
        {"audience": "all", "purpose": "Alle partners leren van het kwelscherm."},
    )
    assert response.status_code == 302
    request = ReleaseRequest.objects.get(object_id=doc.pk)
    assert request.status == ReleaseRequest.Status.PENDING
    client.force_login(ws.users["b_lead"])
    assert client.get(_doc_url(ws, doc)).status_code == 404

    # A contractor A member (not the lead) cannot decide.
    client.force_login(ws.users["a_member"])
    url = f"/werkruimte/{ws.partnership.slug}/vrijgaven/{request.pk}/"
    assert client.post(url, {"decision": "grant"}).status_code == 404
    request.refresh_from_db()
    assert request.status == ReleaseRequest.Status.PENDING

    client.force_login(ws.users["a_lead"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "grant", "note": "Akkoord"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.scope == Scope.SHARED
    for other in ("b_lead", "b_member", "advisor"):
        client.force_login(ws.users[other])
        page = client.get(f"/werkruimte/{ws.partnership.slug}/documenten/")
        assert "Kwelscherm ontwerp" in page.content.decode()
        assert client.get(_doc_url(ws, doc)).status_code == 200

    actions = _actions(ws)
    assert actions[-3:] == [
        "partnerwerk.release.request",
        "partnerwerk.release.grant",
        "partnerwerk.scope.change",
    ]
    client.force_login(ws.users["client_lead"])
    audit = client.get(f"/werkruimte/{ws.partnership.slug}/logboek/").content.decode()
    for label in ("Vrijgave aangevraagd", "Vrijgave verleend", "Reikwijdte gewijzigd"):
        assert label in audit


def test_refused_request_changes_nothing(ws, client):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    client.force_login(ws.users["client_member"])
    client.post(_doc_url(ws, doc, "vrijgave/"), {"audience": "all", "purpose": "Delen"})
    request = ReleaseRequest.objects.get(object_id=doc.pk)
    client.force_login(ws.users["a_lead"])
    response = client.post(
        f"/werkruimte/{ws.partnership.slug}/vrijgaven/{request.pk}/",
        {"decision": "refuse", "note": "Bevat onze kostprijs"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    doc.refresh_from_db()
    assert request.status == ReleaseRequest.Status.REFUSED
    assert doc.scope == Scope.CONFIDENTIAL
    client.force_login(ws.users["b_lead"])
    assert client.get(_doc_url(ws, doc)).status_code == 404
    assert _actions(ws)[-1] == "partnerwerk.release.refuse"


def test_release_to_chosen_parties_reaches_only_them(ws, client):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    client.force_login(ws.users["client_lead"])
    client.post(
        _doc_url(ws, doc, "vrijgave/"),
        {"audience": "chosen", "recipients": [ws.parties["b"].pk], "purpose": "Afstemming"},
    )
    request = ReleaseRequest.objects.get(object_id=doc.pk)
    client.force_login(ws.users["a_lead"])
    client.post(f"/werkruimte/{ws.partnership.slug}/vrijgaven/{request.pk}/", {"decision": "grant"})
    doc.refresh_from_db()
    assert doc.scope == Scope.CONFIDENTIAL
    client.force_login(ws.users["b_member"])
    assert client.get(_doc_url(ws, doc)).status_code == 200
    client.force_login(ws.users["advisor"])
    assert client.get(_doc_url(ws, doc)).status_code == 404


def test_release_request_needs_a_purpose_and_recipients_when_chosen(ws, client):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    client.force_login(ws.users["client_lead"])
    response = client.post(_doc_url(ws, doc, "vrijgave/"), {"audience": "all", "purpose": ""})
    assert response.status_code == 400
    assert "Beschrijf waarvoor u de vrijgave nodig hebt." in response.content.decode()
    response = client.post(
        _doc_url(ws, doc, "vrijgave/"), {"audience": "chosen", "purpose": "Afstemming"}
    )
    assert response.status_code == 400
    assert "Kies ten minste één partij." in response.content.decode()
    assert not ReleaseRequest.objects.exists()


def test_owner_lead_widens_and_narrows_directly_with_audit(ws, client):
    doc = ws.upload("a_lead", Scope.INTERNAL)
    client.force_login(ws.users["a_lead"])
    client.post(_doc_url(ws, doc, "reikwijdte/"), {"scope": "shared"})
    doc.refresh_from_db()
    assert doc.scope == Scope.SHARED
    client.post(_doc_url(ws, doc, "reikwijdte/"), {"scope": "confidential"})
    doc.refresh_from_db()
    assert doc.scope == Scope.CONFIDENTIAL
    entries = PartnershipLogEntry.objects.filter(action="partnerwerk.scope.change").order_by("pk")
    assert [(e.data["from"], e.data["to"]) for e in entries] == [
        ("internal", "shared"),
        ("shared", "confidential"),
    ]


def test_confidential_download_is_audited_and_shared_download_is_not(ws, client):
    confidential = ws.upload("a_lead", Scope.CONFIDENTIAL)
    shared = ws.upload("a_lead", Scope.SHARED)
    client.force_login(ws.users["client_lead"])
    assert client.get(_doc_url(ws, confidential, "download/")).status_code == 200
    assert client.get(_doc_url(ws, shared, "download/")).status_code == 200
    downloads = PartnershipLogEntry.objects.filter(action="partnerwerk.document.download")
    assert [e.object_id for e in downloads] == [str(confidential.pk)]
    assert downloads[0].user == ws.users["client_lead"]


def test_audit_page_is_for_client_leads_and_hides_entries_about_hidden_items(ws, client):
    ws.upload("a_lead", Scope.INTERNAL, title="Geheime kostprijs A")
    url = f"/werkruimte/{ws.partnership.slug}/logboek/"
    for key in ("client_member", "a_lead", "b_lead", "advisor"):
        client.force_login(ws.users[key])
        assert client.get(url).status_code == 404
    client.force_login(ws.users["client_lead"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Geheime kostprijs A" not in response.content.decode()
    assert "Lid toegevoegd" in response.content.decode()


def test_requester_withdraws_pending_request_and_others_cannot(ws, client):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    client.force_login(ws.users["client_member"])
    client.post(_doc_url(ws, doc, "vrijgave/"), {"audience": "all", "purpose": "Delen"})
    request = ReleaseRequest.objects.get(object_id=doc.pk)
    url = f"/werkruimte/{ws.partnership.slug}/vrijgaven/{request.pk}/"
    client.force_login(ws.users["client_lead"])
    assert client.post(url, {"decision": "withdraw"}).status_code == 404
    client.force_login(ws.users["client_member"])
    assert client.post(url, {"decision": "withdraw"}).status_code == 302
    request.refresh_from_db()
    assert request.status == ReleaseRequest.Status.WITHDRAWN
    # A decided request cannot be decided again.
    client.force_login(ws.users["a_lead"])
    response = client.post(url, {"decision": "grant"})
    assert response.status_code == 400
    assert "Over dit verzoek is al besloten." in response.content.decode()
    doc.refresh_from_db()
    assert doc.scope == Scope.CONFIDENTIAL


def test_second_pending_request_for_same_item_is_refused(ws, client):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    client.force_login(ws.users["client_lead"])
    client.post(_doc_url(ws, doc, "vrijgave/"), {"audience": "all", "purpose": "Delen"})
    response = client.post(_doc_url(ws, doc, "vrijgave/"), {"audience": "all", "purpose": "Nog"})
    assert response.status_code == 400
    assert "Er loopt al een verzoek om vrijgave voor dit item." in response.content.decode()
    assert ReleaseRequest.objects.filter(object_id=doc.pk).count() == 1
