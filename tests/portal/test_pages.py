import pytest

from tests.factories import build_workspace

pytestmark = pytest.mark.django_db


def test_public_pages_render_and_show_only_public_facts(client):
    ws = build_workspace()
    ws.upload("a_lead", "confidential", title="Geheim ontwerp")
    assert client.get("/").status_code == 200
    index = client.get("/partnerschappen/")
    assert index.status_code == 200 and "Sterke Lekdijk" in index.content.decode()
    profile = client.get("/partnerschappen/sterke-lekdijk/")
    assert profile.status_code == 200
    body = profile.content.decode()
    assert "Aannemer A" in body and "Geheim ontwerp" not in body


def test_dutch_by_default_english_on_request(client):
    build_workspace()
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="nl"' in response.content.decode()
    assert "Inloggen" in response.content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    response = client.get("/accounts/login/")
    assert 'lang="en"' in response.content.decode()


def test_unknown_page_is_a_friendly_404(client):
    build_workspace()
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_demo_command_is_idempotent_and_refused_without_debug(settings):
    from django.core.management import CommandError, call_command

    from projects.models import PartnershipPage, Party
    from sharing.models import Document

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo")
    call_command("demo", "--force")
    counts = (PartnershipPage.objects.count(), Party.objects.count(), Document.objects.count())
    call_command("demo", "--force")
    assert counts == (
        PartnershipPage.objects.count(),
        Party.objects.count(),
        Document.objects.count(),
    )
    assert PartnershipPage.objects.filter(slug="sterke-lekdijk").exists()
    scopes = set(Document.objects.values_list("scope", flat=True))
    assert scopes == {"shared", "confidential", "internal"}
