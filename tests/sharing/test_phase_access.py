"""Who sees what of the phases: a contractor sees its own results, decisions and money only.

Another contractor's assessment, decision or instalment answers 404 and never
shows up in a list, a count, an export, a notification or a live frame.
"""

from decimal import Decimal

import pytest

from projects import services as project_services
from projects.models import ResultRights
from sharing.models import Notification, Scope
from tests.factories import build_phases

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(ws):
    """Phase 1 assessed for A and B (A's results are secret numbers), A continues, B stops."""
    ph = build_phases(ws)
    lead = ws.users["client_lead"]
    evidence = ws.upload("a_lead", Scope.CONFIDENTIAL, title="Meetrapport A")
    internal_b = ws.upload("b_lead", Scope.INTERNAL, title="Intern B")
    a, b = ws.parties["a"], ws.parties["b"]
    ph.a_co2 = project_services.assessment_record(
        target=ph.co2, party=a, measured_value=Decimal("31.7"), note="Geheime score A",
        evidence_document_ids=[evidence.pk, internal_b.pk], actor=lead,
    )  # fmt: skip
    project_services.assessment_record(
        target=ph.noise, party=a, measured_value=Decimal("52"), actor=lead
    )
    project_services.assessment_record(
        target=ph.only_a, party=a, measured_value=Decimal("8000"), actor=lead
    )
    ph.b_co2 = project_services.assessment_record(
        target=ph.co2, party=b, measured_value=Decimal("77.3"), note="Geheime score B", actor=lead
    )
    project_services.phase_move(phase=ph.phase, move="assess", actor=lead)
    ph.a_decision = project_services.decision_record(
        phase=ph.phase, party=a, outcome="continue", motivation="Motivering A", actor=lead
    )
    ph.b_decision = project_services.decision_record(
        phase=ph.phase, party=b, outcome="stop", motivation="Motivering B", actor=lead
    )
    ph.evidence = evidence
    return ph


def _url(ws, path):
    return f"/werkruimte/{ws.partnership.slug}/fasen/{path}"


def test_contractor_gets_404_on_another_contractors_assessment(ws, done, login):
    client = login(ws.users["b_lead"])
    assert client.get(_url(ws, f"beoordelingen/{done.a_co2.pk}/")).status_code == 404
    assert client.get(_url(ws, f"beoordelingen/{done.b_co2.pk}/")).status_code == 200


def test_contractor_gets_404_on_another_contractors_decision(ws, done, login):
    client = login(ws.users["a_member"])
    assert client.get(_url(ws, f"besluiten/{done.b_decision.pk}/")).status_code == 404
    assert client.get(_url(ws, f"besluiten/{done.a_decision.pk}/")).status_code == 200


def test_contractor_gets_404_on_another_contractors_instalment(ws, done, login):
    client = login(ws.users["a_lead"])
    b_inst = done.instalments["b"]
    assert client.get(_url(ws, f"termijnen/{b_inst.pk}/")).status_code == 404
    assert client.post(_url(ws, f"termijnen/{b_inst.pk}/volgende/")).status_code == 404


def test_contractor_never_finds_another_contractors_scores_in_lists(ws, done, login):
    client = login(ws.users["a_lead"])
    for path in ("", f"{done.phase.pk}/", "beoordelingen/", "termijnen/", "aankoop/"):
        body = client.get(_url(ws, path)).content.decode()
        assert "77.3" not in body and "77,3" not in body, path
        assert "Geheime score B" not in body and "Motivering B" not in body, path
        assert "Termijn 1 B" not in body, path
        assert "Aannemer B" not in body, path


def test_contractor_never_finds_another_contractors_rows_in_exports(ws, done, login):
    client = login(ws.users["a_lead"])
    for path in ("beoordelingen/?export=csv", "termijnen/?export=csv", "rechten/?export=csv"):
        response = client.get(_url(ws, path))
        body = response.content.decode()
        assert response["Content-Type"].startswith("text/csv")
        assert "Aannemer B" not in body, path
    body = client.get(_url(ws, "beoordelingen/?export=csv")).content.decode()
    assert body.count("Aannemer A") == 3


def test_client_sees_every_contractors_results(ws, done, login):
    client = login(ws.users["client_member"])
    body = client.get(_url(ws, "beoordelingen/")).content.decode()
    assert "Aannemer A" in body and "Aannemer B" in body
    csv = client.get(_url(ws, "termijnen/?export=csv")).content.decode()
    assert "Termijn 1 A" in csv and "Termijn 1 B" in csv


def test_advisor_sees_the_phases_but_no_contractors_results(ws, done, login):
    client = login(ws.users["advisor"])
    assert client.get(_url(ws, "")).status_code == 200
    body = client.get(_url(ws, "beoordelingen/")).content.decode()
    assert "Aannemer A" not in body and "Aannemer B" not in body
    assert client.get(_url(ws, f"beoordelingen/{done.a_co2.pk}/")).status_code == 404


def test_stopped_contractor_still_sees_its_own_decision_and_results(ws, done, login):
    client = login(ws.users["b_lead"])
    body = client.get(_url(ws, f"besluiten/{done.b_decision.pk}/")).content.decode()
    assert "Motivering B" in body and "Stoppen" in body
    body = client.get(_url(ws, f"{done.phase.pk}/")).content.decode()
    assert "Geheime score A" not in body and "31.7" not in body and "31,7" not in body


def test_evidence_shows_only_documents_the_reader_may_see(ws, done, login):
    client = login(ws.users["client_lead"])
    body = client.get(_url(ws, f"beoordelingen/{done.a_co2.pk}/")).content.decode()
    # A's confidential report is visible to the client; B's internal document is
    # neither A's nor the client's, and hidden from the client anyway.
    assert "Meetrapport A" in body
    assert "Intern B" not in body


def test_notifications_of_a_decision_go_to_the_contractor_concerned_only(ws, done, login):
    a_users = {ws.users["a_lead"].pk, ws.users["a_member"].pk}
    b_users = {ws.users["b_lead"].pk, ws.users["b_member"].pk}
    by_link = {}
    for n in Notification.objects.all():
        by_link.setdefault(n.link, set()).add(n.user_id)
    assert by_link[_url(ws, f"besluiten/{done.a_decision.pk}/")] == a_users
    assert by_link[_url(ws, f"besluiten/{done.b_decision.pk}/")] == b_users
    client = login(ws.users["a_lead"])
    body = client.get(f"/werkruimte/{ws.partnership.slug}/meldingen/").content.decode()
    assert "Go/no-go" in body and "stoppen" not in body


def test_contractor_cannot_record_decide_or_approve(ws, done, login):
    client = login(ws.users["a_lead"])
    phase = done.phase
    a = ws.parties["a"]
    assert client.get(_url(ws, f"{phase.pk}/beoordelen/{a.pk}/")).status_code == 404
    assert client.get(_url(ws, f"{phase.pk}/besluit/{a.pk}/")).status_code == 404
    assert (
        client.post(_url(ws, f"termijnen/{done.instalments['a'].pk}/volgende/")).status_code == 404
    )
    assert client.post(_url(ws, f"{phase.pk}/close/")).status_code == 404


def test_lesson_publication_refused_when_the_register_says_no(ws):
    from django.core.exceptions import ValidationError

    from sharing.services import lessons as services

    lesson = services.lesson_create(
        partnership=ws.partnership, actor=ws.users["a_lead"], owner_party=ws.parties["a"],
        title="Les A", scope=Scope.SHARED, context="c", advice="a",
    )  # fmt: skip
    project_services.rights_set(
        partnership=ws.partnership, item_kind=ResultRights.ItemKind.LESSON, item_id=lesson.pk,
        title="Les A", party=ws.parties["a"], publish=False,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.publication_propose(lesson=lesson, actor=ws.users["a_lead"])


def test_rights_are_shown_on_the_item_to_whoever_sees_it(ws, login):
    document = ws.upload("a_lead", Scope.CONFIDENTIAL, title="Ontwerp A")
    project_services.rights_set(
        partnership=ws.partnership, item_kind=ResultRights.ItemKind.DOCUMENT, item_id=document.pk,
        title="Ontwerp A", party=ws.parties["a"], publish=False, other_authorities=True,
    )  # fmt: skip
    url = f"/werkruimte/{ws.partnership.slug}/documenten/{document.pk}/"
    body = login(ws.users["client_lead"]).get(url).content.decode()
    assert "Rechten op dit resultaat" in body and "niet publiceren" in body
    assert login(ws.users["b_lead"]).get(url).status_code == 404
    register = login(ws.users["b_lead"]).get(_url(ws, "rechten/")).content.decode()
    assert "Ontwerp A" not in register


def test_client_lead_adjusts_a_phase_only_until_the_first_rd_phase_starts(ws, login):
    lead = ws.users["client_lead"]
    phases = project_services.phases_from_template(partnership=ws.partnership, actor=lead)
    research = phases[2]
    client = login(lead)
    url = _url(ws, f"{research.pk}/wijzigen/")
    data = {"order": research.order, "name": "Onderzoek", "kind": "research", "budget": "1000"}
    assert client.post(url, data).status_code == 302
    research.refresh_from_db()
    assert research.name == "Onderzoek" and research.budget == 1000
    assert login(ws.users["a_lead"]).get(url).status_code == 404
    project_services.phase_move(phase=research, move="start", actor=lead)
    client = login(lead)
    assert client.get(url).status_code == 404


def test_client_lead_buys_a_result_and_gives_it_a_section(ws, login):
    from projects.models import PurchaseDecision, Section

    build_phases(ws)
    a = ws.parties["a"]
    section = project_services.section_create(
        partnership=ws.partnership, number=1, name="Vak 1", start_km=Decimal("0"),
        end_km=Decimal("9"),
    )  # fmt: skip
    client = login(ws.users["client_lead"])
    data = {
        f"p{a.pk}-buy": "1",
        f"p{a.pk}-motivation": "Voldoet",
        f"p{a.pk}-sections": [section.pk],
    }
    assert client.post(_url(ws, f"aankoop/{a.pk}/"), data).status_code == 302
    assert PurchaseDecision.objects.get(party=a).buy
    assert Section.objects.get(pk=section.pk).contractor == a
    # A contractor cannot decide a purchase.
    b = ws.parties["b"]
    data = {f"p{b.pk}-buy": "1", f"p{b.pk}-motivation": "Ik wil"}
    assert login(ws.users["b_lead"]).post(_url(ws, f"aankoop/{b.pk}/"), data).status_code == 404
    assert not PurchaseDecision.objects.filter(party=b).exists()


def test_client_lead_adds_an_instalment(ws, login):
    ph = build_phases(ws)
    client = login(ws.users["client_lead"])
    data = {"nieuw-phase": ph.phase.pk, "nieuw-party": ws.parties["b"].pk,
            "nieuw-label": "Termijn extra", "nieuw-amount": "1234"}  # fmt: skip
    assert client.post(_url(ws, "termijnen/"), data).status_code == 302
    assert ws.parties["b"].instalments.filter(label="Termijn extra").exists()
