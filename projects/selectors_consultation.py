"""Who may see and write what in a market consultation, and the reads that follow.

Equal treatment: a candidate sees its own organisation's questions and the
published answers, nothing of other candidates (not their questions, names
or even their number). The client parties of the partnership see everything
and write the answers. Written once here; `sharing.access.consultation`
re-exports it for the views.
"""

from django.http import Http404

from .models import (
    Consultation,
    ConsultationAnswer,
    ConsultationCandidate,
    ConsultationNota,
    ConsultationNotice,
    ConsultationQuestion,
    Membership,
    Organisation,
    Party,
)
from .selectors_demand import organisation_ids_of


def consultation_for_slug(slug: str) -> Consultation:
    """The consultation of a live partnership, or 404: its existence is public."""
    consultation = (
        Consultation.objects.filter(partnership__slug=slug, partnership__live=True)
        .select_related("partnership__client_organisation")
        .first()
    )
    if consultation is None:
        raise Http404
    return consultation


def is_consultation_client(user, consultation: Consultation) -> bool:
    """Members of the partnership's active client parties run the consultation."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user,
        partnership_id=consultation.partnership_id,
        party__role__in=Party.CLIENT_ROLES,
        party__status=Party.Status.ACTIVE,
    ).exists()


def candidate_of(user, consultation: Consultation) -> ConsultationCandidate | None:
    """The candidacy `user` acts for: one of its own organisations'."""
    own = organisation_ids_of(user)
    if not own:
        return None
    return (
        ConsultationCandidate.objects.filter(consultation=consultation, organisation_id__in=own)
        .select_related("organisation")
        .first()
    )


def registrable_organisations(user, consultation: Consultation):
    """The user's companies that may still register: not authorities, not yet candidates."""
    return (
        Organisation.objects.filter(pk__in=organisation_ids_of(user))
        .exclude(kind=Organisation.Kind.AUTHORITY)
        .exclude(consultation_candidacies__consultation=consultation)
        .order_by("name")
    )


def may_register(user, consultation: Consultation) -> bool:
    return (
        user.is_authenticated
        and consultation.registration_open
        and not is_consultation_client(user, consultation)
        and candidate_of(user, consultation) is None
    )


def may_ask(user, consultation: Consultation) -> bool:
    return consultation.accepts_questions and candidate_of(user, consultation) is not None


def may_read_published_answers(user, consultation: Consultation) -> bool:
    return (
        is_consultation_client(user, consultation) or candidate_of(user, consultation) is not None
    )


def may_manage_consultation(user, consultation: Consultation) -> bool:
    return is_consultation_client(user, consultation)


def may_edit_answer(user, answer: ConsultationAnswer) -> bool:
    """Drafts only: a published answer never changes (a correction is a new entry)."""
    return not answer.is_published and is_consultation_client(user, answer.consultation)


# --------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------


def questions_visible_to(user, consultation: Consultation):
    """The client sees every question; a candidate only its own organisation's."""
    qs = ConsultationQuestion.objects.filter(consultation=consultation).order_by("asked_at", "pk")
    if is_consultation_client(user, consultation):
        return qs.select_related("candidate__organisation", "asked_by")
    candidate = candidate_of(user, consultation)
    if candidate is None:
        return qs.none()
    return qs.filter(candidate=candidate)


def published_answers(consultation: Consultation):
    """The ledger every candidate reads: no asker, no source question."""
    return (
        ConsultationAnswer.objects.filter(consultation=consultation, nota__isnull=False)
        .select_related("nota", "corrects")
        .order_by("number")
    )


def draft_answers(consultation: Consultation):
    return ConsultationAnswer.objects.filter(consultation=consultation, nota__isnull=True).order_by(
        "pk"
    )


def notas(consultation: Consultation):
    return ConsultationNota.objects.filter(consultation=consultation).order_by("number")


def nota_get(consultation: Consultation, number: int) -> ConsultationNota:
    nota = ConsultationNota.objects.filter(consultation=consultation, number=number).first()
    if nota is None:
        raise Http404
    return nota


def unread_notices(user, consultation: Consultation):
    """The user's notices of new notas in this consultation, not yet read."""
    if not user.is_authenticated:
        return ConsultationNotice.objects.none()
    return (
        ConsultationNotice.objects.filter(
            user=user, nota__consultation=consultation, read_at__isnull=True
        )
        .select_related("nota")
        .order_by("nota__number")
    )
