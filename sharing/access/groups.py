"""Party groups: who is in them follows from the memberships, and only from them.

Object permissions are granted to a party's auth group, so being in that
group *is* the access. The only code that writes party-group membership is
`reconcile_party_groups`: a user is in `party.group` if and only if a
`Membership(user, party)` exists. The services in `projects` write
memberships and send `party_access_changed`; `on_party_access_changed` sets
the groups from them and then re-derives the item permissions.

A change to a party group's members made any other way (the shell, a script,
an admin screen: `user.groups.add/remove/clear/set`, `group.user_set...`) is
reverted at once by `on_user_groups_changed` and written to the workspace's
audit log as refused. Our own writes go through the through-model in bulk,
which sends no signal, and run inside `reconciling()` so that the receiver
never answers them either way.
"""

import contextvars
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import transaction

from wagtail.log_actions import log

from projects.models import Membership, PartnershipPage, Party

from .sync import sync_partnership

User = get_user_model()
UserGroups = User.groups.through

REFUSED_ACTION = "partnerwerk.membership.refused"

_reconciling: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "party_groups_reconciling", default=False
)


@contextmanager
def reconciling():
    """Mark the party-group writes of this context as the access package's own."""
    token = _reconciling.set(True)
    try:
        yield
    finally:
        _reconciling.reset(token)


def is_reconciling() -> bool:
    return _reconciling.get()


def party_group_ids():
    """A queryset of the ids of every group that belongs to a party."""
    return Party.objects.values("group_id")


@transaction.atomic
def reconcile_party_groups(
    *, partnership_id: int | None = None, user_ids=None, group_ids=None
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Set party-group membership from the memberships; return (added, removed).

    Each is a set of (user_id, group_id) pairs. The optional arguments narrow
    what is looked at (a partnership's parties, some users, some groups);
    outside that nothing is touched.
    """
    wanted = Membership.objects.all()
    have = UserGroups.objects.filter(group_id__in=party_group_ids())
    if partnership_id is not None:
        wanted = wanted.filter(party__partnership_id=partnership_id)
        have = have.filter(
            group_id__in=Party.objects.filter(partnership_id=partnership_id).values("group_id")
        )
    if user_ids is not None:
        wanted = wanted.filter(user_id__in=user_ids)
        have = have.filter(user_id__in=user_ids)
    if group_ids is not None:
        wanted = wanted.filter(party__group_id__in=group_ids)
        have = have.filter(group_id__in=group_ids)

    want = set(wanted.values_list("user_id", "party__group_id"))
    present = {(u, g): pk for pk, u, g in have.values_list("pk", "user_id", "group_id")}
    added = want - present.keys()
    removed = present.keys() - want
    with reconciling():
        if removed:
            UserGroups.objects.filter(pk__in=[present[pair] for pair in removed]).delete()
        if added:
            UserGroups.objects.bulk_create(
                [UserGroups(user_id=u, group_id=g) for u, g in sorted(added)]
            )
    return added, removed


def on_party_access_changed(sender, partnership: PartnershipPage, users=None, **kwargs):
    """Receiver of `projects.signals.party_access_changed`: groups first, then permissions."""
    user_ids = None if users is None else [u.pk for u in users]
    reconcile_party_groups(partnership_id=partnership.pk, user_ids=user_ids)
    sync_partnership(partnership)


def on_user_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Receiver of `m2m_changed` on `User.groups.through`: revert and log party-group edits.

    Only the `post_*` actions matter: by then the change is made and the
    difference with the memberships is exactly what was done the wrong way.
    `pk_set` is None for `post_clear`, so then the whole side is looked at.
    """
    if is_reconciling() or action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        # group.user_set.add(...): instance is a Group, pk_set holds user ids.
        if not Party.objects.filter(group_id=instance.pk).exists():
            return
        scope = {"group_ids": [instance.pk]}
        if pk_set is not None:
            scope["user_ids"] = list(pk_set)
    else:
        # user.groups.add(...): instance is a User, pk_set holds group ids.
        if pk_set is not None and not Party.objects.filter(group_id__in=pk_set).exists():
            return
        scope = {"user_ids": [instance.pk]}
        if pk_set is not None:
            scope["group_ids"] = list(pk_set)
    added, removed = reconcile_party_groups(**scope)
    # What we put back was removed the wrong way, and what we took out was added.
    _log_refused(refused_adds=removed, refused_removes=added)


def log_refused_party_groups(*, username: str, group_ids) -> None:
    """Write that giving these party groups to `username` was refused (nothing was given)."""
    for party in Party.objects.filter(group_id__in=group_ids).select_related(
        "organisation", "partnership"
    ):
        log(
            party,
            REFUSED_ACTION,
            partnership=party.partnership,
            data={"user": username, "party": party.organisation.name, "change": "add"},
        )


def _log_refused(*, refused_adds, refused_removes) -> None:
    changes = [(pair, "add") for pair in refused_adds] + [
        (pair, "remove") for pair in refused_removes
    ]
    if not changes:
        return
    parties = {
        p.group_id: p
        for p in Party.objects.filter(group_id__in={g for (_, g), _ in changes}).select_related(
            "organisation", "partnership"
        )
    }
    usernames = dict(
        User.objects.filter(pk__in={u for (u, _), _ in changes}).values_list("pk", "username")
    )
    for (user_id, group_id), change in sorted(changes):
        party = parties[group_id]
        # The actor is whoever Wagtail's log context names (the admin user in
        # the admin; nobody in a shell).
        log(
            party,
            REFUSED_ACTION,
            partnership=party.partnership,
            data={
                "user": usernames.get(user_id, str(user_id)),
                "party": party.organisation.name,
                "change": change,
            },
        )
