"""Notifications, the one place that sends notices: in the bell, by e-mail and
as a live unread count.

Thread notices (mentions, replies in followed threads) come from
`notifications_for_message`; phase events (go/no-go, amended targets,
instalments) from `notifications_for_phase_event`; every other notice
(releases, published lessons, bookings hit by maintenance) from
`notice_send`. All ask the access package who may be told, and deliver after
commit.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
        _deliver(
            thread.partnership_id,
            list(recipients),
            lambda: (
                ids
                or list(Notification.objects.filter(message=message).values_list("pk", flat=True))
            ),
            live_event=live_event,
        )
    return created


def _deliver(
    partnership_id: int, user_ids: list[int], note_ids, *, live_event: bool = True
) -> None:
    """After commit: e-mail the notices, and push each recipient's unread count.

    With `live_event=False` the caller's own live frame carries the counts.
    """

    def after_commit():
        from ..tasks import send_notification_emails

        send_notification_emails.enqueue(note_ids())
        if not live_event:
            return
        counts = unread_counts(user_ids)
        events.send_now(
            partnership_id,
            {uid: {"type": "notifications", "unread": counts.get(uid, 0)} for uid in user_ids},
        )

    transaction.on_commit(after_commit)


def notice_send(
    *, kind: str, target, partnership, recipients, actor=None, note: str = ""
) -> list[Notification]:
    """Tell `recipients` about `target`; the one way a non-thread notice is sent.

    Only recipients the access package says may see the target are told;
    nobody is told of their own act.
    """
    wanted = {
        user.pk: user
        for user in recipients
        if user is not None
        and (actor is None or user.pk != actor.pk)
        and access.may_receive_notice(user, target)
    }
    if not wanted:
        return []
    target_type = ContentType.objects.get_for_model(target)
    created = Notification.objects.bulk_create(
        [
            Notification(
                user_id=uid,
                partnership=partnership,
                target_type=target_type,
                target_id=target.pk,
                actor=actor,
                note=(note or "")[:2000],
                kind=kind,
            )
            for uid in wanted
        ]
    )
    ids = [n.pk for n in created]
    if ids and ids[0] is None:  # backends without RETURNING
        ids = None
    _deliver(
        partnership.pk,
        list(wanted),
        lambda: (
            ids
            or list(
                Notification.objects.filter(
                    target_type=target_type, target_id=target.pk, kind=kind, emailed_at__isnull=True
                ).values_list("pk", flat=True)
            )
        ),
    )
    return created


def release_notice(*, release, kind: str, actor) -> list[Notification]:
    """A release was requested, granted, refused or withdrawn: tell whom it concerns."""
    item = release.item
    if item is None:
        return []
    return notice_send(
        kind=kind,
        target=item,
        partnership=release.partnership,
        recipients=access.release_notice_recipients(release, kind, item),
        actor=actor,
        note=release.decision_note if kind != "release_requested" else release.purpose,
    )


def lesson_published_notice(*, publication, actor) -> list[Notification]:
    """The editors published a lesson: tell its owner party's leads and the proposer."""
    lesson = publication.lesson
    return notice_send(
        kind=Notification.Kind.LESSON_PUBLISHED,
        target=lesson,
        partnership=lesson.partnership,
        recipients=access.lesson_published_recipients(publication),
        actor=actor,
    )


def on_item_unavailable(sender, *, item, bookings, actor=None, **kwargs) -> None:
    """An item went into maintenance with bookings ahead: tell each booking's party."""
    status = item.get_status_display().lower()
    for booking in bookings:
        notice_send(
            kind=Notification.Kind.BOOKING_MAINTENANCE,
            target=booking,
            partnership=item.partnership,
            recipients=access.booking_notice_recipients(booking),
            actor=actor,
            note=status,
        )


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


def _phase_notice(kind: str, obj) -> tuple[str, str]:
    """Subject and link of a phase notice; the link leads to a page the recipient may see."""
    from django.urls import reverse

    if kind == "decision":
        phase, slug = obj.phase, obj.phase.partnership.slug
        subject = _("Go/no-go na %(phase)s: %(outcome)s") % {
            "phase": phase.name,
            "outcome": obj.get_outcome_display().lower(),
        }
        return subject, reverse("sharing:decision-detail", kwargs={"slug": slug, "pk": obj.pk})
    if kind == "amendment":
        phase = obj.target.phase
        subject = _("Tussentijds doel gewijzigd in %(phase)s: %(target)s") % {
            "phase": phase.name,
            "target": obj.target,
        }
        return subject, reverse(
            "sharing:phase-detail", kwargs={"slug": phase.partnership.slug, "pk": phase.pk}
        )
    if kind == "instalment":
        subject = _("Termijn “%(label)s”: %(status)s") % {
            "label": obj.label,
            "status": obj.get_status_display().lower(),
        }
        return subject, reverse(
            "sharing:instalment-detail",
            kwargs={"slug": obj.phase.partnership.slug, "pk": obj.pk},
        )
    raise ValueError(kind)


def notifications_for_phase_event(*, partnership, kind: str, obj, parties) -> list[Notification]:
    """Tell the members of the parties a phase event concerns, and nobody else.

    Connected to `projects.signals.phase_event` (projects never imports
    sharing). Runs inside the writing transaction; e-mail and the live unread
    count follow after commit, to the same explicit list of recipients.
    """
    recipients = access.phase_event_recipients(partnership, parties)
    if not recipients:
        return []
    subject, link = _phase_notice(kind, obj)
    created = Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                partnership=partnership,
                kind=Notification.Kind.PHASE,
                subject=subject[:255],
                link=link,
            )
            for user in recipients
        ]
    )
    user_ids = [u.pk for u in recipients]
    ids = [n.pk for n in created if n.pk]

    def after_commit():
        from ..tasks import send_notification_emails

        note_ids = ids or list(
            Notification.objects.filter(
                user_id__in=user_ids, partnership=partnership, link=link, emailed_at__isnull=True
            ).values_list("pk", flat=True)
        )
        send_notification_emails.enqueue(note_ids)
        counts = unread_counts(user_ids)
        events.send_now(
            partnership.pk,
            {uid: {"type": "notifications", "unread": counts.get(uid, 0)} for uid in user_ids},
        )

    transaction.on_commit(after_commit)
    return created


def on_phase_event(sender, partnership, kind, obj, parties, **kwargs):
    notifications_for_phase_event(partnership=partnership, kind=kind, obj=obj, parties=parties)
