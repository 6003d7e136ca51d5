"""Visits ("kijkje in de keuken"): open days where a partnership shows its work."""

import secrets

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index

from portal.routing import PublicPageQuerySet


class VisitQuerySet(PublicPageQuerySet):
    def upcoming(self):
        """Live public visits that have not started yet, soonest first."""
        return self.live().public().filter(starts_at__gte=timezone.now()).order_by("starts_at")


class VisitPage(Page):
    """An open visit to a running partnership, so peers can come and look in the kitchen.

    The pioneers invite colleagues to see the work. Visitors register on the
    page itself (a POST to the page, handled in `portal.visit_views`); when
    the places are taken they join the waiting list.
    """

    starts_at = models.DateTimeField(_("begint om"), help_text=_("Datum en begintijd."))
    ends_at = models.DateTimeField(
        _("eindigt om"), null=True, blank=True, help_text=_("Eindtijd, als die vaststaat.")
    )
    place = models.CharField(
        _("plaats"), max_length=200, help_text=_("Adres of verzamelpunt, zo precies mogelijk.")
    )
    summary = models.TextField(
        _("samenvatting"), help_text=_("Wat bezoekers te zien krijgen, in twee zinnen.")
    )
    programme = RichTextField(
        _("programma"),
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Het programma van de dag, met tijden."),
    )
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"), help_text=_("Hoeveel bezoekers er mee kunnen.")
    )
    partnership = models.ForeignKey(
        "projects.PartnershipPage",
        verbose_name=_("partnerschap"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
        help_text=_("Het partnerschap dat het bezoek organiseert."),
    )

    objects = PageManager.from_queryset(VisitQuerySet)()
    # What components/visit_card.html shows (with `url_path` for its link), and
    # the partnership's id, which a partnership's `visits` sets on each row.
    card_fields = ("title", "url_path", "starts_at", "place", "summary", "partnership")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("place"),
                FieldPanel("capacity"),
                FieldPanel("partnership"),
            ],
            heading=_("Praktisch"),
        ),
        FieldPanel("programme"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("programme"),
        index.SearchField("place"),
        index.FilterField("starts_at"),
    ]
    # Visits are announcements: they sit under the home page and are listed
    # there and on the organising partnership's profile.
    parent_page_types = ["portal.HomePage"]
    subpage_types = []

    @property
    def registration_open(self) -> bool:
        """Registration closes when the visit starts."""
        return self.starts_at > timezone.now()

    def places_left(self) -> int:
        taken = VisitRegistration.objects.filter(visit=self).confirmed().count()
        return max(self.capacity - taken, 0)

    def get_context(self, request, *args, form=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.registration_open:
            from ..forms import VisitRegistrationForm

            context["form"] = form or VisitRegistrationForm()
            context["places_left"] = self.places_left()
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from ..visit_views import register

            return register(request, self)
        return super().serve(request, *args, **kwargs)

    class Meta:
        verbose_name = _("kijkje in de keuken")
        verbose_name_plural = _("kijkjes in de keuken")


def _new_cancel_token() -> str:
    return secrets.token_urlsafe(32)


class VisitRegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that still hold a place or a spot on the waiting list."""
        return self.exclude(status=VisitRegistration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=VisitRegistration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=VisitRegistration.Status.WAITING).order_by("position")


class VisitRegistration(models.Model):
    """One person's registration for a visit: a place, or a spot on the waiting list.

    Written only by `portal.services.visits`, which decides on places while it
    holds the visit's row lock. The cancel token is the key of the link in the
    confirmation e-mail; it is random and never derived from the primary key.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Aangemeld")
        WAITING = "waiting", _("Wachtlijst")
        CANCELLED = "cancelled", _("Afgemeld")

    visit = models.ForeignKey(
        VisitPage,
        verbose_name=_("bezoek"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("naam"), max_length=200)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), max_length=254)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    # Order of arrival within the visit: the waiting list moves up in this order.
    position = models.PositiveIntegerField(_("volgnummer"))
    cancel_token = models.CharField(
        max_length=64, unique=True, default=_new_cancel_token, editable=False
    )
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True, editable=False)

    objects = VisitRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanmelding voor een bezoek")
        verbose_name_plural = _("aanmeldingen voor bezoeken")
        ordering = ["visit", "position"]
        constraints = [
            # One place or waiting-list spot per person and visit; after
            # cancelling, the same address may register again.
            models.UniqueConstraint(
                Lower("email"),
                "visit",
                condition=~models.Q(status="cancelled"),
                name="portal_visitregistration_one_active_per_email",
            ),
            models.UniqueConstraint(
                fields=["visit", "position"], name="portal_visitregistration_unique_position"
            ),
        ]
        indexes = [models.Index(fields=["visit", "status", "position"])]

    def __str__(self):
        return f"{self.name} – {self.visit}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED
