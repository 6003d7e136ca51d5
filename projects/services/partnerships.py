"""Every write to partnerships, parties and memberships.

Permission checks happen in the caller through `sharing.access` (views) or
are not needed (demo, admin); these functions keep the data consistent: the
party group, the memberships, the audit log, and the `party_access_changed`
signal. Who is in a party group is not written here: the access package sets
the groups from the memberships on that signal, then re-derives object
permissions (`sharing.access.groups`).
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from ..models import Membership, Organisation, PartnershipPage, Party
from ..signals import party_access_changed

User = get_user_model()


def _access_changed(partnership: PartnershipPage, users=None) -> None:
    party_access_changed.send(sender=Party, partnership=partnership, users=users)


def organisation_get_or_create(*, name: str, kind: str = Organisation.Kind.COMPANY) -> Organisation:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Geef de naam van de organisatie.")})
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(name=name, kind=kind)
    return organisation


@transaction.atomic
def party_create(
    *, partnership: PartnershipPage, organisation: Organisation, role: str, actor=None
) -> Party:
    if role not in Party.Role.values:
        raise ValidationError({"role": _("Kies een geldige rol.")})
    if Party.objects.filter(partnership=partnership, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("Deze organisatie is al partij in dit partnerschap.")}
        )
    # A temporary unique name; the real one needs the party's id.
    group = Group.objects.create(name=f"party-new-{get_random_string(12)}")
    party = Party.objects.create(
        partnership=partnership, organisation=organisation, role=role, group=group
    )
    group.name = party.group_name()
    group.save(update_fields=["name"])
    log(
        party,
        "partnerwerk.party.add",
        user=actor,
        partnership=partnership,
        data={"role": role, "organisation": organisation.name},
    )
    _access_changed(partnership)
    return party


@transaction.atomic
def party_change_role(*, party: Party, role: str, actor=None) -> Party:
    if role not in Party.Role.values:
        raise ValidationError({"role": _("Kies een geldige rol.")})
    if role == party.role:
        return party
    old = party.role
    party.role = role
    party.save(update_fields=["role"])
    log(
        party,
        "partnerwerk.party.change_role",
        user=actor,
        partnership=party.partnership,
        data={"from": old, "to": role},
    )
    _access_changed(party.partnership)
    return party


@transaction.atomic
def party_drop_out(
    *, party: Party, reason: str, on: datetime.date | None = None, actor=None
) -> Party:
    """Mark a party as dropped out. Nothing is deleted.

    The party keeps read access to its own items and loses access to shared
    items and the right to upload or post (re-derived via the signal).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef de reden van het afvallen.")})
    if party.status == Party.Status.DROPPED_OUT:
        raise ValidationError(_("Deze partij is al afgevallen."))
    if party.is_client:
        raise ValidationError(_("Een opdrachtgever kan niet afvallen."))
    party.status = Party.Status.DROPPED_OUT
    party.dropped_out_on = on or datetime.date.today()
    party.dropped_out_reason = reason
    party.save(update_fields=["status", "dropped_out_on", "dropped_out_reason"])
    log(
        party,
        "partnerwerk.party.drop_out",
        user=actor,
        partnership=party.partnership,
        data={"reason": reason, "on": party.dropped_out_on.isoformat()},
    )
    _access_changed(party.partnership)
    return party


def _unique_username(email: str) -> str:
    base = slugify(email.split("@")[0])[:120] or "gebruiker"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def membership_add(
    *,
    party: Party,
    email: str,
    role: str = Membership.Role.MEMBER,
    first_name: str = "",
    last_name: str = "",
    actor=None,
) -> tuple[Membership, bool]:
    """Add a person to a party by e-mail. Returns (membership, invited).

    Someone without an account gets one without a password and an invitation
    e-mail with a single-use link to set it (sent after commit).
    """
    email = User.objects.normalize_email((email or "").strip()).lower()
    if not email or "@" not in email:
        raise ValidationError({"email": _("Geef een geldig e-mailadres.")})
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Kies een geldige rol.")})
    if not party.is_active:
        raise ValidationError(_("Aan een afgevallen partij kunnen geen leden worden toegevoegd."))
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    invited = False
    if user is None:
        user = User(
            username=_unique_username(email),
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        user.set_unusable_password()
        user.save()
        invited = True
    existing = Membership.objects.filter(partnership=party.partnership, user=user).first()
    if existing is not None:
        raise ValidationError(
            {
                "email": _("%(name)s is al lid van %(party)s in dit partnerschap.")
                % {
                    "name": user.get_full_name() or user.username,
                    "party": existing.party.organisation,
                }
            }
        )
    membership = Membership.objects.create(
        party=party, user=user, partnership=party.partnership, role=role
    )
    log(
        membership,
        "partnerwerk.membership.add",
        user=actor,
        partnership=party.partnership,
        data={
            "user": user.username,
            "party": party.organisation.name,
            "role": role,
            "invited": invited,
        },
    )
    if invited or not user.has_usable_password():
        from ..tasks import send_invitation

        inviter = (actor.get_full_name() or actor.username) if actor else "Partnerwerk"
        transaction.on_commit(
            lambda: send_invitation.enqueue(user.pk, party.partnership_id, inviter)
        )
        invited = True
    _access_changed(party.partnership, users=[user])
    return membership, invited


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor=None) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Kies een geldige rol.")})
    if role == membership.role:
        return membership
    if membership.role == Membership.Role.LEAD and role != Membership.Role.LEAD:
        _ensure_other_lead(membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    log(
        membership,
        "partnerwerk.membership.change_role",
        user=actor,
        partnership=membership.partnership,
        data={"user": membership.user.username, "from": old, "to": role},
    )
    _access_changed(membership.partnership, users=[membership.user])
    return membership


def _ensure_other_lead(membership: Membership) -> None:
    others = Membership.objects.filter(party=membership.party, role=Membership.Role.LEAD).exclude(
        pk=membership.pk
    )
    if membership.party.is_active and not others.exists():
        raise ValidationError(
            _("Een partij houdt minstens één trekker. Maak eerst iemand anders trekker.")
        )


@transaction.atomic
def membership_remove(*, membership: Membership, actor=None) -> None:
    if membership.role == Membership.Role.LEAD:
        _ensure_other_lead(membership)
    user, party = membership.user, membership.party
    log(
        membership,
        "partnerwerk.membership.remove",
        user=actor,
        partnership=party.partnership,
        data={"user": user.username, "party": party.organisation.name},
    )
    membership.delete()
    _access_changed(party.partnership, users=[user])


def membership_touch(*, membership: Membership):
    """Record a visit to the workspace; returns the previous visit's time (or None)."""
    previous = membership.last_seen_at
    now = timezone.now()
    Membership.objects.filter(pk=membership.pk).update(last_seen_at=now)
    membership.last_seen_at = now
    return previous
