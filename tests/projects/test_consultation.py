"""The market consultation ledger: equal treatment of candidates.

A question is private to its asker; the answer reaches every candidate at
the same moment and never names who asked (page, e-mail, notice, export);
a published answer never changes; a candidate sees nothing of the others.
"""

import datetime

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from projects import services
from projects.models import (
    ConsultationAnswer,
    ConsultationNotice,
    Membership,
    Party,
    Phase,
)
from tests.factories import build_workspace, make_user, org_person

pytestmark = pytest.mark.django_db

SECRET_QUESTION = "Mag de zandbak van Grondwerk Geheim BV op de kruin?"


@pytest.fixture
def cons(db, django_capture_on_commit_callbacks):
    ws = build_workspace(slug="lekdijk-consultatie", with_dropped=False)
    consultation = services.consultation_open(
        partnership=ws.partnership,
        actor=ws.users["client_lead"],
        question_deadline=timezone.now() + datetime.timedelta(days=7),
    )
    people = {}
    for key, company in (
        ("alpha", "Grondwerk Geheim BV"),
        ("beta", "Dijkbouw Beta"),
        ("gamma", "Gamma Infra"),
    ):
        user = org_person(f"kandidaat-{key}", company, kind="company")
        user.first_name, user.last_name = key.capitalize(), "Vragensteller"
        user.save()
        services.candidate_register(consultation=consultation, actor=user)
        people[key] = user
    people["colleague"] = org_person("collega-alpha", "Grondwerk Geheim BV", kind="company")
    question = services.question_ask(
        consultation=consultation, actor=people["alpha"], text=SECRET_QUESTION
    )
    return ws, consultation, people, question


def _publish(ws, consultation, question, capture):
    services.answer_draft(
        consultation=consultation,
        actor=ws.users["client_lead"],
        question="Mag tijdelijke opslag op de kruin van de dijk?",
        answer="Ja, buiten het stormseizoen.",
        source=question,
    )
    with capture(execute=True):
        return services.nota_publish(consultation=consultation, actor=ws.users["client_lead"])


def _never_names_the_asker(text: str) -> None:
    for forbidden in ("Grondwerk Geheim", "kandidaat-alpha", "Alpha", SECRET_QUESTION):
        assert forbidden not in text


def test_answer_reaches_every_candidate_at_once_and_never_names_the_asker(
    cons, client, django_capture_on_commit_callbacks
):
    ws, consultation, people, question = cons
    nota = _publish(ws, consultation, question, django_capture_on_commit_callbacks)
    # Notices: one per person of every candidate, all with the same moment.
    notices = ConsultationNotice.objects.filter(nota=nota)
    assert {n.user for n in notices} == {
        people["alpha"],
        people["beta"],
        people["gamma"],
        people["colleague"],
    }
    assert len({n.created_at for n in notices}) == 1
    # E-mail: one identical message each, nobody else's address on it.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        p.email for p in (people["alpha"], people["beta"], people["gamma"], people["colleague"])
    )
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert len({m.body for m in mail.outbox}) == 1
    assert "Ja, buiten het stormseizoen." in mail.outbox[0].body
    _never_names_the_asker(mail.outbox[0].body + mail.outbox[0].subject)
    # HTTP: the page, the printable page and the CSV that the other candidates read.
    for key in ("beta", "gamma"):
        client.force_login(people[key])
        for url in (
            f"/marktconsultatie/{ws.partnership.slug}/",
            f"/marktconsultatie/{ws.partnership.slug}/nota/",
            f"/marktconsultatie/{ws.partnership.slug}/nota.csv",
        ):
            body = client.get(url).content.decode()
            assert "Ja, buiten het stormseizoen." in body
            _never_names_the_asker(body)


def test_candidate_never_sees_another_candidates_question_or_identity(cons, client):
    ws, consultation, people, _question = cons
    client.force_login(people["beta"])
    page = client.get(f"/marktconsultatie/{ws.partnership.slug}/").content.decode()
    assert SECRET_QUESTION not in page
    assert "Grondwerk Geheim" not in page and "Gamma Infra" not in page
    # Not even how many candidates or questions there are.
    assert "3 gegadigden" not in page and "gegadigden: 3" not in page
    assert "U heeft nog geen vragen gesteld." in page
    # The asker's colleague (same company) sees the company's question.
    client.force_login(people["colleague"])
    assert (
        SECRET_QUESTION in client.get(f"/marktconsultatie/{ws.partnership.slug}/").content.decode()
    )
    # The client's ledger is closed to candidates (they have no seat).
    client.force_login(people["beta"])
    assert client.get(f"/werkruimte/{ws.partnership.slug}/marktconsultatie/").status_code == 404


def test_contractor_without_candidacy_reads_no_answers(
    cons, client, django_capture_on_commit_callbacks
):
    ws, consultation, _people, question = cons
    _publish(ws, consultation, question, django_capture_on_commit_callbacks)
    client.force_login(make_user("nieuwsgierig"))
    page = client.get(f"/marktconsultatie/{ws.partnership.slug}/").content.decode()
    assert "Ja, buiten het stormseizoen." not in page
    assert client.get(f"/marktconsultatie/{ws.partnership.slug}/nota.csv").status_code == 404


def test_client_sees_who_asked_in_the_workspace_ledger(cons, client):
    ws, _consultation, _people, _question = cons
    client.force_login(ws.users["client_lead"])
    page = client.get(f"/werkruimte/{ws.partnership.slug}/marktconsultatie/").content.decode()
    assert SECRET_QUESTION in page and "Grondwerk Geheim BV" in page
    client.force_login(ws.users["a_lead"])  # a contractor of the partnership, not the client
    assert client.get(f"/werkruimte/{ws.partnership.slug}/marktconsultatie/").status_code == 404


def test_published_answer_cannot_be_edited(cons, client, django_capture_on_commit_callbacks):
    ws, consultation, _people, question = cons
    _publish(ws, consultation, question, django_capture_on_commit_callbacks)
    answer = ConsultationAnswer.objects.get()
    with pytest.raises(ValidationError):
        services.answer_update(
            answer=answer, actor=ws.users["client_lead"], question="x", answer_text="Nee."
        )
    client.force_login(ws.users["client_lead"])
    client.post(
        f"/werkruimte/{ws.partnership.slug}/marktconsultatie/antwoorden/{answer.pk}/",
        {"question": "x", "answer": "Nee."},
    )
    answer.refresh_from_db()
    assert answer.answer == "Ja, buiten het stormseizoen."
    # A correction is a new entry, pointing at the old one, in the next nota.
    correction = services.answer_draft(
        consultation=consultation,
        actor=ws.users["client_lead"],
        question="Mag tijdelijke opslag op de kruin?",
        answer="Nee, alleen op de berm.",
        corrects=answer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        nota = services.nota_publish(consultation=consultation, actor=ws.users["client_lead"])
    correction.refresh_from_db()
    assert (nota.number, correction.number, correction.corrects_id) == (2, 2, answer.pk)
    answer.refresh_from_db()
    assert answer.answer == "Ja, buiten het stormseizoen."


def test_questions_after_the_deadline_are_refused(cons):
    ws, consultation, people, _question = cons
    consultation.question_deadline = timezone.now() - datetime.timedelta(minutes=1)
    consultation.save()
    with pytest.raises(ValidationError):
        services.question_ask(consultation=consultation, actor=people["beta"], text="Te laat?")
    with pytest.raises(PermissionDenied):
        services.question_ask(
            consultation=consultation, actor=make_user("buitenstaander"), text="Ik?"
        )


def test_candidate_cannot_publish_or_answer(cons):
    ws, consultation, people, question = cons
    with pytest.raises(PermissionDenied):
        services.answer_draft(
            consultation=consultation, actor=people["alpha"], question="q", answer="a"
        )
    with pytest.raises(PermissionDenied):
        services.nota_publish(consultation=consultation, actor=ws.users["a_lead"])


def test_selected_candidate_becomes_a_contractor_party_with_its_history(cons):
    ws, consultation, people, question = cons
    candidate = consultation.candidates.get(organisation__name="Grondwerk Geheim BV")
    party = services.candidate_select(candidate=candidate, actor=ws.users["client_lead"])
    assert party.role == Party.Role.CONTRACTOR and party.partnership == ws.partnership
    assert Membership.objects.get(partnership=ws.partnership, user=people["alpha"]).is_lead
    assert party.candidacy == candidate
    assert list(party.candidacy.questions.all()) == [question]


def test_market_consultation_is_the_running_demand_phase_of_the_partnership(cons):
    ws, consultation, _people, _question = cons
    consultation.refresh_from_db()
    assert consultation.phase.partnership == ws.partnership
    assert consultation.phase.kind == Phase.Kind.DEMAND
    assert consultation.phase.status == Phase.Status.RUNNING


def test_candidate_sees_the_notice_of_a_new_nota_until_marked_read(
    cons, client, django_capture_on_commit_callbacks
):
    ws, consultation, people, question = cons
    _publish(ws, consultation, question, django_capture_on_commit_callbacks)
    url = f"/marktconsultatie/{ws.partnership.slug}/"
    client.force_login(people["gamma"])
    page = client.get(url).content.decode()
    assert "Nieuw: nota van inlichtingen 1 is gepubliceerd." in page
    _never_names_the_asker(page)
    client.post(f"{url}gelezen/")
    assert "Nieuw: nota van inlichtingen" not in client.get(url).content.decode()
    # Reading is per person: beta still has its notice.
    client.force_login(people["beta"])
    assert "Nieuw: nota van inlichtingen 1" in client.get(url).content.decode()
