from django.contrib import messages
from django.contrib.auth.views import PasswordResetConfirmView
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .tokens import invitation_token_generator


class InvitationAcceptView(PasswordResetConfirmView):
    """An invited person sets a password through a single-use link, then is signed in."""

    token_generator = invitation_token_generator
    template_name = "registration/invitation_accept.html"
    success_url = reverse_lazy("workspace-home")
    reset_url_token = "uitnodiging"  # noqa: S105  (a URL segment, not a secret)
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Welkom bij Partnerwerk. Uw wachtwoord is ingesteld."))
        return response
