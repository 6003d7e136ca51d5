"""Background work of the sharing app (django-tasks)."""

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import Truncator

from portal.public_url import public_base_url

from . import access, selectors


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification once, if its reader may still see the thread.

    Phase notices have no thread: their recipients were chosen by the access
    package when the event happened, and the link leads through it again.
    """
    from .models import Notification

    notes = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("user", "thread__partnership", "message__author", "partnership", "actor")
        .prefetch_related("target")
    )
    mails, sent = [], []
    base = public_base_url()
    for note in notes:
        if note.kind == Notification.Kind.PHASE:
            if not note.user.email:
                continue
            context = {"note": note, "url": f"{base}{note.link}"}
            with translation.override(settings.LANGUAGE_CODE):
                body = render_to_string("sharing/email/phase_notification.txt", context)
            mails.append((note.subject, body, None, [note.user.email]))
            sent.append(note.pk)
            continue
        if note.message_id is None:
            mail = _notice_mail(note, base)
            if mail:
                mails.append(mail)
                sent.append(note.pk)
            continue
        if not note.user.email or not access.may(note.user, "view", note.thread):
            continue
        # The message as this reader may see it: links to items hidden from
        # them are plain text, without a title.
        excerpt = selectors.message_text_for(user=note.user, message=note.message)
        context = {
            "note": note,
            "url": f"{base}{note.thread.get_absolute_url()}#bericht-{note.message.sequence}",
            "author": note.message.author.get_full_name() or note.message.author.username,
            "excerpt": Truncator(excerpt).chars(600),
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("sharing/email/notification_subject.txt", context).strip()
            body = render_to_string("sharing/email/notification.txt", context)
        mails.append((subject, body, None, [note.user.email]))
        sent.append(note.pk)
    if mails:
        send_mass_mail(mails, fail_silently=False)
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(sent)


def _notice_mail(note, base: str):
    """The mail of a non-thread notice, if its reader may still see the item."""
    target = note.target
    if not note.user.email or target is None or not access.may_receive_notice(note.user, target):
        return None
    context = {
        "note": note,
        "title": str(target),
        "actor": (note.actor.get_full_name() or note.actor.username) if note.actor else "",
        "workspace": note.partnership.title,
        "url": f"{base}{note.url}",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("sharing/email/notice_subject.txt", context).strip()
        body = render_to_string("sharing/email/notice.txt", context)
    return (subject, body, None, [note.user.email])


@task()
def send_publication_consent_requests(publication_id: int) -> int:
    """Ask the people whose consent a lesson's publication still needs, by e-mail.

    Recipients are decided now, by the access rules: the owner party's active
    leads while the owner's consent is missing, and client leads who can read
    the lesson while the client's consent is missing. A proposer who holds a
    consenting role consented by proposing, so is not asked.
    """
    from projects.models import Membership

    from .models import LessonPublication

    publication = (
        LessonPublication.objects.filter(pk=publication_id, status=LessonPublication.Status.PENDING)
        .select_related("lesson__partnership", "lesson__owner_party__organisation", "proposed_by")
        .first()
    )
    if publication is None:
        return 0
    lesson = publication.lesson
    # Every lead of the partnership is a candidate; the access module decides
    # whose consent is still missing and may be given by them.
    leads = Membership.objects.filter(
        partnership=lesson.partnership, role=Membership.Role.LEAD, user__is_active=True
    ).select_related("user", "party")
    recipients = {
        m.user_id: m.user
        for m in leads
        if access.consents_user_may_give(m.user, access.Seat(m), publication)
    }
    base = public_base_url()
    context = {
        "lesson": lesson,
        "publication": publication,
        "proposer": publication.proposed_by.get_full_name() or publication.proposed_by.username,
        "url": f"{base}{lesson.get_absolute_url()}",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("sharing/email/publication_subject.txt", context).strip()
        body = render_to_string("sharing/email/publication.txt", context)
    mails = [(subject, body, None, [u.email]) for u in recipients.values() if u.email]
    if mails:
        send_mass_mail(mails, fail_silently=False)
    return len(mails)


@task()
def extract_document_text(version_id: int) -> int:
    """Read the words inside an uploaded version, then index its document with them."""
    from .models import DocumentVersion
    from .search.extract import extract_text
    from .search.index import index_document

    version = DocumentVersion.objects.filter(pk=version_id).select_related("document").first()
    if version is None:
        return 0
    with version.file.open("rb") as handle:
        data = handle.read()
    text = extract_text(version.original_name, data)
    DocumentVersion.objects.filter(pk=version_id).update(text=text)
    document = version.document
    if document.current_version_id == version_id:
        index_document(document)
    return len(text)


@task()
def build_export(export_id: int) -> int:
    """Build an export's zip, then e-mail its requester a one-time, expiring link."""
    from django.urls import reverse

    from .models import DataExport
    from .services import exports

    export = (
        DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING)
        .select_related("partnership", "party__organisation", "requested_by")
        .first()
    )
    if export is None:
        return 0
    export = exports.export_build(export=export)
    user = export.requested_by
    if user.email:
        token = exports.export_link_issue(export=export)
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        slug = export.partnership.slug
        path = reverse(
            "sharing:export-download",
            kwargs={"slug": slug, "pk": export.pk, "token": token},
        )
        context = {
            "export": export,
            "url": f"{base}{path}",
            "hours": exports.link_hours(),
            "page_url": base + reverse("sharing:exports", kwargs={"slug": slug}),
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("sharing/email/export_subject.txt", context).strip()
            body = render_to_string("sharing/email/export.txt", context)
        send_mass_mail([(subject, body, None, [user.email])], fail_silently=False)
    return export.file_count
