"""Every write of the market consultation ledger.

Rights are asked of `projects.selectors_consultation` (re-exported by
`sharing.access`): each service raises PermissionDenied for an actor who
may not, whoever calls it. Published answers are never changed.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors_consultation as rules
from ..models import (
    Consultation,
    ConsultationAnswer,
    ConsultationCandidate,
    ConsultationNota,
    ConsultationNotice,
    ConsultationQuestion,
    Membership,
    Organisation,
    OrganisationMember,
    PartnershipPage,
    Party,
    Phase,
)
from .demand import organisation_member_add
from .partnerships import membership_add, organisation_get_or_create, party_create
from .phases import phase_move, phases_from_template


def start_consultation_phase(*, consultation: Consultation, actor) -> None:
    """The consultation is the partnership's demand phase: link it, and start it.

    A partnership without phases gets its instrument's usual phases first; one
    whose plan has no demand phase keeps its phases and the consultation stands
    on its own (phase stays empty).
    """
    partnership = consultation.partnership
    if not partnership.phases.exists():
        phases_from_template(partnership=partnership, actor=actor)
    phase = (
        Phase.objects.filter(partnership=partnership, kind=Phase.Kind.DEMAND)
        .order_by("order")
        .first()
    )
    if phase is None:
        return
    if consultation.phase_id != phase.pk:
        consultation.phase = phase
        consultation.save(update_fields=["phase"])
    if phase.status == Phase.Status.PLANNED:
        phase_move(phase=phase, move="start", actor=actor)


def _client_party_member(actor, partnership: PartnershipPage) -> bool:
    return Membership.objects.filter(
        user=actor,
        partnership=partnership,
        party__role__in=Party.CLIENT_ROLES,
        party__status=Party.Status.ACTIVE,
    ).exists()


@transaction.atomic
def consultation_open(
    *, partnership: PartnershipPage, actor, question_deadline: datetime.datetime, intro: str = ""
) -> Consultation:
    if not _client_party_member(actor, partnership):
        raise PermissionDenied
    consultation, _created = Consultation.objects.update_or_create(
        partnership=partnership,
        defaults={
            "question_deadline": question_deadline,
            "intro": intro,
            "registration_open": True,
        },
    )
    start_consultation_phase(consultation=consultation, actor=actor)
    return consultation


@transaction.atomic
def candidate_register(
    *,
    consultation: Consultation,
    actor,
    organisation: Organisation | None = None,
    organisation_name: str = "",
) -> ConsultationCandidate:
    """Register the actor's company; a person without one names it and joins it."""
    if not rules.may_register(actor, consultation):
        raise PermissionDenied
    if organisation is None and not organisation_name.strip():
        # One company of one's own: that one.
        own = list(rules.registrable_organisations(actor, consultation)[:2])
        if len(own) == 1:
            organisation = own[0]
    if organisation is None:
        organisation = organisation_get_or_create(
            name=organisation_name, kind=Organisation.Kind.COMPANY
        )
        if organisation.kind == Organisation.Kind.AUTHORITY or (
            OrganisationMember.objects.filter(organisation=organisation).exists()
            and not OrganisationMember.objects.filter(
                organisation=organisation, user=actor
            ).exists()
        ):
            # Nobody registers on behalf of an organisation that has people of its own.
            raise ValidationError(
                {
                    "organisation_name": _(
                        "Vraag een collega van deze organisatie om u toe te voegen."
                    )
                }
            )
        organisation_member_add(organisation=organisation, user=actor)
    elif (
        not rules.registrable_organisations(actor, consultation).filter(pk=organisation.pk).exists()
    ):
        raise PermissionDenied
    if organisation.pk == consultation.partnership.client_organisation_id:
        raise PermissionDenied
    return ConsultationCandidate.objects.create(
        consultation=consultation, organisation=organisation, contact=actor
    )


@transaction.atomic
def question_ask(*, consultation: Consultation, actor, text: str) -> ConsultationQuestion:
    text = (text or "").strip()
    if not rules.may_ask(actor, consultation):
        if rules.candidate_of(actor, consultation) is not None:
            raise ValidationError(_("De termijn voor het stellen van vragen is verstreken."))
        raise PermissionDenied
    if not text:
        raise ValidationError({"text": _("Schrijf uw vraag.")})
    return ConsultationQuestion.objects.create(
        consultation=consultation,
        candidate=rules.candidate_of(actor, consultation),
        asked_by=actor,
        text=text,
    )


@transaction.atomic
def answer_draft(
    *,
    consultation: Consultation,
    actor,
    question: str,
    answer: str,
    source: ConsultationQuestion | None = None,
    corrects: ConsultationAnswer | None = None,
) -> ConsultationAnswer:
    """A draft entry of the next nota; `corrects` must be a published entry."""
    if not rules.may_manage_consultation(actor, consultation):
        raise PermissionDenied
    if source is not None and source.consultation_id != consultation.pk:
        raise PermissionDenied
    if corrects is not None and (
        corrects.consultation_id != consultation.pk or not corrects.is_published
    ):
        raise ValidationError(
            {"corrects": _("Alleen een gepubliceerd antwoord kan worden gecorrigeerd.")}
        )
    question, answer = (question or "").strip(), (answer or "").strip()
    if not question or not answer:
        raise ValidationError(_("Geef de vraag (in uw woorden) en het antwoord."))
    return ConsultationAnswer.objects.create(
        consultation=consultation,
        source=source,
        question=question,
        answer=answer,
        corrects=corrects,
    )


@transaction.atomic
def answer_update(*, answer: ConsultationAnswer, actor, question: str, answer_text: str):
    """Change a draft entry. A published entry is never changed: publish a correction."""
    answer = ConsultationAnswer.objects.select_for_update().get(pk=answer.pk)
    if answer.is_published:
        raise ValidationError(
            _("Een gepubliceerd antwoord kan niet worden gewijzigd. Publiceer een correctie.")
        )
    if not rules.may_edit_answer(actor, answer):
        raise PermissionDenied
    answer.question, answer.answer = question.strip(), answer_text.strip()
    answer.save(update_fields=["question", "answer"])
    return answer


def _recipients(consultation: Consultation) -> set[int]:
    """Every candidate's contact and the people of every candidate organisation."""
    candidates = ConsultationCandidate.objects.filter(consultation=consultation)
    users = set(candidates.values_list("contact_id", flat=True))
    users |= set(
        OrganisationMember.objects.filter(
            organisation_id__in=candidates.values("organisation_id")
        ).values_list("user_id", flat=True)
    )
    return users


@transaction.atomic
def nota_publish(*, consultation: Consultation, actor) -> ConsultationNota:
    """Publish every draft entry as the next numbered nota van inlichtingen.

    One transaction: the entries, their numbers and a notice for every
    candidate appear at the same moment; the e-mails (one identical text
    for all, without the askers) go after commit.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not rules.may_manage_consultation(actor, consultation):
        raise PermissionDenied
    drafts = list(
        ConsultationAnswer.objects.select_for_update()
        .filter(consultation=consultation, nota__isnull=True)
        .order_by("pk")
    )
    if not drafts:
        raise ValidationError(_("Er zijn geen nieuwe antwoorden om te publiceren."))
    now = timezone.now()
    last = consultation.notas.aggregate(n=Max("number"))["n"] or 0
    nota = ConsultationNota.objects.create(
        consultation=consultation, number=last + 1, published_at=now, published_by=actor
    )
    number = consultation.answers.aggregate(n=Max("number"))["n"] or 0
    for draft in drafts:
        number += 1
        draft.nota, draft.number = nota, number
    ConsultationAnswer.objects.bulk_update(drafts, ["nota", "number"])
    recipients = sorted(_recipients(consultation))
    ConsultationNotice.objects.bulk_create(
        [ConsultationNotice(user_id=uid, nota=nota, created_at=now) for uid in recipients]
    )

    def send():
        from ..tasks import send_nota_emails

        send_nota_emails.enqueue(nota.pk)

    transaction.on_commit(send)
    return nota


@transaction.atomic
def candidate_select(*, candidate: ConsultationCandidate, actor) -> Party:
    """Make a candidate a contractor party; its candidacy and questions stay linked."""
    consultation = candidate.consultation
    if not rules.may_manage_consultation(actor, consultation):
        raise PermissionDenied
    if candidate.party_id:
        return candidate.party
    party = party_create(
        partnership=consultation.partnership,
        organisation=candidate.organisation,
        role=Party.Role.CONTRACTOR,
        actor=actor,
    )
    candidate.party = party
    candidate.save(update_fields=["party"])
    membership_add(
        party=party, email=candidate.contact.email, role=Membership.Role.LEAD, actor=actor
    )
    return party


def consultation_notices_mark_read(*, consultation: Consultation, actor) -> int:
    """The actor has read the new notas of this consultation."""
    return rules.unread_notices(actor, consultation).update(read_at=timezone.now())
