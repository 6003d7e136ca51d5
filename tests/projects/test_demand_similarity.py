"""Finding partners in need: known pairs rank each other first, on SQLite and PostgreSQL."""

import pytest

from django.db import connection

from projects.models import InnovationDemand
from projects.similarity import similar_demands, stems
from tests.factories import make_demand, org_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs(db):
    hdsr = org_person("hdsr", "Hoogheemraadschap De Stichtse Rijnlanden")
    rivierenland = org_person("wsrl", "Waterschap Rivierenland")
    overijssel = org_person("overijssel", "Provincie Overijssel")
    amsterdam = org_person("amsterdam", "Gemeente Amsterdam")
    return {
        "lekdijk": make_demand(
            hdsr,
            title="Dijkversterking Lekdijk",
            question=(
                "Wij versterken 55 km dijk langs de Lek. We zoeken innovatieve manieren om "
                "dijken te versterken met minder ruimtebeslag en emissievrij materieel."
            ),
            theme="waterveiligheid",
        ),
        "waal": make_demand(
            rivierenland,
            title="Versterking van de Waaldijken",
            question=(
                "De dijken langs de Waal moeten worden versterkt. Welke innovatieve "
                "dijkversterking vraagt minder ruimte en minder uitstoot?"
            ),
            theme="waterveiligheid",
        ),
        "bridges": make_demand(
            overijssel,
            title="Slimme inspectie van bruggen",
            question=(
                "Wij inspecteren 40 bruggen. Kan een sensor of drone de inspectie van "
                "bruggen sneller en veiliger maken?"
            ),
            theme="infrastructuur",
        ),
        "quays": make_demand(
            amsterdam,
            title="Vernieuwing van kademuren",
            question=(
                "200 km kademuur in de binnenstad moet worden vernieuwd of versterkt, "
                "met minder hinder en emissievrij materieel."
            ),
            theme="infrastructuur",
        ),
    }


def _check_known_pairs(needs):
    viewer = needs["lekdijk"].created_by
    lekdijk = similar_demands(demand=needs["lekdijk"], user=viewer)
    waal = similar_demands(demand=needs["waal"], user=needs["waal"].created_by)
    assert lekdijk[0] == needs["waal"]
    assert waal[0] == needs["lekdijk"]
    # The bridge inspection need is never ranked first for a dike need.
    assert needs["bridges"] not in lekdijk[:1] and needs["bridges"] not in waal[:1]
    # The quay walls share "versterkt" and emission-free equipment: found as similar.
    assert needs["quays"] in lekdijk


def test_dike_needs_rank_each_other_first_and_bridge_inspection_does_not(needs):
    _check_known_pairs(needs)


@pytest.mark.postgres
def test_dike_needs_rank_each_other_first_on_postgresql(needs):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    _check_known_pairs(needs)


def test_similar_needs_never_show_a_need_the_viewer_may_not_see(needs):
    needs["waal"].visibility = InnovationDemand.Visibility.AUTHORITIES
    needs["waal"].save()
    company = org_person("bouwer", "Bouwer BV", kind="company")
    seen = similar_demands(demand=needs["lekdijk"], user=company)
    assert needs["waal"] not in seen
    assert needs["waal"] in similar_demands(demand=needs["lekdijk"], user=needs["quays"].created_by)


def test_similar_needs_are_of_other_authorities_only(needs):
    own_second = make_demand(
        needs["lekdijk"].created_by, title="Dijkversterking Lekdijk fase 2", theme="waterveiligheid"
    )
    assert own_second not in similar_demands(demand=needs["lekdijk"], user=own_second.created_by)


def test_dutch_stems_meet_across_inflections():
    assert stems("dijken versterken") == stems("dijk versterking")
