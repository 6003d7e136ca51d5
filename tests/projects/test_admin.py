"""Editors create partnerships in the Wagtail admin; the audit log shows in its reports."""

import pytest

from wagtail.test.utils.form_data import nested_form_data

from projects.models import PartnershipIndexPage, PartnershipPage
from tests.factories import build_workspace

pytestmark = pytest.mark.django_db


def test_editor_creates_partnership_in_admin(client):
    ws = build_workspace()
    client.force_login(ws.users["superuser"])
    index = PartnershipIndexPage.objects.get()
    url = f"/admin/pages/add/projects/partnershippage/{index.pk}/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Kademuren Amsterdam",
            "slug": "kademuren",
            "client_organisation": ws.partnership.client_organisation_id,
            "procedure_type": "innovatiepartnerschap",
            "theme": "Kademuren",
            "region": "Amsterdam",
            "status": "preparation",
            "summary": "200 km kademuren vernieuwen.",
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PartnershipPage.objects.get(slug="kademuren")
    assert page.live
    assert client.get("/partnerschappen/kademuren/").status_code == 200


def test_admin_site_history_does_not_leak_workspace_entries(client):
    ws = build_workspace()
    ws.upload("a_lead", "internal", title="Interne kostprijs A")
    client.force_login(ws.users["superuser"])
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    assert "Interne kostprijs A" not in response.content.decode()
    assert "Kademuren" not in response.content.decode()


def test_admin_adds_party_with_invited_lead_through_services(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from projects.models import Membership, Organisation, Party

    ws = build_workspace()
    org = Organisation.objects.create(name="Nieuwe Aannemer")
    client.force_login(ws.users["superuser"])
    assert client.get("/admin/parties/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/parties/new/",
            {
                "partnership": ws.partnership.pk,
                "organisation": org.pk,
                "role": "contractor",
                "lead_email": "lead@nieuw.nl",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    party = Party.objects.get(organisation=org)
    assert party.group.name.startswith(f"Partij {party.pk}")
    assert Membership.objects.get(party=party).role == "lead"
    assert [m.to for m in mail.outbox] == [["lead@nieuw.nl"]]
    # Editing changes only the role, through the service (logged).
    response = client.post(f"/admin/parties/edit/{party.pk}/", {"role": "advisor"})
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.role == "advisor"
    # Duplicates are a form error.
    response = client.post(
        "/admin/parties/new/",
        {"partnership": ws.partnership.pk, "organisation": org.pk, "role": "contractor"},
    )
    assert response.status_code == 200
    assert "al partij in dit partnerschap" in response.content.decode()
