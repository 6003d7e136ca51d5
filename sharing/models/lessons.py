"""Lessons learned in a workspace, and the consent that lets one become public.

A `Lesson` is a scoped item like a document: its owner party and scope decide
who reads it. A `LessonPublication` is the proposal to publish one lesson on
the public site. It needs two consents — of the owner party's lead and of a
client lead — before a draft `portal.LessonPage` is made and submitted to the
editors' moderation workflow. Withdrawing before the editor publishes stops
it and removes the draft.
"""

from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.models import PartnershipPage

from .scoped import ScopedItem, scoped_permissions


class Lesson(ScopedItem):
    title = models.CharField(_("titel"), max_length=200)
    context = models.TextField(_("context"), help_text=_("De situatie: wat speelde er?"))
    what_worked = models.TextField(_("wat werkte"), blank=True)
    what_did_not = models.TextField(_("wat niet werkte"), blank=True)
    advice = models.TextField(
        _("advies"), help_text=_("Wat u een collega-opdrachtgever of -aannemer aanraadt.")
    )
    theme = models.CharField(
        _("thema"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: samenwerking.")
    )
    phase = models.CharField(
        _("fase"),
        max_length=20,
        choices=PartnershipPage.Status.choices,
        blank=True,
        help_text=_("In welke fase van het partnerschap de les geleerd werd."),
    )

    class Meta:
        verbose_name = _("les")
        verbose_name_plural = _("lessen")
        ordering = ["-updated_at", "-pk"]
        permissions = scoped_permissions("lesson")
        indexes = [models.Index(fields=["partnership", "-updated_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "sharing:lesson-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )


class LessonPublication(models.Model):
    """One proposal to publish one lesson; at most one is open per lesson."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op toestemming")
        IN_MODERATION = "moderation", _("Bij de redactie")
        PUBLISHED = "published", _("Gepubliceerd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")
        REJECTED = "rejected", _("Niet gepubliceerd door de redactie")

    OPEN = (Status.PENDING, Status.IN_MODERATION)

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="publications")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    note = models.TextField(_("toelichting"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    owner_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_consent_at = models.DateTimeField(null=True, blank=True)
    client_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client_consent_at = models.DateTimeField(null=True, blank=True)
    page = models.ForeignKey(
        "portal.LessonPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publieke pagina"),
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("publicatievoorstel")
        verbose_name_plural = _("publicatievoorstellen")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson"],
                condition=Q(status__in=["pending", "moderation"]),
                name="lesson_one_open_publication",
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.lesson}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def has_both_consents(self) -> bool:
        return self.owner_consent_at is not None and self.client_consent_at is not None


class LessonUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Lesson, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class LessonGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Lesson, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
