"""The demand and consultation demo: idempotent, and showing what the issue promises."""

import pytest

from projects.demo_demand import ensure_consultation, ensure_demand
from projects.models import BuyerGroup, ConsultationAnswer, ConsultationQuestion, InnovationDemand
from projects.similarity import similar_demands
from tests.factories import partnership_page

pytestmark = pytest.mark.django_db


def test_demand_demo_is_idempotent_and_shows_bundling_similarity_and_a_consultation(
    django_capture_on_commit_callbacks,
):
    partnership_page(slug="bestaand")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            demo = ensure_demand("pw")
            consultation = ensure_consultation("pw")
    assert InnovationDemand.objects.count() == len(demo["needs"]) == 6
    group = BuyerGroup.objects.get()
    assert group.lead_organisation.name == "Provincie Overijssel"
    assert group.members.count() == 3
    lekdijk = demo["needs"]["lekdijk"]
    assert demo["needs"]["kademuren"] in similar_demands(
        demand=lekdijk, user=demo["people"]["opdrachtgever"]
    )
    assert ConsultationQuestion.objects.filter(consultation=consultation).count() == 3
    assert consultation.candidates.count() == 3
    assert ConsultationAnswer.objects.filter(nota__number=1).count() == 2
