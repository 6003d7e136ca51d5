"""Registrations for visits ("kijkje in de keuken"): places, waiting list, e-mails.

Who gets a place is decided while holding the visit's row lock
(`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the settings open every
transaction with `BEGIN IMMEDIATE`, which serialises writers), so two people
registering at the same moment can never both take the last place. E-mails
leave through a django-tasks task once the transaction has committed.
"""

from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import VisitPage, VisitRegistration
from ..tasks import send_visit_registration_mail

DUPLICATE_MESSAGE = _("Met dit e-mailadres bent u al aangemeld voor dit bezoek.")


class RegistrationClosed(ValidationError):
    """The visit has started (or taken place): nobody registers any more."""

    def __init__(self):
        super().__init__(_("Aanmelden voor dit bezoek is gesloten."), code="closed")


def _lock_visit(visit: VisitPage) -> VisitPage:
    # `of=("self",)` locks the visit row only, not Wagtail's page row it joins.
    return VisitPage.objects.select_for_update(of=("self",)).get(pk=visit.pk)


def _mail_after_commit(registration: VisitRegistration, kind: str) -> None:
    registration_id = registration.pk
    transaction.on_commit(
        lambda: send_visit_registration_mail.enqueue(registration_id=registration_id, kind=kind)
    )


def _duplicate_error() -> ValidationError:
    return ValidationError({"email": DUPLICATE_MESSAGE}, code="duplicate")


@transaction.atomic
def registration_create(
    *, visit: VisitPage, name: str, organisation: str = "", email: str, notify: bool = True
) -> VisitRegistration:
    """Register a person for a visit: a place while there is one, else the waiting list.

    Raises `RegistrationClosed` once the visit has started, and a
    ValidationError on `email` when the address already holds a place or a
    waiting-list spot for this visit (compared case-insensitively).
    `notify=False` skips the e-mail (demo data).
    """
    name, organisation = name.strip(), organisation.strip()
    email = BaseUserManager.normalize_email(email.strip())
    if not name:
        raise ValidationError({"name": _("Vul uw naam in.")})
    visit = _lock_visit(visit)
    if not visit.registration_open:
        raise RegistrationClosed
    registrations = VisitRegistration.objects.filter(visit=visit)
    if registrations.active().filter(email__iexact=email).exists():
        raise _duplicate_error()
    taken = registrations.confirmed().count()
    last = registrations.aggregate(last=Max("position"))["last"] or 0
    registration = VisitRegistration(
        visit=visit,
        name=name,
        organisation=organisation,
        email=email,
        status=(
            VisitRegistration.Status.CONFIRMED
            if taken < visit.capacity
            else VisitRegistration.Status.WAITING
        ),
        position=last + 1,
    )
    try:
        # A savepoint, so a lost race leaves the outer transaction usable.
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        # The lock makes this unlikely; the unique constraint is the last word.
        raise _duplicate_error() from exc
    if notify:
        _mail_after_commit(registration, registration.status)
    return registration


def waiting_rank(registration: VisitRegistration) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    if registration.status != VisitRegistration.Status.WAITING:
        return None
    return (
        VisitRegistration.objects.filter(visit_id=registration.visit_id)
        .waiting()
        .filter(position__lte=registration.position)
        .count()
    )


@transaction.atomic
def registration_cancel(
    *, registration: VisitRegistration, notify: bool = True
) -> tuple[VisitRegistration, list[VisitRegistration]]:
    """Cancel a registration; the first on the waiting list take the freed places.

    Cancelling twice does nothing. After the visit has started nothing moves
    up any more. Returns the registration and the ones that moved up (each
    gets a "U kunt mee" e-mail with the calendar appointment).
    """
    visit = _lock_visit(registration.visit)
    registration = VisitRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == VisitRegistration.Status.CANCELLED:
        return registration, []
    registration.status = VisitRegistration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if notify:
        _mail_after_commit(registration, "cancelled")
    promoted = []
    if visit.registration_open:
        registrations = VisitRegistration.objects.filter(visit=visit)
        free = visit.capacity - registrations.confirmed().count()
        if free > 0:
            for waiting in registrations.waiting()[:free]:
                waiting.status = VisitRegistration.Status.CONFIRMED
                waiting.save(update_fields=["status"])
                if notify:
                    _mail_after_commit(waiting, "promoted")
                promoted.append(waiting)
    return registration, promoted
