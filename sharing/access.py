"""The one access module of Partnerwerk.

Every "may this user see / change / post" in a workspace is answered here;
views, forms, querysets, consumers, search and exports ask this module and
decide nothing on their own.

Two kinds of rule live here:

* **Workspace rules** follow from a person's membership: who may enter a
  workspace, manage parties and members, read the audit log, create items.
* **Item rules** follow from an item's scope and owner party. They are
  materialised as django-guardian object permissions on direct foreign-key
  tables, granted to party groups (and, for lead-only actions, to the lead
  users), by `sync_item` / `sync_partnership` — the only code that writes
  those tables. Reads use guardian's checker and `get_objects_for_user`.

The model (see DESIGN.md):

    scope         who may view
    shared        every active party, and the owner party
    confidential  active client parties (client, co-client), and the owner
    internal      the owner party only

The owner party always keeps read access to its own items, even after it has
dropped out. Only an active owner may add versions (members) or change the
scope and decide on releases (its leads). Active client parties may request
the release of a confidential item they do not own. A granted release to
chosen parties adds view access for those parties only.

Superusers get no shortcut: platform administration is not a licence to read
a contractor's confidential work.
"""

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import Http404

from projects.models import Membership, PartnershipPage, Party

from .models.releases import ReleaseRequest
from .models.scoped import Scope

Action = Literal[
    "view", "download", "contribute", "change", "change_scope", "request_release", "grant_release"
]

# Which object permission answers which action.
_ACTION_CODENAME = {
    "view": "view_{model}",
    "download": "view_{model}",
    "contribute": "contribute_{model}",
    "change": "change_{model}",
    "change_scope": "change_scope_{model}",
    "request_release": "request_release_{model}",
    "grant_release": "grant_release_{model}",
}

_registry: list[type[models.Model]] = []


def register(model: type[models.Model]) -> type[models.Model]:
    """Register a scoped item model; it needs direct FK permission models."""
    if model not in _registry:
        _registry.append(model)
    return model


def registered_models() -> list[type[models.Model]]:
    return list(_registry)


# --------------------------------------------------------------------------
# Workspace rules
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """A user's place in one partnership, as the access rules need it."""

    membership: Membership

    @property
    def party(self) -> Party:
        return self.membership.party

    @property
    def is_lead(self) -> bool:
        return self.membership.is_lead

    @property
    def is_active(self) -> bool:
        return self.party.is_active

    @property
    def is_client(self) -> bool:
        return self.party.is_client and self.is_active

    @property
    def is_client_lead(self) -> bool:
        return self.is_client and self.is_lead


def seat_for(user, partnership: PartnershipPage) -> Seat | None:
    if not user.is_authenticated or not user.is_active:
        return None
    membership = (
        Membership.objects.select_related("party__organisation", "party__group")
        .filter(user=user, partnership=partnership)
        .first()
    )
    return Seat(membership) if membership else None


def workspace_for_user(user, slug: str) -> tuple[PartnershipPage, Seat]:
    """The partnership and the user's seat in it; 404 for non-members and unknown slugs."""
    partnership = (
        PartnershipPage.objects.filter(slug=slug).select_related("client_organisation").first()
    )
    seat = seat_for(user, partnership) if partnership else None
    if seat is None:
        raise Http404
    return partnership, seat


def workspaces_for_user(user):
    if not user.is_authenticated:
        return PartnershipPage.objects.none()
    return PartnershipPage.objects.filter(memberships__user=user).order_by("title")


def may_manage_parties(seat: Seat) -> bool:
    """Add parties, change their role, mark them dropped out: client leads."""
    return seat.is_client_lead


def may_manage_members(seat: Seat, party: Party) -> bool:
    """Client leads manage every party's members; other leads their own party's."""
    if seat.is_client_lead:
        return True
    return seat.is_active and seat.is_lead and seat.party.pk == party.pk


def may_view_audit(seat: Seat) -> bool:
    return seat.is_client_lead


def may_create_items(seat: Seat) -> bool:
    """Upload or post: active parties except advisors (who read and comment)."""
    return seat.is_active and seat.party.role != Party.Role.ADVISOR


def may_create_with_owner(seat: Seat, owner_party: Party) -> bool:
    """Items are created for one's own party only."""
    return may_create_items(seat) and owner_party.pk == seat.party.pk


def may_moderate_messages(seat: Seat) -> bool:
    """Client leads may remove any message in their workspace (soft delete)."""
    return seat.is_client_lead


def may_view_release_requests(seat: Seat) -> bool:
    return seat.is_active or seat.is_lead


# Publishing a lesson on the public site needs two consents: the owner
# party's lead (it is that party's knowledge) and a client lead (the
# authority answers for what the partnership says in public). The item rules
# below decide who may read the lesson at all; these add the roles.


def may_propose_publication(user, seat: Seat, lesson, checker=None) -> bool:
    """Propose a lesson for publication: its owner party's members, or a client lead.

    Pass an `ItemChecker` that has prefetched the lesson to ask without queries.
    """
    checker = checker or ItemChecker(user)
    if not checker.may("view", lesson):
        return False
    return checker.may("change", lesson) or seat.is_client_lead


def may_consent_as_owner(user, lesson, checker=None) -> bool:
    """Consent for the owner party: its active leads (who also decide on releases)."""
    return (checker or ItemChecker(user)).may("grant_release", lesson)


def may_consent_as_client(user, seat: Seat, lesson, checker=None) -> bool:
    """Consent for the client: an active client lead who can read the lesson."""
    return seat.is_client_lead and (checker or ItemChecker(user)).may("view", lesson)


def consents_user_may_give(user, seat: Seat, publication, checker=None) -> list[str]:
    """The consents ("owner", "client") a proposal still lacks that this user may give."""
    checker = checker or ItemChecker(user)
    lesson, roles = publication.lesson, []
    if publication.owner_consent_at is None and may_consent_as_owner(user, lesson, checker):
        roles.append("owner")
    if publication.client_consent_at is None and may_consent_as_client(user, seat, lesson, checker):
        roles.append("client")
    return roles


def may_withdraw_publication(user, seat: Seat, publication, checker=None) -> bool:
    """Stop a proposal before it is public: the proposer or anyone whose consent it needs."""
    checker = checker or ItemChecker(user)
    lesson = publication.lesson
    if not checker.may("view", lesson):
        return False
    return (
        publication.proposed_by_id == user.pk
        or may_consent_as_owner(user, lesson, checker)
        or may_consent_as_client(user, seat, lesson, checker)
    )


# The equipment pool and the sections are shared by the whole partnership:
# they follow from the seat alone, not from per-item permissions.


def may_view_pool(seat: Seat) -> bool:
    """The pool, its bookings, the planning and the sections: every active party."""
    return seat.is_active


def may_manage_pool(seat: Seat) -> bool:
    """Add and change items, approve bookings, cancel anyone's: the pool manager (client leads)."""
    return seat.is_client_lead


def may_manage_sections(seat: Seat) -> bool:
    """Add and change sections, assign contractors: client leads."""
    return seat.is_client_lead


def may_book_for(seat: Seat, party: Party) -> bool:
    """Book pool equipment: active non-advisor parties, for their own party only."""
    return may_create_items(seat) and party.pk == seat.party.pk and party.is_active


def may_cancel_booking(seat: Seat, booking) -> bool:
    """Anyone may cancel their own party's bookings; the pool manager any booking."""
    if may_manage_pool(seat):
        return True
    return seat.is_active and booking.party_id == seat.party.pk


def may_log_usage(seat: Seat, booking) -> bool:
    """Operating hours are logged by the booking party (or the pool manager)."""
    return may_cancel_booking(seat, booking)


def may_see_booking_party(seat: Seat, party: Party) -> bool:
    """Who booked is shared with every active party; otherwise only one's own bookings."""
    return seat.is_active or party.pk == seat.party.pk


# --------------------------------------------------------------------------
# Item rules: reading
# --------------------------------------------------------------------------


def _codename(model: type[models.Model], action: Action) -> str:
    return _ACTION_CODENAME[action].format(model=model._meta.model_name)


def _plain(user):
    # Guardian lets superusers do anything; here they are ordinary users.
    if getattr(user, "is_superuser", False):
        user = copy.copy(user)
        user.is_superuser = False
    return user


class ItemChecker:
    """Answers item questions for one user with a fixed number of queries.

    Call `prefetch(items)` before looping over a list; then `may()` costs no
    query per item.
    """

    def __init__(self, user):
        self.user = user
        self._checker = ObjectPermissionChecker(_plain(user)) if user.is_authenticated else None

    def prefetch(self, items: Iterable[models.Model]) -> None:
        items = [item for item in items if item is not None]
        if self._checker is not None and items:
            self._checker.prefetch_perms(items)

    def may(self, action: Action, item: models.Model) -> bool:
        if self._checker is None or not self.user.is_active:
            return False
        return self._checker.has_perm(_codename(type(item), action), item)

    def actions(self, item: models.Model) -> set[str]:
        return {action for action in _ACTION_CODENAME if self.may(action, item)}


def may(user, action: Action, item: models.Model) -> bool:
    return ItemChecker(user).may(action, item)


def visible(user, queryset: models.QuerySet, action: Action = "view") -> models.QuerySet:
    """Narrow a queryset of scoped items to those the user may `action`."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return get_objects_for_user(
        _plain(user),
        _codename(queryset.model, action),
        klass=queryset,
        with_superuser=False,
        accept_global_perms=False,
    )


def users_with(action: Action, item: models.Model) -> models.QuerySet:
    """The active users who may `action` the item: the recipients of its live events."""
    from django.contrib.auth import get_user_model

    model = type(item)
    codename = _codename(model, action)
    group_model = get_group_obj_perms_model(model)
    user_model = get_user_obj_perms_model(model)
    group_ids = group_model.objects.filter(
        content_object_id=item.pk, permission__codename=codename
    ).values("group_id")
    direct = user_model.objects.filter(
        content_object_id=item.pk, permission__codename=codename
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(models.Q(groups__in=group_ids) | models.Q(pk__in=direct), is_active=True)
        .distinct()
    )


def item_for_user(user, queryset: models.QuerySet, action: Action = "view", **lookup):
    """One item the user may `action`; 404 both for 'does not exist' and 'not yours'."""
    item = queryset.filter(**lookup).first()
    if item is None or not may(user, action, item):
        raise Http404
    return item


# --------------------------------------------------------------------------
# Item rules: deriving the object permissions
# --------------------------------------------------------------------------


@dataclass
class _PartnershipFacts:
    parties: dict[int, Party]
    leads_by_party: dict[int, set[int]]
    # item content type id -> object id -> set of party ids released to
    released_to: dict[int, dict[int, set[int]]]


def _facts(partnership_id: int) -> _PartnershipFacts:
    parties = {p.pk: p for p in Party.objects.filter(partnership_id=partnership_id)}
    leads: dict[int, set[int]] = {pk: set() for pk in parties}
    for party_id, user_id in Membership.objects.filter(
        partnership_id=partnership_id, role=Membership.Role.LEAD, user__is_active=True
    ).values_list("party_id", "user_id"):
        leads[party_id].add(user_id)
    released: dict[int, dict[int, set[int]]] = {}
    through = ReleaseRequest.recipients.through
    for ct_id, obj_id, party_id in through.objects.filter(
        releaserequest__partnership_id=partnership_id,
        releaserequest__status=ReleaseRequest.Status.GRANTED,
        releaserequest__audience=ReleaseRequest.Audience.CHOSEN,
    ).values_list("releaserequest__content_type_id", "releaserequest__object_id", "party_id"):
        released.setdefault(ct_id, {}).setdefault(obj_id, set()).add(party_id)
    return _PartnershipFacts(parties, leads, released)


def _desired(item, facts: _PartnershipFacts, ct_id: int, perm_ids: dict[str, int]):
    """The (group_id, perm_id) and (user_id, perm_id) pairs an item should have."""
    model = item._meta.model_name
    owner = facts.parties[item.owner_party_id]
    active = [p for p in facts.parties.values() if p.is_active]
    clients = [p for p in active if p.is_client]

    viewers = {owner.pk}
    if item.scope == Scope.SHARED:
        viewers |= {p.pk for p in active}
    elif item.scope == Scope.CONFIDENTIAL:
        viewers |= {p.pk for p in clients}
        viewers |= {
            pk
            for pk in facts.released_to.get(ct_id, {}).get(item.pk, set())
            if facts.parties[pk].is_active
        }

    groups: set[tuple[int, int]] = set()
    users: set[tuple[int, int]] = set()
    for pk in viewers:
        party = facts.parties[pk]
        groups.add((party.group_id, perm_ids[f"view_{model}"]))
        # Contributing (posting a message) needs an active party: a dropped-out
        # party keeps reading its own items but no longer takes part.
        if party.is_active:
            groups.add((party.group_id, perm_ids[f"contribute_{model}"]))
    if owner.is_active:
        groups.add((owner.group_id, perm_ids[f"change_{model}"]))
        for user_id in facts.leads_by_party.get(owner.pk, ()):
            users.add((user_id, perm_ids[f"change_scope_{model}"]))
            users.add((user_id, perm_ids[f"grant_release_{model}"]))
    if item.scope == Scope.CONFIDENTIAL:
        for party in clients:
            if party.pk != owner.pk:
                groups.add((party.group_id, perm_ids[f"request_release_{model}"]))
    return groups, users


def _sync(model: type[models.Model], items: list, facts: _PartnershipFacts) -> None:
    if not items:
        return
    ct = ContentType.objects.get_for_model(model)
    perm_ids = dict(Permission.objects.filter(content_type=ct).values_list("codename", "pk"))
    group_model = get_group_obj_perms_model(model)
    user_model = get_user_obj_perms_model(model)
    item_ids = [item.pk for item in items]

    want_groups: set[tuple[int, int, int]] = set()
    want_users: set[tuple[int, int, int]] = set()
    for item in items:
        groups, users = _desired(item, facts, ct.pk, perm_ids)
        want_groups |= {(item.pk, g, p) for g, p in groups}
        want_users |= {(item.pk, u, p) for u, p in users}

    have_groups = {
        (o, g, p): pk
        for pk, o, g, p in group_model.objects.filter(content_object_id__in=item_ids).values_list(
            "pk", "content_object_id", "group_id", "permission_id"
        )
    }
    have_users = {
        (o, u, p): pk
        for pk, o, u, p in user_model.objects.filter(content_object_id__in=item_ids).values_list(
            "pk", "content_object_id", "user_id", "permission_id"
        )
    }
    group_model.objects.filter(
        pk__in=[pk for key, pk in have_groups.items() if key not in want_groups]
    ).delete()
    user_model.objects.filter(
        pk__in=[pk for key, pk in have_users.items() if key not in want_users]
    ).delete()
    group_model.objects.bulk_create(
        [
            group_model(content_object_id=o, group_id=g, permission_id=p)
            for o, g, p in want_groups - have_groups.keys()
        ]
    )
    user_model.objects.bulk_create(
        [
            user_model(content_object_id=o, user_id=u, permission_id=p)
            for o, u, p in want_users - have_users.keys()
        ]
    )


@transaction.atomic
def sync_item(item: models.Model) -> None:
    """Re-derive the object permissions of one item from its scope and owner."""
    _sync(type(item), [item], _facts(item.partnership_id))


@transaction.atomic
def sync_partnership(partnership: PartnershipPage) -> None:
    """Re-derive every item's permissions in a partnership (parties or members changed)."""
    facts = _facts(partnership.pk)
    for model in _registry:
        items = list(
            model.objects.filter(partnership=partnership).only(
                "pk", "scope", "owner_party_id", "partnership_id"
            )
        )
        _sync(model, items, facts)


def on_party_access_changed(sender, partnership, users=None, **kwargs):
    sync_partnership(partnership)


def may_view_visit_registrations(seat: Seat) -> bool:
    """Who registered for the partnership's visits: the client parties, and contractor leads.

    Names and e-mail addresses of visitors are personal data of outsiders:
    the organising client sees them, and each active contractor's lead (who
    hosts part of the visit); not every contractor member, nor advisors.
    """
    if seat.is_client:
        return True
    return seat.is_active and seat.is_lead and seat.party.role == Party.Role.CONTRACTOR
