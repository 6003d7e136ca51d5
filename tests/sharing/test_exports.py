"""Exports of one's own data: who may take what out, and what the zip holds."""

import hashlib
import io
import json
import re
import zipfile

import pytest

from django.core import mail

from projects.models import PartnershipLogEntry
from sharing import services
from sharing.models import DataExport, Scope
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def base(ws):
    return f"/werkruimte/{ws.partnership.slug}/export/"


@pytest.fixture
def items(ws):
    made = {}
    for party in ("a", "b"):
        lead = f"{party}_lead"
        for scope in Scope.values:
            made[(party, scope)] = ws.upload(lead, scope, title=f"Ontwerp {party} {scope}")
        services.thread_create(
            partnership=ws.partnership,
            actor=ws.users[lead],
            owner_party=ws.parties[party],
            title=f"Draad {party} vertrouwelijk",
            scope=Scope.CONFIDENTIAL,
            body=f"Kostprijs van {party}: geheim",
        )
    services.document_add_version(
        document=made[("b", Scope.CONFIDENTIAL)],
        actor=ws.users["b_lead"],
        upload=pdf_upload("v2.pdf"),
    )
    return made


def export_zip(client, ws, user, scope="party", django_capture_on_commit_callbacks=None):
    """Start an export over HTTP as `user`, then fetch it with the e-mailed link."""
    client.force_login(user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(base(ws), {"scope": scope})
    if response.status_code != 302:
        return None
    link = re.search(r"https?://\S+/download/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def everything(archive) -> str:
    return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_export_zip_opens_and_its_manifest_checksums_match(
    ws, items, client, django_capture_on_commit_callbacks
):
    archive = export_zip(
        client, ws, ws.users["b_lead"], "party", django_capture_on_commit_callbacks
    )
    manifest = json.loads(archive.read("manifest.json"))
    listed = {f["path"] for f in manifest["files"]}
    assert listed == set(archive.namelist()) - {"manifest.json"}
    for entry in manifest["files"]:
        data = archive.read(entry["path"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["size"]
    # Every version of every own document, threads as Markdown and JSON, CSVs.
    names = archive.namelist()
    assert sum(1 for n in names if "ontwerp-b-confidential" in n and n.endswith(".pdf")) == 2
    assert any(n.endswith(".md") and "draad-b" in n for n in names)
    assert any(n.endswith(".json") and "draad-b" in n for n in names)
    for name in ("materieel/boekingen.csv", "materieel/gebruik.csv", "vrijgaven/vrijgaven.json"):
        assert name in names


def test_contractor_export_holds_nothing_of_another_contractors_confidential_items(
    ws, items, client, django_capture_on_commit_callbacks
):
    archive = export_zip(
        client, ws, ws.users["b_lead"], "party", django_capture_on_commit_callbacks
    )
    text = everything(archive)
    assert "Ontwerp b internal" in text and "Kostprijs van b" in text
    for forbidden in ("Ontwerp a", "ontwerp-a", "Draad a", "Kostprijs van a"):
        assert forbidden not in text
    # Not even A's shared items: a party exports what it owns.
    assert not [n for n in archive.namelist() if "-a-" in n]


def test_client_lead_exports_the_full_record_without_contractors_internal_items(
    ws, items, client, django_capture_on_commit_callbacks
):
    archive = export_zip(
        client, ws, ws.users["client_lead"], "partnership", django_capture_on_commit_callbacks
    )
    text = everything(archive)
    for present in ("Ontwerp a confidential", "Ontwerp b shared", "Kostprijs van a"):
        assert present in text
    assert "Ontwerp a internal" not in text and "Ontwerp b internal" not in text


def test_only_leads_export_and_only_client_leads_the_full_record(ws, client):
    for key in ("client_member", "a_member", "b_member", "outsider"):
        client.force_login(ws.users[key])
        assert client.get(base(ws)).status_code == 404
        assert client.post(base(ws), {"scope": "party"}).status_code == 404
    client.force_login(ws.users["a_lead"])
    assert client.post(base(ws), {"scope": "partnership"}).status_code == 404
    assert not DataExport.objects.exists()


def test_download_link_works_once_for_its_requester_and_expires(
    ws, items, client, django_capture_on_commit_callbacks
):
    client.force_login(ws.users["a_lead"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(base(ws), {"scope": "party"})
    link = re.search(r"https?://\S+/download/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    # Another lead cannot use it.
    client.force_login(ws.users["b_lead"])
    assert client.get(path).status_code == 404
    client.force_login(ws.users["a_lead"])
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 404  # one time
    export = DataExport.objects.get()
    # A fresh link from the page; expired links are refused.
    response = client.post(f"{base(ws)}{export.pk}/link/")
    assert response.status_code == 302
    DataExport.objects.filter(pk=export.pk).update(link_expires_at="2000-01-01T00:00Z")
    assert client.get(response["Location"]).status_code == 404


def test_export_request_and_download_are_in_the_logboek(
    ws, items, client, django_capture_on_commit_callbacks
):
    export_zip(client, ws, ws.users["a_lead"], "party", django_capture_on_commit_callbacks)
    actions = set(
        PartnershipLogEntry.objects.filter(action__startswith="partnerwerk.export.").values_list(
            "action", flat=True
        )
    )
    assert actions == {"partnerwerk.export.request", "partnerwerk.export.download"}
    client.force_login(ws.users["client_lead"])
    html = client.get(f"/werkruimte/{ws.partnership.slug}/logboek/", {"kind": "export"})
    assert "Export aangevraagd" in html.content.decode()


def test_export_page_shows_progress_and_status(ws, client):
    client.force_login(ws.users["a_lead"])
    # Without running the background task the export waits in the queue.
    client.post(base(ws), {"scope": "party"})
    export = DataExport.objects.get()
    assert export.status == DataExport.Status.PENDING
    html = client.get(base(ws)).content.decode()
    assert "<progress" in html and "export-progress.js" in html
    status = client.get(f"{base(ws)}{export.pk}/status/").json()
    assert status == {"status": "pending", "progress": 0}
    client.force_login(ws.users["b_lead"])
    assert client.get(f"{base(ws)}{export.pk}/status/").status_code == 404
