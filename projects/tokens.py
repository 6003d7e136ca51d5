"""Signed, single-use links for invitations.

Like Django's password-reset token, the hash covers the password and the last
login, so the link stops working once it has been used to set a password.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "partnerwerk.projects.InvitationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        max_age = settings.INVITATION_VALID_DAYS * 24 * 60 * 60
        return (self._num_seconds(self._now()) - ts) <= max_age


invitation_token_generator = InvitationTokenGenerator()
