"""The common shape of every workspace item whose visibility has a scope."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import PartnershipPage, Party


class Scope(models.TextChoices):
    SHARED = "shared", _("Gedeeld met alle partners")
    CONFIDENTIAL = "confidential", _("Vertrouwelijk: opdrachtgever en eigenaar")
    INTERNAL = "internal", _("Intern: alleen de eigen partij")

    @classmethod
    def breadth(cls, scope: str) -> int:
        """Wider scopes have a larger number; widening needs consent."""
        return {cls.INTERNAL: 0, cls.CONFIDENTIAL: 1, cls.SHARED: 2}[scope]

    @classmethod
    def short_label(cls, scope: str) -> str:
        return {
            cls.SHARED: _("Gedeeld"),
            cls.CONFIDENTIAL: _("Vertrouwelijk"),
            cls.INTERNAL: _("Intern"),
        }[scope]


# Object permissions every scoped item type declares; `sharing.access` grants them.
SCOPED_PERMISSIONS = (
    ("contribute", _("Bijdragen: berichten plaatsen")),
    ("change_scope", _("Reikwijdte wijzigen")),
    ("request_release", _("Vrijgave aanvragen")),
    ("grant_release", _("Vrijgave verlenen of weigeren")),
)


def scoped_permissions(model_name: str) -> list[tuple[str, str]]:
    return [(f"{code}_{model_name}", label) for code, label in SCOPED_PERMISSIONS]


class ScopedItem(models.Model):
    """An item owned by one party and visible according to its scope.

    Never decide visibility from these fields directly: ask `sharing.access`,
    which turns them into object permissions.
    """

    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("partnerschap")
    )
    owner_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("eigenaar")
    )
    scope = models.CharField(
        _("reikwijdte"), max_length=20, choices=Scope.choices, default=Scope.CONFIDENTIAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        abstract = True

    def get_scope_short(self):
        return Scope.short_label(self.scope)
