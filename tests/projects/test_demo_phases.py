"""The demo: Sterke Lekdijk in its second R&D phase; a contractor stopped after phase 1."""

import pytest

from django.core.management import call_command

from projects.models import Assessment, Instalment, Party, Phase, PhaseDecision

pytestmark = pytest.mark.django_db


def test_demo_phases_are_loaded_once_with_a_stopped_contractor():
    call_command("demo", "--force")
    counts = (Phase.objects.count(), Assessment.objects.count(), Instalment.objects.count())
    call_command("demo", "--force")
    assert counts == (Phase.objects.count(), Assessment.objects.count(), Instalment.objects.count())

    running = Phase.objects.get(partnership__slug="sterke-lekdijk", status="running")
    assert running.kind == "prototype"
    assert (
        Phase.objects.filter(
            partnership__slug="sterke-lekdijk", kind__in=Phase.RD_KINDS, order__lt=running.order
        ).count()
        == 1
    )
    assessed = set(
        Assessment.objects.filter(target__phase=running).values_list(
            "party__organisation__name", flat=True
        )
    )
    assert len(assessed) == 3
    assert Instalment.objects.filter(phase=running).count() == 6

    stopped = Party.objects.get(organisation__name="Kustwerk Waterstof")
    assert stopped.status == Party.Status.DROPPED_OUT
    assert PhaseDecision.objects.get(party=stopped).outcome == "stop"
    assert stopped.assessments.exists() and stopped.instalments.exists()
