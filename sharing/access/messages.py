"""Message rules: who may edit or delete a message in a thread.

The thread's item rules decide who may read and post; these add the author
and the moderator. A dropped-out party keeps reading its own threads but
cannot post, so its members can no longer edit or delete what they wrote:
editing or deleting is taking part. The view, the services, the page and the
live frames all ask these functions; none decides on its own.
"""

from .items import ItemChecker
from .seats import Seat, may_moderate_messages


def may_edit_message(user, seat: Seat | None, message, checker=None) -> bool:
    """Edit a message: its author, while the author may still post in the thread.

    Pass an `ItemChecker` that has prefetched the thread to ask without queries.
    """
    if message.is_deleted or message.author_id != user.pk or seat is None:
        return False
    return (checker or ItemChecker(user)).may("contribute", message.thread)


def may_delete_message(user, seat: Seat | None, message, checker=None) -> bool:
    """Soft-delete a message: its author while they may post, or a moderator who reads it."""
    if message.is_deleted or seat is None:
        return False
    checker = checker or ItemChecker(user)
    if message.author_id == user.pk and checker.may("contribute", message.thread):
        return True
    return may_moderate_messages(seat) and checker.may("view", message.thread)


class KnownChecker:
    """An `ItemChecker` whose answers for one item are already known.

    For live events: `thread_audience` learns what every reader may do with a
    thread in a fixed number of queries, instead of one checker per reader.
    """

    def __init__(self, user, item, actions: set[str]):
        self.user, self._item, self._actions = user, item, frozenset(actions)

    def may(self, action, item) -> bool:
        return (
            self.user.is_active
            and type(item) is type(self._item)
            and item.pk == self._item.pk
            and action in self._actions
        )


def thread_audience(thread) -> list[tuple]:
    """Everyone who may view the thread: (user, seat, checker), in three queries.

    The recipients of a thread's live events, each with what the message
    rules need, so a broadcast costs the same whatever the audience's size.
    """
    from projects.models import Membership

    from .items import users_with

    viewers = list(users_with("view", thread))
    contributors = set(users_with("contribute", thread).values_list("pk", flat=True))
    memberships = {
        m.user_id: m
        for m in Membership.objects.select_related("party").filter(
            partnership_id=thread.partnership_id, user__in=[u.pk for u in viewers]
        )
    }
    audience = []
    for user in viewers:
        membership = memberships.get(user.pk)
        actions = {"view", "contribute"} if user.pk in contributors else {"view"}
        seat = Seat(membership) if membership else None
        audience.append((user, seat, KnownChecker(user, thread, actions)))
    return audience
