"""Notifications: mentions and replies in followed threads, in the app and by e-mail."""

from django.db import transaction
from django.utils import timezone

from .. import access, events
from ..models import Message, Notification, ThreadReadState


def notifications_for_message(
    *, message: Message, mentioned, live_event: bool = True
) -> list[Notification]:
    """Create the notifications a new message causes; e-mail and live events after commit.

    With `live_event=False` the caller's own live frame carries the new bell
    counts (see `message_post`): one group send per recipient per message.

    Mentioned members (already checked to see the thread) get a mention;
    followers of the thread get a reply notice. Nobody is notified of their own
    message or about a thread they muted, and only people who may see the
    thread are ever notified.
    """
    thread = message.thread
    states = {
        s.user_id: s
        for s in ThreadReadState.objects.filter(thread=thread).only("user_id", "following", "muted")
    }
    viewers = set(access.users_with("view", thread).values_list("pk", flat=True))
    muted = {uid for uid, s in states.items() if s.muted}
    wanted: dict[int, str] = {}
    for user_id, state in states.items():
        if state.following:
            wanted[user_id] = Notification.Kind.REPLY
    for user in mentioned:
        wanted[user.pk] = Notification.Kind.MENTION
    recipients = {
        uid: kind
        for uid, kind in wanted.items()
        if uid != message.author_id and uid not in muted and uid in viewers
    }
    created = Notification.objects.bulk_create(
        [
            Notification(user_id=uid, thread=thread, message=message, kind=kind)
            for uid, kind in recipients.items()
        ]
    )
    if created:
        ids = [n.pk for n in created] if created[0].pk else None
        partnership_id = thread.partnership_id
        user_ids = list(recipients)

        def after_commit():
            from ..tasks import send_notification_emails

            note_ids = ids or list(
                Notification.objects.filter(message=message).values_list("pk", flat=True)
            )
            send_notification_emails.enqueue(note_ids)
            if not live_event:
                return
            counts = unread_counts(user_ids)
            events.send_now(
                partnership_id,
                {uid: {"type": "notifications", "unread": counts.get(uid, 0)} for uid in user_ids},
            )

        transaction.on_commit(after_commit)
    return created


def unread_counts(user_ids) -> dict[int, int]:
    from django.db.models import Count

    rows = (
        Notification.objects.filter(user_id__in=user_ids, read_at__isnull=True)
        .values("user_id")
        .annotate(n=Count("pk"))
    )
    return {row["user_id"]: row["n"] for row in rows}


def notifications_mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
