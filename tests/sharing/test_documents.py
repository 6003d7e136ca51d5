"""Uploading documents: limits, types, tampering, versions, never a 500."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from sharing.models import Document, DocumentVersion, Scope
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def _upload(client, ws, **overrides):
    data = {
        "title": "Ontwerpnota",
        "kind": "report",
        "owner_party": ws.parties["a"].pk,
        "scope": "confidential",
        "file": pdf_upload(),
        "description": "",
        "note": "",
    }
    data.update(overrides)
    return client.post(f"/werkruimte/{ws.partnership.slug}/documenten/nieuw/", data)


def _nothing_saved():
    return Document.objects.count() == 0 and DocumentVersion.objects.count() == 0


def test_contractor_uploads_confidential_document(ws, client):
    client.force_login(ws.users["a_member"])
    response = _upload(client, ws)
    assert response.status_code == 302
    doc = Document.objects.get()
    assert (doc.scope, doc.owner_party, doc.current_version.number) == (
        Scope.CONFIDENTIAL,
        ws.parties["a"],
        1,
    )
    assert not doc.current_version.file.name.startswith("/")
    assert "media" not in doc.current_version.file.path.split("private-media")[0][-6:]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Geef het document een titel."),
        ({"scope": "public"}, "Kies een geldige reikwijdte."),
        ({"owner_party": "999999"}, "U kunt alleen voor uw eigen partij uploaden."),
        ({"file": ""}, "Kies een bestand."),
        (
            {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00", "application/octet-stream")},
            "Bestanden van het type .exe zijn niet toegestaan.",
        ),
        (
            {"file": SimpleUploadedFile("nep.pdf", b"<html>not a pdf</html>", "application/pdf")},
            "De inhoud van het bestand past niet bij de extensie .pdf.",
        ),
        (
            {"file": SimpleUploadedFile("groot.txt", b"a" * (200 * 1024 + 1), "text/plain")},
            "de grens is 200,0",
        ),
        ({"file": SimpleUploadedFile("leeg.txt", b"", "text/plain")}, "Het bestand is leeg."),
    ],
)
def test_bad_upload_gets_dutch_form_error_and_saves_nothing(ws, client, overrides, message):
    client.force_login(ws.users["a_lead"])
    response = _upload(client, ws, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _nothing_saved()


def test_uploading_for_another_party_is_refused(ws, client):
    client.force_login(ws.users["a_lead"])
    response = _upload(client, ws, owner_party=ws.parties["b"].pk)
    assert response.status_code == 400
    assert "U kunt alleen voor uw eigen partij uploaden." in response.content.decode()
    assert _nothing_saved()


def test_advisor_and_non_member_cannot_upload(ws, client):
    for key, status in (("advisor", 404), ("outsider", 404)):
        client.force_login(ws.users[key])
        assert _upload(client, ws, owner_party=ws.parties["advisor"].pk).status_code == status
    assert _nothing_saved()


def test_new_version_keeps_the_old_one(ws, client):
    doc = ws.upload("a_lead", Scope.SHARED)
    client.force_login(ws.users["a_member"])
    url = f"/werkruimte/{ws.partnership.slug}/documenten/{doc.pk}/"
    response = client.post(url + "versie/", {"file": pdf_upload("v2.pdf", "Tweede"), "note": "v2"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.current_version.number == 2
    assert list(doc.versions.values_list("number", flat=True)) == [2, 1]
    old = client.get(url + "versies/1/download/")
    assert old.status_code == 200
    assert old["Content-Disposition"].startswith("attachment")
    assert client.get(url + "versies/3/download/").status_code == 404


def test_bad_new_version_gets_form_error(ws, client):
    doc = ws.upload("a_lead", Scope.SHARED)
    client.force_login(ws.users["a_lead"])
    url = f"/werkruimte/{ws.partnership.slug}/documenten/{doc.pk}/versie/"
    response = client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ", "x/y")})
    assert response.status_code == 400
    assert "niet toegestaan" in response.content.decode()
    assert DocumentVersion.objects.filter(document=doc).count() == 1


def test_private_files_have_no_public_url(ws, client, settings):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    name = doc.current_version.file.name
    assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404
    with pytest.raises(ValueError):
        doc.current_version.file.url  # noqa: B018


def test_document_filters(ws, client):
    ws.upload("a_lead", Scope.SHARED, title="Kwelscherm A")
    ws.upload("b_lead", Scope.SHARED, title="Grondverbetering B")
    ws.upload("client_lead", Scope.CONFIDENTIAL, title="Beoordeling")
    client.force_login(ws.users["client_lead"])
    base = f"/werkruimte/{ws.partnership.slug}/documenten/"

    def titles(query):
        return {d.title for d in client.get(base + query).context["page"].object_list}

    assert titles("") == {"Kwelscherm A", "Grondverbetering B", "Beoordeling"}
    assert titles("?scope=shared") == {"Kwelscherm A", "Grondverbetering B"}
    assert titles(f"?owner_party={ws.parties['b'].pk}") == {"Grondverbetering B"}
    assert titles("?q=kwel") == {"Kwelscherm A"}
    assert titles("?kind=report") == set()
    # A bad filter value is a form error, not a 500.
    assert client.get(base + "?scope=nonsense").status_code == 200
    assert client.get(base + "?pagina=abc").status_code == 200
