"""The English catalogue (locale/en) is compiled and used once a visitor picks English."""

import pytest

from tests.factories import build_pool, build_workspace

pytestmark = pytest.mark.django_db


def choose_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_login_page_in_english(client):
    build_workspace()
    choose_english(client)
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    body = response.content.decode()
    assert 'lang="en"' in body
    for english in ("Skip to content", "Log in to open your workspace.", "Forgot your password?"):
        assert english in body
    assert "<title>Log in – Partnerwerk</title>" in body
    for dutch in ("Inloggen", "Direct naar de inhoud", "Wachtwoord vergeten", "Hoofdmenu"):
        assert dutch not in body


def test_document_list_in_english(client):
    ws = build_workspace()
    ws.upload("a_lead", "confidential", title="Ontwerpnota")
    ws.upload("a_lead", "shared", title="Lessen")
    choose_english(client)
    client.force_login(ws.users["a_lead"])
    response = client.get("/werkruimte/sterke-lekdijk/documenten/")
    assert response.status_code == 200
    body = response.content.decode()
    for english in (
        "Documents",
        "Scope",
        "Upload document",
        "Filter documents",
        "2 documents",
        "Confidential",
        "Shared",
        "Contractor",
        "Participants",
    ):
        assert english in body, english
    for dutch in (
        "Documenten",
        "Reikwijdte",
        "Eigenaar",
        "Bijgewerkt",
        "Vertrouwelijk",
        "Gedeeld",
        "Opdrachtnemer",
        "Uitloggen",
        "Direct naar de inhoud",
    ):
        assert dutch not in body, dutch


def test_dutch_stays_the_default(client):
    ws = build_workspace()
    client.force_login(ws.users["a_lead"])
    body = client.get("/werkruimte/sterke-lekdijk/documenten/").content.decode()
    assert "Documenten" in body and "Reikwijdte" in body
    assert "Scope" not in body


def test_threads_and_equipment_in_english(client):
    ws = build_workspace()
    build_pool(ws)
    choose_english(client)
    client.force_login(ws.users["a_lead"])

    response = client.get("/werkruimte/sterke-lekdijk/draden/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Threads</h1>' in body
    for english in ("Threads", "New thread", "Filter threads", "0 threads", "Unread only"):
        assert english in body, english
    for dutch in ("Draden", "Nieuwe draad", "Alleen ongelezen", "Meldingen", "Materieel"):
        assert dutch not in body, dutch

    response = client.get("/werkruimte/sterke-lekdijk/materieel/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Equipment</h1>' in body
    for english in (
        "Equipment",
        "Equipment pool",
        "Sustainability",
        "Filter equipment",
        "3 equipment items",
        "Emission class",
        "Zero-emission electric",
        "Excavator",
    ):
        assert english in body, english
    for dutch in (
        "Materieel",
        "materieelstuk",
        "Duurzaamheid",
        "Vrij van",
        "Graafmachine",
        "Deeltraject",
        "Draden",
    ):
        assert dutch not in body, dutch


def test_lessons_and_visit_form_in_english(client):
    from sharing.models import Scope
    from sharing.services import lessons as lesson_services
    from tests.portal import public_builders as build

    ws = build_workspace()
    lesson_services.lesson_create(
        partnership=ws.partnership,
        actor=ws.users["a_lead"],
        owner_party=ws.parties["a"],
        scope=Scope.CONFIDENTIAL,
        title="Kwelscherm",
        context="Situatie",
        advice="Advies",
    )
    visit = build.visit("Kijkje bij de dijk")
    visit.capacity = 2
    visit.save_revision().publish()
    choose_english(client)
    body = client.get(visit.url).content.decode()
    for english in ("Register", "Leave this field empty"):
        assert english in body
    assert "Aanmelden" not in body
    client.force_login(ws.users["a_lead"])
    lesson = client.get("/werkruimte/sterke-lekdijk/lessen/").content.decode()
    assert "1 lesson" in lesson and "Record a lesson" in lesson
    assert "Les vastleggen" not in lesson
