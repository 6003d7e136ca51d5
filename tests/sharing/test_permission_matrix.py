"""The access model, role by role, scope by scope, action by action, over HTTP.

The expected table is written out by hand from DESIGN.md; it is not computed
by the code under test. A document owned by contractor A is created in each
scope; then each role tries each action through the real views.

`export` is the zip of one's own data (a client lead's full record, a party
lead's own items): the document is in it exactly when the exporter may view
it and the export covers it (a party exports only what it owns).

`search` is the workspace search (zoeken/) for words of the title: the
document is found, and counted, exactly when it may be viewed.

Roles: CL client lead, CM client member, AL/AM contractor A lead/member (the
owner), BL/BM contractor B lead/member, ADV advisor, DROP the lead of a
contractor that dropped out, OUT a signed-in non-member, ANON anonymous, SU a
superuser who is not a member.
"""

import io
import json
import zipfile

import pytest

from projects import services as project_services
from sharing.models import DocumentVersion, ReleaseRequest, Scope
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db

ROLES = ["CL", "CM", "AL", "AM", "BL", "BM", "ADV", "DROP", "OUT", "ANON", "SU"]
ACTIONS = [
    "list",
    "view",
    "download",
    "upload_version",
    "change_scope",
    "request_release",
    "grant_release",
    "search",
    "export",
]

# Y = allowed, . = refused (404, or the login page for anonymous visitors).
#                        CL CM AL AM BL BM ADV DROP OUT ANON SU
EXPECTED = {
    "shared": {
        "list": "Y  Y  Y  Y  Y  Y  Y   .    .   .    .",
        "view": "Y  Y  Y  Y  Y  Y  Y   .    .   .    .",
        "download": "Y  Y  Y  Y  Y  Y  Y   .    .   .    .",
        "upload_version": ".  .  Y  Y  .  .  .   .    .   .    .",
        "change_scope": ".  .  Y  .  .  .  .   .    .   .    .",
        "request_release": ".  .  .  .  .  .  .   .    .   .    .",
        "grant_release": ".  .  Y  .  .  .  .   .    .   .    .",
        "search": "Y  Y  Y  Y  Y  Y  Y   .    .   .    .",
        "export": "Y  .  Y  .  .  .  .   .    .   .    .",
    },
    "confidential": {
        "list": "Y  Y  Y  Y  .  .  .   .    .   .    .",
        "view": "Y  Y  Y  Y  .  .  .   .    .   .    .",
        "download": "Y  Y  Y  Y  .  .  .   .    .   .    .",
        "upload_version": ".  .  Y  Y  .  .  .   .    .   .    .",
        "change_scope": ".  .  Y  .  .  .  .   .    .   .    .",
        "request_release": "Y  Y  .  .  .  .  .   .    .   .    .",
        "grant_release": ".  .  Y  .  .  .  .   .    .   .    .",
        "search": "Y  Y  Y  Y  .  .  .   .    .   .    .",
        "export": "Y  .  Y  .  .  .  .   .    .   .    .",
    },
    "internal": {
        "list": ".  .  Y  Y  .  .  .   .    .   .    .",
        "view": ".  .  Y  Y  .  .  .   .    .   .    .",
        "download": ".  .  Y  Y  .  .  .   .    .   .    .",
        "upload_version": ".  .  Y  Y  .  .  .   .    .   .    .",
        "change_scope": ".  .  Y  .  .  .  .   .    .   .    .",
        "request_release": ".  .  .  .  .  .  .   .    .   .    .",
        "grant_release": ".  .  Y  .  .  .  .   .    .   .    .",
        "search": ".  .  Y  Y  .  .  .   .    .   .    .",
        "export": ".  .  Y  .  .  .  .   .    .   .    .",
    },
}

ROLE_USER = {
    "CL": "client_lead",
    "CM": "client_member",
    "AL": "a_lead",
    "AM": "a_member",
    "BL": "b_lead",
    "BM": "b_member",
    "ADV": "advisor",
    "DROP": "d_lead",
    "OUT": "outsider",
    "SU": "superuser",
}
# A scope change each scope can try: to a different scope.
SCOPE_TARGET = {"shared": "confidential", "confidential": "shared", "internal": "confidential"}


def expected(scope, action, role) -> bool:
    return EXPECTED[scope][action].split()[ROLES.index(role)] == "Y"


def test_expected_table_is_complete():
    for scope in Scope.values:
        assert set(EXPECTED[scope]) == set(ACTIONS)
        for action in ACTIONS:
            assert len(EXPECTED[scope][action].split()) == len(ROLES)


@pytest.fixture
def matrix(ws):
    documents = {scope: ws.upload("a_lead", scope, title=f"Ontwerp A {scope}") for scope in Scope}
    # D drops out after the documents exist: its access must be taken away.
    project_services.party_drop_out(party=ws.parties["d"], reason="Go/no-go fase 1")
    return ws, documents


def _attempt(client, ws, doc, action):
    """Perform one action over HTTP; return True when it took effect."""
    base = f"/werkruimte/{ws.partnership.slug}/documenten/"
    url = f"{base}{doc.pk}/"
    if action == "list":
        response = client.get(base)
        return response.status_code == 200 and doc.title in response.content.decode()
    if action == "view":
        response = client.get(url)
        return response.status_code == 200 and doc.title in response.content.decode()
    if action == "download":
        response = client.get(url + "download/")
        ok = response.status_code == 200 and response.get("Content-Disposition", "").startswith(
            "attachment"
        )
        if ok:
            assert b"".join(response.streaming_content).startswith(b"%PDF")
        return ok
    if action == "upload_version":
        before = DocumentVersion.objects.filter(document=doc).count()
        response = client.post(url + "versie/", {"file": pdf_upload("v2.pdf"), "note": "v2"})
        after = DocumentVersion.objects.filter(document=doc).count()
        assert response.status_code in (302, 404, 400), response.status_code
        return after == before + 1
    if action == "change_scope":
        target = SCOPE_TARGET[doc.scope]
        client.post(url + "reikwijdte/", {"scope": target})
        doc.refresh_from_db()
        return doc.scope == target
    if action == "request_release":
        client.post(url + "vrijgave/", {"audience": "all", "purpose": "Kennisdeling"})
        return ReleaseRequest.objects.filter(object_id=doc.pk).exists()
    if action == "grant_release":
        request = ReleaseRequest.objects.create(
            partnership=ws.partnership,
            item=doc,
            purpose="Kennisdeling",
            requested_by=ws.users["client_lead"],
        )
        client.post(
            f"/werkruimte/{ws.partnership.slug}/vrijgaven/{request.pk}/", {"decision": "grant"}
        )
        request.refresh_from_db()
        return request.status == ReleaseRequest.Status.GRANTED
    if action == "search":
        # Found by the words of its title, and counted only when found.
        response = client.get(f"/werkruimte/{ws.partnership.slug}/zoeken/", {"q": doc.title})
        if response.status_code != 200:
            return False
        rows = [r["row"] for g in response.context["groups"] for r in g["results"]]
        hit = any(row.document_id == doc.pk for row in rows)
        # Counted exactly when found; and no other item comes up for its words.
        assert response.context["page"].paginator.count == len(rows) == (1 if hit else 0)
        return hit
    if action == "export":
        return _exported(client, ws, doc)
    raise AssertionError(action)


def _exported(client, ws, doc) -> bool:
    """Ask for an export over HTTP (the full record where offered), build it, download it."""
    from sharing.models import DataExport
    from sharing.services import exports

    base = f"/werkruimte/{ws.partnership.slug}/export/"
    before = DataExport.objects.count()
    response = client.post(base, {"scope": "partnership"})
    if response.status_code == 404:
        response = client.post(base, {"scope": "party"})
    if DataExport.objects.count() == before:
        return False
    export = DataExport.objects.latest("pk")
    exports.export_build(export=export)  # the background task's work
    response = client.post(f"{base}{export.pk}/link/")
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get(response["Location"]).streaming_content))
    )
    listing = json.loads(archive.read("documenten/documenten.json"))
    found = [d for d in listing if d["id"] == doc.pk]
    names = "\n".join(archive.namelist())
    assert bool(found) == (f"/{doc.pk}-" in names or names.startswith(f"documenten/{doc.pk}-"))
    return bool(found)


@pytest.mark.parametrize("scope", Scope.values)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(matrix, client, role, scope):
    ws, documents = matrix
    doc = documents[scope]
    if role != "ANON":
        client.force_login(ws.users[ROLE_USER[role]])
    for action in ACTIONS:
        doc.refresh_from_db()
        outcome = _attempt(client, ws, doc, action)
        assert outcome is expected(scope, action, role), (
            f"{role} {action} on a {scope} document of contractor A: "
            f"expected {'allowed' if expected(scope, action, role) else 'refused'}"
        )
        # Undo what took effect, so the next action starts from the same state.
        if action == "change_scope" and outcome:
            doc.scope = scope
            doc.save(update_fields=["scope"])
            from sharing import access

            access.sync_item(doc)
        ReleaseRequest.objects.filter(object_id=doc.pk).delete()


@pytest.mark.parametrize("path", ["", "documenten/", "deelnemers/", "vrijgaven/"])
def test_refused_views_answer_404_to_non_members_and_redirect_anonymous(ws, client, path):
    url = f"/werkruimte/{ws.partnership.slug}/{path}"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    for key in ("outsider", "superuser"):
        client.force_login(ws.users[key])
        assert client.get(url).status_code == 404
    client.force_login(ws.users["a_member"])
    assert client.get(url).status_code == 200


# --------------------------------------------------------------------------
# The life of the partnership: contractor A's results, decision and money
# --------------------------------------------------------------------------

PHASE_ACTIONS = [
    "view_phases",
    "list_assessment",
    "view_assessment",
    "view_decision",
    "view_instalment",
    "record_assessment",
    "decide",
    "confirm_decision",
    "advance_instalment",
    "amend_target",
]

# About contractor A, in a phase under assessment. Y = allowed, . = refused.
#                              CL CM AL AM BL BM ADV DROP OUT ANON SU
PHASE_EXPECTED = {
    "view_phases": "Y  Y  Y  Y  Y  Y  Y   Y    .   .    .",
    "list_assessment": "Y  Y  Y  Y  .  .  .   .    .   .    .",
    "view_assessment": "Y  Y  Y  Y  .  .  .   .    .   .    .",
    "view_decision": "Y  Y  Y  Y  .  .  .   .    .   .    .",
    "view_instalment": "Y  Y  Y  Y  .  .  .   .    .   .    .",
    "record_assessment": "Y  .  .  .  .  .  .   .    .   .    .",
    "decide": "Y  .  .  .  .  .  .   .    .   .    .",
    "confirm_decision": ".  .  .  .  .  .  .   .    .   .    .",
    "advance_instalment": "Y  .  .  .  .  .  .   .    .   .    .",
    "amend_target": "Y  .  .  .  .  .  .   .    .   .    .",
}
# confirm_decision: the decision of A was taken by CL without four eyes, so
# there is nothing to confirm for anyone (four eyes: tests/projects/test_phases.py).


def phase_expected(action, role) -> bool:
    return PHASE_EXPECTED[action].split()[ROLES.index(role)] == "Y"


def test_phase_table_is_complete():
    assert set(PHASE_EXPECTED) == set(PHASE_ACTIONS)
    for action in PHASE_ACTIONS:
        assert len(PHASE_EXPECTED[action].split()) == len(ROLES)


@pytest.fixture
def phase_matrix(ws):
    from decimal import Decimal

    from tests.factories import build_phases

    project_services.party_drop_out(party=ws.parties["d"], reason="Go/no-go fase 1")
    ph = build_phases(ws)
    lead = ws.users["client_lead"]
    a = ws.parties["a"]
    ph.assessment = project_services.assessment_record(
        target=ph.co2, party=a, measured_value=Decimal("30"), actor=lead
    )
    project_services.assessment_record(
        target=ph.noise, party=a, measured_value=Decimal("50"), actor=lead
    )
    project_services.assessment_record(
        target=ph.only_a, party=a, measured_value=Decimal("8000"), actor=lead
    )
    project_services.phase_move(phase=ph.phase, move="assess", actor=lead)
    ph.decision = project_services.decision_record(
        phase=ph.phase, party=a, outcome="continue", motivation="Alles gehaald", actor=lead
    )
    return ws, ph


def _phase_attempt(client, ws, ph, action):
    from projects.models import Assessment, Instalment, PhaseDecision, TargetAmendment

    base = f"/werkruimte/{ws.partnership.slug}/fasen/"
    b = ws.parties["b"]
    if action == "view_phases":
        return client.get(base).status_code == 200
    if action == "list_assessment":
        response = client.get(base + "beoordelingen/")
        link = f"{base}beoordelingen/{ph.assessment.pk}/"
        return response.status_code == 200 and link in response.content.decode()
    if action == "view_assessment":
        return client.get(f"{base}beoordelingen/{ph.assessment.pk}/").status_code == 200
    if action == "view_decision":
        return client.get(f"{base}besluiten/{ph.decision.pk}/").status_code == 200
    if action == "view_instalment":
        return client.get(f"{base}termijnen/{ph.instalments['a'].pk}/").status_code == 200
    if action == "record_assessment":
        client.post(
            f"{base}{ph.phase.pk}/beoordelen/{b.pk}/", {f"t{ph.co2.pk}-measured_value": "33"}
        )
        done = Assessment.objects.filter(party=b).exists()
        Assessment.objects.filter(party=b).delete()
        return done
    if action == "decide":
        client.post(
            f"{base}{ph.phase.pk}/besluit/{b.pk}/",
            {"outcome": "continue", "motivation": "m", "override_motivation": "o"},
        )
        done = PhaseDecision.objects.filter(party=b).exists()
        PhaseDecision.objects.filter(party=b).delete()
        return done
    if action == "confirm_decision":
        client.post(f"{base}besluiten/{ph.decision.pk}/bevestigen/")
        return PhaseDecision.objects.filter(pk=ph.decision.pk, confirmed_by__isnull=False).exists()
    if action == "advance_instalment":
        instalment = ph.instalments["a"]
        client.post(f"{base}termijnen/{instalment.pk}/volgende/")
        done = Instalment.objects.get(pk=instalment.pk).status != "planned"
        Instalment.objects.filter(pk=instalment.pk).update(status="planned")
        return done
    if action == "amend_target":
        client.post(
            f"{base}doelen/{ph.co2.pk}/wijzigen/",
            {"measure": "CO2 per m dijk", "comparator": "le", "threshold": "42", "unit": "kg",
             "weight": "1", "motivation": "Nieuwe meetmethode"},
        )  # fmt: skip
        done = TargetAmendment.objects.exists()
        TargetAmendment.objects.all().delete()
        return done
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
def test_phase_permission_matrix(phase_matrix, client, role):
    ws, ph = phase_matrix
    if role != "ANON":
        client.force_login(ws.users[ROLE_USER[role]])
    for action in PHASE_ACTIONS:
        outcome = _phase_attempt(client, ws, ph, action)
        assert outcome is phase_expected(action, role), (
            f"{role} {action} about contractor A: "
            f"expected {'allowed' if phase_expected(action, role) else 'refused'}"
        )
