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
