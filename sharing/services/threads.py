"""Writes for discussion threads: create, post, edit, delete, read markers."""

import copy
import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from projects.models import PartnershipPage, Party

from .. import access, events, markdown
from ..models import Document, Message, MessageRevision, Scope, Thread, ThreadReadState
from ..references import refs_in_html, refs_in_text, strip_refs_from_text
from .documents import require_creator
from .guard import GuardOutcome, reference_guard
from .notifications import notifications_for_message, unread_counts

MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9][\w.-]*[\w])")


def _limits() -> tuple[int, int]:
    return (
        getattr(settings, "MESSAGE_MAX_LENGTH", 10_000),
        getattr(settings, "MESSAGE_RATE_PER_MINUTE", 30),
    )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    max_length, _rate = _limits()
    if not body:
        raise ValidationError({"body": _("Het bericht is leeg.")})
    if len(body) > max_length:
        raise ValidationError(
            {
                "body": _("Het bericht is %(n)s tekens lang; de grens is %(max)s.")
                % {"n": len(body), "max": max_length}
            }
        )
    return body


def _check_rate(actor) -> None:
    _max_length, rate = _limits()
    since = timezone.now() - timedelta(minutes=1)
    if Message.objects.filter(author=actor, created_at__gte=since).count() >= rate:
        raise ValidationError(
            {
                "body": _(
                    "U hebt de afgelopen minuut al %(n)s berichten geplaatst. "
                    "Wacht even en probeer het opnieuw."
                )
                % {"n": rate}
            }
        )


def _mentioned_users(thread: Thread, body: str):
    """The members mentioned with @username; each must be able to see the thread."""
    # Mentions inside code are not mentions.
    text = re.sub(r"`[^`]*`", "", body)
    names = {m.lower() for m in MENTION_RE.findall(text)}
    if not names:
        return []
    # Partnerships have tens of members: match usernames case-insensitively here.
    members = get_user_model().objects.filter(memberships__partnership_id=thread.partnership_id)
    users = {u.username.lower(): u for u in members if u.username.lower() in names}
    unknown = sorted(n for n in names if n not in users)
    if unknown:
        raise ValidationError(
            {"body": _("@%(name)s is geen deelnemer van deze werkruimte.") % {"name": unknown[0]}}
        )
    allowed = set(access.users_with("view", thread).values_list("pk", flat=True))
    blocked = sorted(n for n, u in users.items() if n in names and u.pk not in allowed)
    if blocked:
        raise ValidationError(
            {
                "body": _(
                    "@%(name)s kan deze draad niet zien en krijgt uw vermelding dus niet. "
                    "Haal de vermelding weg of vraag om een bredere reikwijdte."
                )
                % {"name": blocked[0]}
            }
        )
    return [users[n] for n in sorted(names)]


def render_message(message: Message, *, thread: Thread) -> str:
    """The `<li>` of one message, from the row `selectors.message_rows` prepared."""
    return render_to_string(
        "sharing/_message.html",
        {"m": message, "thread": thread, "partnership": thread.partnership},
    )


def message_payload(message: Message, html) -> dict:
    """A message in a live frame: its numbers and the HTML the viewer's page shows.

    `html` is the rendered `<li>`, or a {language: `<li>`} mapping that the
    consumer narrows to its socket's language.
    """
    return {
        "id": message.pk,
        "thread": message.thread_id,
        "seq": message.sequence,
        "author": {"id": message.author_id},
        "edited": message.edited_at is not None,
        "deleted": message.is_deleted,
        "html": html,
    }


def _broadcast(thread: Thread, kind: str, message: Message) -> None:
    """After commit: tell everyone who may see the thread, each with their own view.

    The message is rendered per recipient from `_message.html` with that
    recipient's flags (`selectors.message_rows`); recipients with the same
    flags share one rendering, in each of the site's languages. A new
    message's frame also carries the recipient's bell count, so each
    recipient gets one group send per message. A fixed number of queries,
    whatever the number of recipients.
    """
    thread_id, partnership_id, message_id = thread.pk, thread.partnership_id, message.pk

    def build():
        from .. import selectors

        current = Thread.objects.select_related("partnership").get(pk=thread_id)
        fresh = Message.objects.select_related("author").get(pk=message_id)
        read = dict(
            ThreadReadState.objects.filter(thread_id=thread_id).values_list(
                "user_id", "last_read_sequence"
            )
        )
        audience = access.thread_audience(current)
        bells = (
            unread_counts([user.pk for user, _seat, _checker in audience])
            if kind == "message.created"
            else None
        )
        # Links to workspace items are shown per recipient: with the title to
        # those who may see the item, as plain text to everyone else.
        refs = [] if fresh.is_deleted else refs_in_html(fresh.body_html)
        viewers_by_ref = access.ref_viewers(refs) if refs else {}
        rendered: dict[tuple, dict[str, str]] = {}
        result = {}
        for user, seat, checker in audience:
            last_read = read.get(user.pk, 0)
            visible = {
                key: item for key, (item, viewers) in viewers_by_ref.items() if user.pk in viewers
            }
            [row] = selectors.message_rows(
                user=user,
                seat=seat,
                thread=current,
                messages=[copy.copy(fresh)],
                checker=checker,
                last_read=last_read,
                visible_refs=visible,
            )
            key = (row.may_edit, row.may_delete, row.is_new, row.display_html)
            if key not in rendered:
                rendered[key] = {}
                for language, _name in settings.LANGUAGES:
                    with translation.override(language):
                        rendered[key][language] = render_message(row, thread=current)
            result[user.pk] = {
                "type": kind,
                "thread": thread_id,
                "seq": fresh.sequence,
                "last_seq": current.last_sequence,
                "unread": max(current.last_sequence - last_read, 0),
                "message": message_payload(row, rendered[key]),
            }
            if bells is not None:
                result[user.pk]["notifications"] = bells.get(user.pk, 0)
        return result

    events.send_after_commit(partnership_id, build)


@transaction.atomic
def thread_create(
    *,
    partnership: PartnershipPage,
    actor,
    owner_party: Party,
    title: str,
    scope: str,
    body: str,
    tags=(),
    document: Document | None = None,
    section=None,
    lesson=None,
    reference_choice: str | None = None,
) -> Thread:
    """Start a thread with its first message.

    Raises `ReferenceHeld` (a ValidationError) when the thread would show a
    reference to parties who may not see it, until `reference_choice` says
    how to go on (see `services.guard`).
    """
    require_creator(partnership, actor, owner_party)
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Geef de draad een onderwerp.")
    if scope not in Scope.values:
        errors["scope"] = _("Kies een geldige reikwijdte.")
    if document is not None and (
        document.partnership_id != partnership.pk or not access.may(actor, "view", document)
    ):
        errors["document"] = _("Kies een document uit deze werkruimte.")
    if section is not None and section.partnership_id != partnership.pk:
        errors["section"] = _("Kies een deeltraject uit deze werkruimte.")
    if lesson is not None and (
        lesson.partnership_id != partnership.pk or not access.may(actor, "view", lesson)
    ):
        errors["lesson"] = _("Kies een les uit deze werkruimte.")
    try:
        body = _clean_body(body)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    outcome = reference_guard(
        actor=actor,
        partnership=partnership,
        owner_party=owner_party,
        scope=scope,
        targets=[document, lesson, *_linked_items(partnership, body)],
        choice=reference_choice,
        about=title,
    )
    scope = outcome.scope
    body = strip_refs_from_text(body, outcome.drop) if outcome.drop else body
    document = document if outcome.keeps(document) else None
    lesson = lesson if outcome.keeps(lesson) else None
    thread = Thread.objects.create(
        partnership=partnership,
        owner_party=owner_party,
        scope=scope,
        title=title[:200],
        document=document,
        section=section,
        lesson=lesson,
        created_by=actor,
    )
    tags = [t.strip()[:100] for t in tags if t and t.strip()]
    if tags:
        thread.tags.set(tags)
    access.sync_item(thread)
    outcome.log(thread, actor)
    # The first message was checked with the thread; it needs no second hold.
    message_post(thread=thread, actor=actor, body=body, _guarded=True)
    thread_set_following(thread=thread, user=actor, following=True)
    return thread


def _linked_items(partnership, text: str) -> list:
    """The items of this workspace that a text links to (for the guard)."""
    items = []
    for ref in refs_in_text(text):
        item = ref.model.objects.filter(pk=ref.pk, partnership=partnership).first()
        if item is not None:
            items.append(item)
    return items


def _guard_message(thread: Thread, actor, body: str, choice: str | None):
    """Hold a message whose links point wider than their targets may be read."""
    outcome = reference_guard(
        actor=actor,
        partnership=thread.partnership,
        owner_party=thread.owner_party,
        scope=thread.scope,
        targets=_linked_items(thread.partnership, body),
        choice=choice,
        may_narrow=False,
        item=thread,
        about=thread.title,
    )
    if outcome.drop:
        body = strip_refs_from_text(body, outcome.drop)
    return body, outcome


@transaction.atomic
def message_post(
    *,
    thread: Thread,
    actor,
    body: str,
    reference_choice: str | None = None,
    _guarded: bool = False,
) -> Message:
    """Save a message with the thread's next number; broadcast after commit.

    Raises `ReferenceHeld` when the message links to an item some of the
    thread's readers may not see, until `reference_choice` says how to go on.
    """
    # Lock the thread row: numbers are handed out one at a time.
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not access.may(actor, "contribute", thread):
        raise PermissionDenied
    if thread.closed_at is not None:
        raise ValidationError({"body": _("Deze draad is gesloten: er kunnen geen berichten bij.")})
    body = _clean_body(body)
    if _guarded:
        outcome = GuardOutcome()
    else:
        body, outcome = _guard_message(thread, actor, body, reference_choice)
    _check_rate(actor)
    mentioned = _mentioned_users(thread, body)
    now = timezone.now()
    message = Message.objects.create(
        thread=thread,
        sequence=thread.last_sequence + 1,
        author=actor,
        body=body,
        body_html=markdown.render(body),
    )
    thread.last_sequence = message.sequence
    thread.last_message_at = now
    thread.save(update_fields=["last_sequence", "last_message_at", "updated_at"])
    # The author has read what they wrote, and follows a thread they take part in.
    ThreadReadState.objects.update_or_create(
        user=actor,
        thread=thread,
        defaults={"last_read_sequence": message.sequence},
        create_defaults={"last_read_sequence": message.sequence, "following": True},
    )
    # Replying or being mentioned follows the thread, unless it was muted.
    ThreadReadState.objects.filter(thread=thread, user=actor, muted=False).update(following=True)
    for user in mentioned:
        if user.pk == actor.pk:
            continue
        state, created = ThreadReadState.objects.get_or_create(
            thread=thread, user=user, defaults={"following": True}
        )
        if not created and not state.muted and not state.following:
            ThreadReadState.objects.filter(pk=state.pk).update(following=True)
    outcome.log(thread, actor)
    _broadcast(thread, "message.created", message)
    # The message.created frame carries each recipient's bell count.
    notifications_for_message(message=message, mentioned=mentioned, live_event=False)
    return message


@transaction.atomic
def message_edit(
    *, message: Message, actor, body: str, reference_choice: str | None = None
) -> Message:
    """Change one's own message, keeping the old text as a revision.

    Raises PermissionDenied unless `access.may_edit_message` allows it.
    """
    message = (
        Message.objects.select_for_update().select_related("thread__partnership").get(pk=message.pk)
    )
    seat = access.seat_for(actor, message.thread.partnership)
    if not access.may_edit_message(actor, seat, message):
        raise PermissionDenied
    body = _clean_body(body)
    _mentioned_users(message.thread, body)
    if body == message.body:
        return message
    body, outcome = _guard_message(message.thread, actor, body, reference_choice)
    outcome.log(message.thread, actor)
    MessageRevision.objects.create(message=message, body=message.body, edited_by=actor)
    message.body = body
    message.body_html = markdown.render(body)
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "body_html", "edited_at"])
    _broadcast(message.thread, "message.edited", message)
    return message


@transaction.atomic
def message_delete(*, message: Message, actor) -> Message:
    """Soft delete; the text is kept for the record.

    Raises PermissionDenied unless `access.may_delete_message` allows it
    (the author while they may post, or a moderator), also for a message
    that is already deleted.
    """
    message = (
        Message.objects.select_for_update().select_related("thread__partnership").get(pk=message.pk)
    )
    thread = message.thread
    seat = access.seat_for(actor, thread.partnership)
    if not access.may_delete_message(actor, seat, message):
        raise PermissionDenied
    message.deleted_at = timezone.now()
    message.deleted_by = actor
    message.save(update_fields=["deleted_at", "deleted_by"])
    _broadcast(thread, "message.deleted", message)
    return message


def thread_mark_read(*, thread: Thread, user, sequence: int | None = None) -> int:
    """Move the user's read marker forward (never back); returns the marker."""
    sequence = thread.last_sequence if sequence is None else min(sequence, thread.last_sequence)
    state, _created = ThreadReadState.objects.get_or_create(user=user, thread=thread)
    if sequence > state.last_read_sequence:
        ThreadReadState.objects.filter(pk=state.pk).update(last_read_sequence=sequence)
        state.last_read_sequence = sequence
    return state.last_read_sequence


def thread_set_following(*, thread: Thread, user, following=None, muted=None) -> ThreadReadState:
    state, _created = ThreadReadState.objects.get_or_create(user=user, thread=thread)
    fields = []
    if following is not None:
        state.following = following
        fields.append("following")
    if muted is not None:
        state.muted = muted
        fields.append("muted")
    if fields:
        state.save(update_fields=fields)
    return state


THREAD_MODERATION = {
    "sluiten": "partnerwerk.thread.close",
    "heropenen": "partnerwerk.thread.reopen",
    "vastzetten": "partnerwerk.thread.pin",
    "losmaken": "partnerwerk.thread.unpin",
}


@transaction.atomic
def thread_moderate(*, thread: Thread, actor, action: str) -> Thread:
    """Close, reopen, pin or unpin a thread; logged. Raises PermissionDenied
    unless the actor sees the thread and may moderate (`access.may_moderate_thread`)."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    seat = access.seat_for(actor, thread.partnership)
    if (
        seat is None
        or not access.may_moderate_thread(seat)
        or not access.may(actor, "view", thread)
        or action not in THREAD_MODERATION
    ):
        raise PermissionDenied
    if action == "sluiten":
        thread.closed_at, thread.closed_by = timezone.now(), actor
    elif action == "heropenen":
        thread.closed_at, thread.closed_by = None, None
    else:
        thread.pinned = action == "vastzetten"
    thread.save(update_fields=["closed_at", "closed_by", "pinned", "updated_at"])
    log(thread, THREAD_MODERATION[action], user=actor, partnership=thread.partnership)
    return thread
