"""Consent (vrijgave): the owner party's permission to widen one item's visibility."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import PartnershipPage, Party


class ReleaseRequest(models.Model):
    """A request to release one specific item to all partners or to chosen parties.

    Article 31(6) of directive 2014/24/EU wants consent for specific
    information: each request names one item, its recipients and its purpose.
    There is deliberately no standing "always share" consent.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("In afwachting")
        GRANTED = "granted", _("Verleend")
        REFUSED = "refused", _("Geweigerd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    class Audience(models.TextChoices):
        ALL = "all", _("Alle partners")
        CHOSEN = "chosen", _("Gekozen partijen")

    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="release_requests"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    audience = models.CharField(
        _("ontvangers"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    recipients = models.ManyToManyField(
        Party, blank=True, related_name="releases_received", verbose_name=_("gekozen partijen")
    )
    purpose = models.TextField(_("doel"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("toelichting bij besluit"), blank=True)

    class Meta:
        verbose_name = _("vrijgaveverzoek")
        verbose_name_plural = _("vrijgaveverzoeken")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self):
        return f"{self.get_status_display()}: {self.content_type.model} {self.object_id}"
