"""Background work of the public site (django-tasks): e-mails about visit registrations."""

from email.mime.text import MIMEText

from django_tasks import task

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .ical import visit_calendar
from .public_url import public_url

# kind -> the status the registration must still have for the mail to make sense
_KINDS = {
    "confirmed": "confirmed",
    "waiting": "waiting",
    "promoted": "confirmed",
    "cancelled": "cancelled",
}


def _absolute(path: str) -> str:
    return public_url(path)


@task()
def send_visit_registration_mail(registration_id: int, kind: str) -> bool:
    """E-mail a visitor about their registration: place, waiting list, moved up, cancelled.

    A mail whose news is out of date by the time it runs (say, the place was
    cancelled in between) is not sent. Confirmations carry an .ics appointment.
    """
    from .models import VisitRegistration
    from .services.visits import waiting_rank

    registration = (
        VisitRegistration.objects.select_related("visit").filter(pk=registration_id).first()
    )
    if registration is None or registration.status != _KINDS[kind]:
        return False
    visit = registration.visit
    parts = visit.get_url_parts()
    visit_url = _absolute(parts[2] if parts else "/")
    cancel_url = _absolute(reverse("visit-cancel", args=[registration.cancel_token]))
    context = {
        "kind": kind,
        "registration": registration,
        "visit": visit,
        "visit_url": visit_url,
        "cancel_url": cancel_url,
        "rank": waiting_rank(registration),
    }
    # Visitors have no account and no language preference: the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("portal/email/visit_subject.txt", context).strip()
        context["subject"] = subject
        body = render_to_string("portal/email/visit.txt", context)
        html = render_to_string("portal/email/visit.html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[registration.email])
    message.attach_alternative(html, "text/html")
    if kind in ("confirmed", "promoted"):
        ics = visit_calendar(registration=registration, visit_url=visit_url)
        # Built by hand: Django's attach() cannot add the METHOD parameter that
        # calendar programs look for. Base64 keeps the CRLF line endings intact.
        part = MIMEText(ics.decode(), "calendar", "utf-8")
        part.set_param("method", "PUBLISH")
        part.add_header("Content-Disposition", "attachment", filename="kijkje-in-de-keuken.ics")
        message.attach(part)
    message.send(fail_silently=False)
    return True
