"""Reads that depend on who asks. Each narrows by the access module first."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, Greatest

from projects.models import Membership, PartnershipLogEntry, PartnershipPage, Party

from . import access
from .models import (
    Document,
    Lesson,
    LessonPublication,
    Message,
    Notification,
    ReleaseRequest,
    SearchEntry,
    Thread,
    ThreadReadState,
)
from .references import refs_in_html, render_html_for, render_text_for


def document_list(*, user, partnership: PartnershipPage):
    """Documents the user may see in a partnership, ready for a list."""
    qs = Document.objects.filter(partnership=partnership).select_related(
        "owner_party__organisation", "current_version", "created_by", "partnership"
    )
    return access.visible(user, qs)


def document_get_for_user(*, user, partnership: PartnershipPage, pk, action="view") -> Document:
    qs = Document.objects.filter(partnership=partnership).select_related(
        "owner_party__organisation", "current_version", "partnership"
    )
    return access.item_for_user(user, qs, action, pk=pk)


def party_list(*, partnership: PartnershipPage):
    members = Membership.objects.select_related("user").order_by(
        "-role", "user__first_name", "user__username"
    )
    return (
        Party.objects.filter(partnership=partnership)
        .select_related("organisation")
        .prefetch_related(Prefetch("memberships", queryset=members))
        .in_role_order("status", "organisation__name")
    )


def release_requests_for(*, user, partnership: PartnershipPage):
    """Requests about items the user may see, with their items attached."""
    requests = list(
        ReleaseRequest.objects.filter(partnership=partnership)
        .select_related("requested_by", "decided_by", "content_type")
        .prefetch_related("recipients__organisation")
    )
    by_model: dict[int, set[int]] = {}
    for request in requests:
        by_model.setdefault(request.content_type_id, set()).add(request.object_id)
    items = {}
    for ct_id, ids in by_model.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        qs = model.objects.filter(pk__in=ids).select_related("owner_party__organisation")
        for item in access.visible(user, qs):
            items[(ct_id, item.pk)] = item
    result = []
    for request in requests:
        item = items.get((request.content_type_id, request.object_id))
        if item is not None:
            request.visible_item = item
            result.append(request)
    return result


def audit_entries(*, user, partnership: PartnershipPage):
    """Audit log entries of a workspace, without entries about items hidden from the user.

    Hidden is hidden, also in the audit log: an entry about another party's
    internal document is not shown, nor counted.
    """
    qs = PartnershipLogEntry.objects.filter(partnership=partnership).select_related(
        "user", "content_type"
    )
    # An entry can also name a second item it refers to (the reference guard
    # records `ref_ct` and `ref_id`): hidden when either one is hidden.
    # Coalesced: a NULL here would make SQL's NOT(...) drop every ordinary entry.
    qs = qs.annotate(
        ref_ct=Coalesce(KeyTextTransform("ref_ct", "data"), Value(""), output_field=TextField()),
        ref_id=Coalesce(KeyTextTransform("ref_id", "data"), Value(""), output_field=TextField()),
    )
    hidden = Q()
    for model in access.registered_models():
        ct = ContentType.objects.get_for_model(model)
        visible_ids = access.visible(user, model.objects.filter(partnership=partnership))
        visible_ids = visible_ids.values("pk")
        visible_str = visible_ids.annotate(pk_str=Cast("pk", CharField())).values("pk_str")
        hidden |= Q(content_type=ct) & ~Q(object_id__in=visible_str)
        hidden |= Q(ref_ct=str(ct.pk)) & ~Q(ref_id__in=visible_str)
    return qs.exclude(hidden) if hidden else qs


def dashboard(*, user, partnership: PartnershipPage, seat: access.Seat) -> dict:
    recent_documents = list(document_list(user=user, partnership=partnership)[:8])
    parties = list(
        Party.objects.filter(partnership=partnership)
        .select_related("organisation")
        .annotate(member_count=Count("memberships"))
        .order_by("status", "role", "organisation__name")
    )
    pending = [
        r
        for r in release_requests_for(user=user, partnership=partnership)
        if r.status == ReleaseRequest.Status.PENDING
    ]
    checker = access.ItemChecker(user)
    checker.prefetch([r.visible_item for r in pending])
    to_decide = [
        r
        for r in pending
        if access.may_decide_release(user, r, item=r.visible_item, checker=checker)
    ]
    unread_threads = list(thread_list(user=user, partnership=partnership).filter(unread__gt=0)[:6])
    return {
        "unread_threads": unread_threads,
        "recent_documents": recent_documents,
        "parties": parties,
        "pending_requests": pending,
        "requests_to_decide": to_decide,
        "lessons_to_consent": publications_awaiting(user=user, partnership=partnership, seat=seat),
        "document_count": document_list(user=user, partnership=partnership).count(),
    }


def thread_list(*, user, partnership: PartnershipPage):
    """Threads the user may see, with the user's unread count, ready for a list."""

    read = ThreadReadState.objects.filter(thread=OuterRef("pk"), user=user)
    qs = (
        Thread.objects.filter(partnership=partnership)
        .select_related("owner_party__organisation", "partnership")
        .prefetch_related("tags")
        .annotate(
            read_sequence=Coalesce(Subquery(read.values("last_read_sequence")[:1]), Value(0)),
            muted=Coalesce(Subquery(read.values("muted")[:1]), Value(False)),
        )
        .annotate(unread=Greatest(F("last_sequence") - F("read_sequence"), Value(0)))
    )
    return access.visible(user, qs)


def thread_get_for_user(*, user, partnership: PartnershipPage, pk, action="view"):

    qs = Thread.objects.filter(partnership=partnership).select_related(
        "owner_party__organisation", "partnership", "document", "section", "lesson"
    )
    return access.item_for_user(user, qs, action, pk=pk)


def thread_messages(*, thread, before: int | None = None, limit: int = 50):
    """A page of messages, newest last, ending before `before` (or at the newest)."""

    qs = Message.objects.filter(thread=thread).select_related("author")
    if before is not None:
        qs = qs.filter(sequence__lt=before)
    page = list(qs.order_by("-sequence")[: limit + 1])
    has_older = len(page) > limit
    page = page[:limit]
    page.reverse()
    return page, has_older


def message_rows(
    *, user, seat, thread, messages, checker=None, last_read=None, visible_refs=None
) -> list:
    """The messages as `user` sees them: the one place for a viewer's message context.

    Sets on each message `may_edit`, `may_delete` (from the access package),
    `is_new` (after the viewer's read marker, not their own) and
    `display_html` (what `_message.html` shows as the body). The thread page
    and the live frames both call this, so a live message equals a reload.

    Links to workspace items the viewer may see carry the item's title;
    links to anything else become plain text (see `sharing.references`).

    `checker` (an `ItemChecker` that knows the thread), `last_read` (the
    viewer's read marker) and `visible_refs` (the referenced items this viewer
    may see, for a broadcast that learned them for everyone at once) save
    their queries; without them this costs two queries plus one per kind of
    item referenced, whatever the number of messages.
    """
    if checker is None:
        checker = access.ItemChecker(user)
        checker.prefetch([thread])
    if last_read is None:
        last_read = (
            ThreadReadState.objects.filter(thread=thread, user=user)
            .values_list("last_read_sequence", flat=True)
            .first()
        ) or 0
    rows = list(messages)
    if visible_refs is None:
        refs = [ref for m in rows if not m.is_deleted for ref in refs_in_html(m.body_html)]
        visible_refs = access.visible_refs(user, refs) if refs else {}
    for message in rows:
        message.thread = thread  # the rules read it; never a query per message
        message.may_edit = access.may_edit_message(user, seat, message, checker)
        message.may_delete = access.may_delete_message(user, seat, message, checker)
        message.is_new = message.sequence > last_read and message.author_id != user.pk
        message.display_html = (
            "" if message.is_deleted else render_html_for(message.body_html, visible_refs)
        )
    return rows


def message_text_for(*, user, message) -> str:
    """A message as plain text for one reader (e-mail), links shown as that reader may."""
    if message.is_deleted:
        return ""
    refs = refs_in_html(message.body_html)
    return render_text_for(message.body_html, access.visible_refs(user, refs) if refs else {})


def notifications_for(*, user, partnership: PartnershipPage):
    """The user's notifications in a workspace: about threads the user may still see, and
    phase notices (addressed, when made, only to the party they concern)."""

    visible_threads = access.visible(user, Thread.objects.filter(partnership=partnership))
    about_threads = Q(thread__in=visible_threads.values("pk"))
    # Phase notices were addressed, when made, only to the party they concern.
    about_phases = Q(thread__isnull=True, partnership=partnership, kind=Notification.Kind.PHASE)
    # Item notices: only while the reader may still see their item.
    about_items = Q(thread__isnull=True, partnership=partnership) & access.notice_visibility_q(
        user, partnership
    )
    return (
        Notification.objects.filter(about_threads | about_phases | about_items, user=user)
        .select_related("thread__partnership", "message__author", "partnership", "actor")
        .prefetch_related("target")
    )


def lesson_list(*, user, partnership: PartnershipPage):
    """Lessons the user may see, each with its publications (newest first) prefetched."""
    qs = (
        Lesson.objects.filter(partnership=partnership)
        .select_related("owner_party__organisation", "partnership")
        .prefetch_related(
            Prefetch(
                "publications",
                queryset=LessonPublication.objects.select_related("page").order_by(
                    "-proposed_at", "-pk"
                ),
            )
        )
    )
    return access.visible(user, qs)


def lesson_get_for_user(*, user, partnership: PartnershipPage, pk, action="view"):
    qs = Lesson.objects.filter(partnership=partnership).select_related(
        "owner_party__organisation", "partnership", "created_by"
    )
    return access.item_for_user(user, qs, action, pk=pk)


def publications_awaiting(*, user, partnership: PartnershipPage, seat: access.Seat):
    """Open proposals that wait for a consent this user may give."""
    pending = list(
        LessonPublication.objects.filter(
            lesson__partnership=partnership, status=LessonPublication.Status.PENDING
        ).select_related("lesson__owner_party__organisation", "lesson__partnership")
    )
    checker = access.ItemChecker(user)
    checker.prefetch([p.lesson for p in pending])
    result = []
    for publication in pending:
        if access.consents_user_may_give(user, seat, publication, checker):
            result.append(publication)
    return result


def visit_registration_list(*, seat: access.Seat, partnership: PartnershipPage):
    """The partnership's visits, latest first, each with `registration_list` in arrival order.

    Visitors' personal data: nothing unless the seat may see it. Two
    queries, however many visits and registrations.
    """
    from portal.models import VisitPage, VisitRegistration

    if not access.may_view_visit_registrations(seat):
        return VisitPage.objects.none()
    return (
        VisitPage.objects.filter(partnership=partnership)
        .order_by("-starts_at")
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=VisitRegistration.objects.order_by("position"),
                to_attr="registration_list",
            )
        )
    )


def release_pending_for(*, item):
    """The pending release request for an item, if any (there is at most one)."""
    from django.contrib.contenttypes.models import ContentType

    return (
        ReleaseRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            status=ReleaseRequest.Status.PENDING,
        )
        .select_related("requested_by")
        .first()
    )


def search_entries(*, user, partnership: PartnershipPage, seat: access.Seat):
    """Search rows of a workspace the user may find, narrowed in SQL before any match.

    A row of a document, thread, message or lesson is found exactly when the
    access package lets the user view its item; sections and equipment when
    the seat may view the pool.
    """
    kind = SearchEntry.Kind
    in_partnership = {"partnership": partnership}
    documents = access.visible(user, Document.objects.filter(**in_partnership)).values("pk")
    threads = access.visible(user, Thread.objects.filter(**in_partnership)).values("pk")
    lessons = access.visible(user, Lesson.objects.filter(**in_partnership)).values("pk")
    allowed = (
        Q(kind=kind.DOCUMENT, document__in=documents)
        | Q(kind__in=(kind.THREAD, kind.MESSAGE), thread__in=threads)
        | Q(kind=kind.LESSON, lesson__in=lessons)
    )
    if access.may_view_pool(seat):
        allowed |= Q(kind__in=(kind.SECTION, kind.EQUIPMENT))
    # `partnership_id + 0` on purpose: an indexed equality here would make
    # SQLite's planner walk every row of the workspace instead of starting
    # from the text match (PostgreSQL plans either way alike).
    return (
        SearchEntry.objects.alias(in_partnership=F("partnership_id") + 0)
        .filter(in_partnership=partnership.pk)
        .filter(allowed)
    )


def audit_links(*, user, seat: access.Seat, partnership: PartnershipPage, entries) -> dict:
    """Entry id → the URL of its item, only where the reader may see that item.

    Scoped items are checked with the access package (one query per item
    type on the page); sections and equipment with the seat's pool right;
    release requests and members by their list pages. Other entries get no
    link.
    """
    from django.urls import reverse

    slug = partnership.slug
    entries = list(entries)
    scoped = {
        "document": (Document, "sharing:document-detail"),
        "thread": (Thread, "sharing:thread-detail"),
        "lesson": (Lesson, "sharing:lesson-detail"),
    }
    visible_ids: dict[str, set[str]] = {}
    for model_name, (model, _url) in scoped.items():
        ids = {
            e.object_id
            for e in entries
            if e.content_type.model == model_name and e.object_id.isdigit()
        }
        if ids:
            qs = model.objects.filter(partnership=partnership, pk__in=ids)
            visible_ids[model_name] = {
                str(pk) for pk in access.visible(user, qs).values_list("pk", flat=True)
            }
    links = {}
    for entry in entries:
        model_name, pk = entry.content_type.model, entry.object_id
        if model_name in scoped:
            if pk in visible_ids.get(model_name, set()):
                links[entry.pk] = reverse(scoped[model_name][1], kwargs={"slug": slug, "pk": pk})
        elif model_name == "equipmentitem" and access.may_view_pool(seat) and pk.isdigit():
            links[entry.pk] = reverse("sharing:equipment-detail", kwargs={"slug": slug, "pk": pk})
        elif model_name == "section" and access.may_view_pool(seat):
            links[entry.pk] = reverse("sharing:sections", kwargs={"slug": slug})
        elif model_name == "releaserequest" and access.may_view_release_requests(seat):
            links[entry.pk] = reverse("sharing:releases", kwargs={"slug": slug})
        elif model_name in ("party", "membership"):
            links[entry.pk] = reverse("sharing:members", kwargs={"slug": slug})
    return links
