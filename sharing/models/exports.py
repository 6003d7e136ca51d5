"""Exports of one's own data: a zip built in the background, fetched by a one-time link."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import PartnershipPage, Party
from projects.storage import private_storage


class DataExport(models.Model):
    """One requested export: of a party's own items, or of the partnership's full record."""

    class Scope(models.TextChoices):
        PARTY = "party", _("Alles van de eigen partij")
        PARTNERSHIP = "partnership", _("Het volledige dossier van het partnerschap")

    class Status(models.TextChoices):
        PENDING = "pending", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    partnership = models.ForeignKey(PartnershipPage, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=12, choices=Scope.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(storage=private_storage, upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    file_count = models.PositiveIntegerField(default=0)
    # The download link carries a random token; only its SHA-256 is kept.
    token_hash = models.CharField(max_length=64, blank=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Export {self.pk} ({self.get_scope_display()})"
