"""Background work of the sharing app (django-tasks)."""

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import access


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification once, if its reader may still see the thread."""
    from .models import Notification

    notes = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("user", "thread__partnership", "message__author")
    mails, sent = [], []
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for note in notes:
        if not note.user.email or not access.may(note.user, "view", note.thread):
            continue
        context = {
            "note": note,
            "url": f"{base}{note.thread.get_absolute_url()}#bericht-{note.message.sequence}",
            "author": note.message.author.get_full_name() or note.message.author.username,
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
