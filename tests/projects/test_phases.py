"""The rules of the life of a partnership, at the service level (article 31)."""

from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from projects import services as project_services
from projects.models import PartnershipLogEntry, Party, Phase, PhaseDecision, TargetAmendment
from sharing.models import Notification
from tests.factories import build_phases

pytestmark = pytest.mark.django_db


@pytest.fixture
def ph(ws):
    return build_phases(ws)


def _assess_all(ws, ph, party_key, co2="35", noise="55", cost="8000"):
    lead = ws.users["client_lead"]
    party = ws.parties[party_key]
    project_services.assessment_record(
        target=ph.co2, party=party, measured_value=Decimal(co2), actor=lead
    )
    project_services.assessment_record(
        target=ph.noise, party=party, measured_value=Decimal(noise), actor=lead
    )
    if ph.only_a.applies_to(party):
        project_services.assessment_record(
            target=ph.only_a, party=party, measured_value=Decimal(cost), actor=lead
        )


def _to_assessment(ws, ph):
    project_services.phase_move(phase=ph.phase, move="assess", actor=ws.users["client_lead"])
    ph.phase.refresh_from_db()


def test_targets_are_locked_after_the_phase_starts(ws, ph):
    with pytest.raises(ValidationError):
        project_services.target_update(target=ph.co2, threshold=Decimal("50"))
    with pytest.raises(ValidationError):
        project_services.target_create(
            phase=ph.phase, measure="nieuw", threshold=Decimal("1"), unit="x"
        )
    ph.co2.refresh_from_db()
    assert ph.co2.threshold == Decimal("40")


def test_target_can_be_edited_before_the_phase_starts(ws):
    lead = ws.users["client_lead"]
    phase = project_services.phase_create(
        partnership=ws.partnership, order=1, name="Onderzoek", kind="research", actor=lead
    )
    target = project_services.target_create(
        phase=phase, measure="CO2", threshold=Decimal("40"), unit="kg", actor=lead
    )
    project_services.target_update(target=target, threshold=Decimal("45"), actor=lead)
    target.refresh_from_db()
    assert target.threshold == Decimal("45")


def test_amendment_after_start_needs_a_motivation(ws, ph):
    with pytest.raises(ValidationError):
        project_services.target_amend(target=ph.co2, motivation=" ", threshold=Decimal("45"))
    assert not TargetAmendment.objects.exists()


def test_amendment_is_logged_and_notified_to_every_contractor_it_concerns(ws, ph):
    project_services.target_amend(
        target=ph.co2,
        motivation="Nieuwe meetmethode",
        threshold=Decimal("45"),
        actor=ws.users["client_lead"],
    )
    amendment = TargetAmendment.objects.get()
    assert Decimal(amendment.before["threshold"]) == 40
    assert Decimal(amendment.after["threshold"]) == 45
    assert PartnershipLogEntry.objects.filter(action="partnerwerk.target.amend").count() == 1
    told = set(Notification.objects.values_list("user__username", flat=True))
    # Every member of every active contractor (A, B; D is active here too), nobody else.
    expected = {
        ws.users[k].username for k in ("a_lead", "a_member", "b_lead", "b_member", "d_lead")
    }
    assert told == expected


def test_amendment_of_a_target_for_one_contractor_is_told_to_that_contractor_only(ws, ph):
    project_services.target_amend(
        target=ph.only_a, motivation="Indexering", threshold=Decimal("9500")
    )
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {ws.users["a_lead"].username, ws.users["a_member"].username}


def test_measured_value_decides_met_or_not(ws, ph):
    a = project_services.assessment_record(
        target=ph.co2, party=ws.parties["a"], measured_value=Decimal("41")
    )
    assert a.met is False
    a = project_services.assessment_record(
        target=ph.co2, party=ws.parties["a"], measured_value=Decimal("40")
    )
    assert a.met is True


def test_target_for_one_contractor_cannot_be_assessed_for_another(ws, ph):
    with pytest.raises(ValidationError):
        project_services.assessment_record(
            target=ph.only_a, party=ws.parties["b"], measured_value=Decimal("1")
        )


def test_continue_on_an_unmet_target_is_refused_without_override_motivation(ws, ph):
    _assess_all(ws, ph, "a", co2="55")
    _to_assessment(ws, ph)
    with pytest.raises(ValidationError) as exc:
        project_services.decision_record(
            phase=ph.phase, party=ws.parties["a"], outcome="continue", motivation="Goed bezig"
        )
    assert "override_motivation" in exc.value.error_dict
    assert not PhaseDecision.objects.exists()
    decision = project_services.decision_record(
        phase=ph.phase,
        party=ws.parties["a"],
        outcome="continue",
        motivation="Goed bezig",
        override_motivation="CO2 haalbaar met de nieuwe accu's",
    )
    assert decision.status == PhaseDecision.Status.FINAL


def test_continue_with_all_targets_met_needs_no_override(ws, ph):
    _assess_all(ws, ph, "a")
    _to_assessment(ws, ph)
    decision = project_services.decision_record(
        phase=ph.phase, party=ws.parties["a"], outcome="continue", motivation="Alles gehaald"
    )
    assert decision.outcome == "continue"


def test_unassessed_target_counts_as_unmet(ws, ph):
    _to_assessment(ws, ph)
    with pytest.raises(ValidationError):
        project_services.decision_record(
            phase=ph.phase, party=ws.parties["b"], outcome="continue", motivation="Ok"
        )


def test_decision_only_when_the_phase_is_under_assessment(ws, ph):
    _assess_all(ws, ph, "a")
    with pytest.raises(ValidationError):
        project_services.decision_record(
            phase=ph.phase, party=ws.parties["a"], outcome="continue", motivation="Te vroeg"
        )


def test_reduction_is_refused_when_the_tender_documents_do_not_allow_it(ws):
    ph = build_phases(ws, reduction_allowed=False)
    _to_assessment(ws, ph)
    with pytest.raises(ValidationError) as exc:
        project_services.decision_record(
            phase=ph.phase, party=ws.parties["b"], outcome="stop", motivation="Te duur"
        )
    assert "outcome" in exc.value.error_dict
    assert ws.parties["b"].status == Party.Status.ACTIVE


def test_stop_drops_the_party_out_with_the_decision_as_reason(ws, ph):
    _to_assessment(ws, ph)
    project_services.decision_record(
        phase=ph.phase,
        party=ws.parties["b"],
        outcome="stop",
        motivation="Doelen niet gehaald",
        actor=ws.users["client_lead"],
    )
    b = Party.objects.get(pk=ws.parties["b"].pk)
    assert b.status == Party.Status.DROPPED_OUT
    assert "Doelen niet gehaald" in b.dropped_out_reason
    assert "Onderzoek en ontwerp" in b.dropped_out_reason
    actions = set(PartnershipLogEntry.objects.values_list("action", flat=True))
    assert {"partnerwerk.decision.record", "partnerwerk.party.drop_out"} <= actions


def test_stop_keeps_the_stopped_contractors_data(ws, ph):
    _assess_all(ws, ph, "b", co2="80")
    _to_assessment(ws, ph)
    project_services.decision_record(
        phase=ph.phase, party=ws.parties["b"], outcome="stop", motivation="Niet gehaald"
    )
    assert ws.parties["b"].assessments.count() == 2
    assert ws.parties["b"].instalments.count() == 1


def test_stopped_contractor_is_told_by_bell_and_email(
    ws, ph, mailoutbox, django_capture_on_commit_callbacks
):
    _to_assessment(ws, ph)
    with django_capture_on_commit_callbacks(execute=True):
        decision = project_services.decision_record(
            phase=ph.phase, party=ws.parties["b"], outcome="stop", motivation="Niet gehaald"
        )
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {ws.users["b_lead"].username, ws.users["b_member"].username}
    assert all(
        n.link.endswith(f"/fasen/besluiten/{decision.pk}/") for n in Notification.objects.all()
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [ws.users["b_lead"].email, ws.users["b_member"].email]
    )


def test_four_eyes_decision_waits_for_a_second_client_lead(ws):
    ph = build_phases(ws, four_eyes=True)
    second = ws.add_member("client_lead_2", "client", lead=True)
    _to_assessment(ws, ph)
    decision = project_services.decision_record(
        phase=ph.phase,
        party=ws.parties["b"],
        outcome="stop",
        motivation="Niet gehaald",
        actor=ws.users["client_lead"],
    )
    assert decision.status == PhaseDecision.Status.AWAITING
    assert Party.objects.get(pk=ws.parties["b"].pk).is_active
    assert not Notification.objects.exists()
    with pytest.raises(ValidationError):
        project_services.decision_confirm(decision=decision, actor=ws.users["client_lead"])
    project_services.decision_confirm(decision=decision, actor=second)
    decision.refresh_from_db()
    assert decision.status == PhaseDecision.Status.FINAL
    assert decision.confirmed_by == second
    assert not Party.objects.get(pk=ws.parties["b"].pk).is_active


def test_plan_is_locked_once_the_first_rd_phase_starts(ws, ph):
    with pytest.raises(ValidationError):
        project_services.phase_create(
            partnership=ws.partnership, order=2, name="Prototype", kind="prototype"
        )
    with pytest.raises(ValidationError):
        project_services.performance_level_create(
            partnership=ws.partnership, measure="CO2", comparator="le",
            threshold=Decimal("40"), unit="kg",
        )  # fmt: skip


def test_template_creates_the_instruments_usual_phases(ws):
    phases = project_services.phases_from_template(partnership=ws.partnership)
    kinds = [p.kind for p in phases]
    assert kinds == ["demand", "selection", "research", "prototype", "realisation"]
    research = phases[2]
    assert research.explanation
    assert research.targets.count() == 2
    # An instalment slot per active contractor in each R&D phase.
    assert research.instalments.count() == 3
    with pytest.raises(ValidationError):
        project_services.phases_from_template(partnership=ws.partnership)


def test_instalment_goes_planned_due_approved_paid(ws, ph):
    instalment = ph.instalments["a"]
    lead = ws.users["client_lead"]
    for expected in ("due", "approved", "paid"):
        instalment = project_services.instalment_advance(instalment=instalment, actor=lead)
        assert instalment.status == expected
    assert instalment.approved_by == lead and instalment.paid_on is not None
    with pytest.raises(ValidationError):
        project_services.instalment_advance(instalment=instalment, actor=lead)


def test_purchase_allocates_sections_to_the_bought_contractor(ws, ph):
    from projects.models import Section

    s1 = project_services.section_create(
        partnership=ws.partnership, number=1, name="Amerongen", start_km=Decimal("0"),
        end_km=Decimal("9"),
    )  # fmt: skip
    project_services.purchase_decide(
        partnership=ws.partnership, party=ws.parties["a"], buy=True, motivation="Voldoet",
        sections=[s1],
    )  # fmt: skip
    assert Section.objects.get(pk=s1.pk).contractor == ws.parties["a"]


def test_current_phase_is_the_running_one(ws, ph):
    from projects import phase_selectors

    assert phase_selectors.current_phase(partnership=ws.partnership) == ph.phase
    assert Phase.objects.get(pk=ph.phase.pk).targets_locked


def test_public_profile_shows_the_current_phase_and_nothing_of_the_results(ws, ph, client):
    project_services.assessment_record(
        target=ph.co2, party=ws.parties["a"], measured_value=Decimal("31.7"), note="Geheim"
    )
    body = client.get(ws.partnership.url).content.decode()
    assert "Huidige fase" in body and "Onderzoek en ontwerp" in body
    assert "31,7" not in body and "31.7" not in body and "Geheim" not in body
    project_services.phase_move(phase=ph.phase, move="assess")
    body = client.get(ws.partnership.url).content.decode()
    assert "in beoordeling" in body
