"""Deriving the object permissions of scoped items.

The only code that writes guardian's permission tables: `sync_item` and
`sync_partnership` re-derive them from scope, owner party, the parties'
status and granted releases, whenever one of those changes.
"""

from dataclasses import dataclass

from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from projects.models import Membership, PartnershipPage, Party

from ..models.releases import ReleaseRequest
from ..models.scoped import Scope
from .audience import viewer_party_ids
from .items import registered_models


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
    clients = [p for p in facts.parties.values() if p.is_active and p.is_client]
    viewers = viewer_party_ids(
        owner=owner,
        scope=item.scope,
        parties=facts.parties.values(),
        released_to=facts.released_to.get(ct_id, {}).get(item.pk, ()),
    )

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
    for model in registered_models():
        items = list(
            model.objects.filter(partnership=partnership).only(
                "pk", "scope", "owner_party_id", "partnership_id"
            )
        )
        _sync(model, items, facts)
