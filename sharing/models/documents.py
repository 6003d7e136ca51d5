"""Documents: the first scoped item type, with kept versions."""

import os

from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Migration 0001 names PrivateStorage where it used to live: keep the name importable.
from projects.storage import PrivateStorage, private_storage  # noqa: F401

from .scoped import ScopedItem, scoped_permissions


class Document(ScopedItem):
    class Kind(models.TextChoices):
        REPORT = "report", _("Rapport")
        DRAWING = "drawing", _("Tekening")
        MINUTES = "minutes", _("Verslag")
        PLANNING = "planning", _("Planning")
        CONTRACT = "contract", _("Contractstuk")
        PRESENTATION = "presentation", _("Presentatie")
        DATA = "data", _("Meetgegevens")
        OTHER = "other", _("Overig")

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # The newest version, kept here so lists need no per-row query.
    current_version = models.ForeignKey(
        "DocumentVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-updated_at", "-pk"]
        permissions = scoped_permissions("document")
        indexes = [models.Index(fields=["partnership", "-updated_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "sharing:document-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )


def version_upload_to(instance, filename):
    # Never trust the uploaded name on disk; keep it for the download header.
    ext = os.path.splitext(filename)[1].lower()[:10]
    return (
        f"documents/{instance.document.partnership_id}/{instance.document_id}/"
        f"v{instance.number}{ext}"
    )


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    file = models.FileField(
        _("bestand"), upload_to=version_upload_to, storage=private_storage, max_length=300
    )
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    size = models.PositiveBigIntegerField(_("grootte"))
    content_type = models.CharField(max_length=100)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    # The words inside the file, extracted in the background for search.
    text = models.TextField(blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("geüpload"), auto_now_add=True)

    class Meta:
        verbose_name = _("documentversie")
        verbose_name_plural = _("documentversies")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"


class DocumentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Document, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class DocumentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Document, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
