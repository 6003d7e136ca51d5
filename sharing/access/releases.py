"""Release rules: who may ask, decide and withdraw, and to whom a release may go.

Asking (`request_release`) and deciding (`grant_release`) are item rights,
materialised by `sync`; what follows here is decided from the request
itself, so that forms, views, selectors and services ask one function.
"""

from django.db import models

from projects.models import Party

from ..models.releases import ReleaseRequest
from .items import ItemChecker, may


def release_recipient_parties(item: models.Model) -> models.QuerySet:
    """The parties a release of `item` to chosen parties may name.

    Active parties of the item's partnership other than the owner and the
    client parties: the owner and the clients already see a confidential item,
    so naming them would widen nothing and tell the owner nothing true.
    """
    return (
        Party.objects.active()
        .filter(partnership_id=item.partnership_id)
        .exclude(pk=item.owner_party_id)
        .exclude(role__in=Party.CLIENT_ROLES)
    )


def may_withdraw_release(user, release) -> bool:
    """A pending request is withdrawn by the person who asked, and only by them."""
    return release.status == ReleaseRequest.Status.PENDING and release.requested_by_id == user.pk


def may_decide_release(user, release, item=None, checker: ItemChecker | None = None) -> bool:
    """Grant or refuse: a pending request, by a lead of the item's (active) owner party.

    `item` is the request's item as the caller already has it; `checker` a
    prefetched `ItemChecker` for lists.
    """
    if release.status != ReleaseRequest.Status.PENDING:
        return False
    item = item if item is not None else release.item
    if item is None:
        return False
    if checker is not None:
        return checker.may("grant_release", item)
    return may(user, "grant_release", item)
