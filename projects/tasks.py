"""Background work of the projects app (django-tasks)."""

from django_tasks import task

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.public_url import public_url

from .models import PartnershipPage
from .tokens import invitation_token_generator


@task()
def send_invitation(user_id: int, partnership_id: int, inviter: str) -> None:
    user = get_user_model().objects.get(pk=user_id)
    partnership = PartnershipPage.objects.get(pk=partnership_id)
    path = reverse(
        "invitation-accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "partnership": partnership,
        "inviter": inviter,
        "url": public_url(path),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    # The invitee has no language preference yet: write in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("projects/email/invitation_subject.txt", context).strip()
        body = render_to_string("projects/email/invitation.txt", context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])


@task()
def send_nota_emails(nota_id: int) -> None:
    """One identical message to every candidate: the answers, never who asked."""
    from django.core.mail import get_connection
    from django.core.mail.message import EmailMessage

    from .models import ConsultationNota

    nota = ConsultationNota.objects.select_related("consultation__partnership").get(pk=nota_id)
    answers = nota.answers.select_related("corrects").order_by("number")
    path = reverse("consultation-candidate", kwargs={"slug": nota.consultation.partnership.slug})
    context = {
        "nota": nota,
        "partnership": nota.consultation.partnership,
        "answers": answers,
        "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("projects/email/nota_subject.txt", context).strip()
        body = render_to_string("projects/email/nota.txt", context)
    addresses = sorted({n.user.email for n in nota.notices.select_related("user") if n.user.email})
    # One message per address: nobody sees who else is a candidate.
    messages = [EmailMessage(subject, body, None, [address]) for address in addresses]
    get_connection().send_messages(messages)
