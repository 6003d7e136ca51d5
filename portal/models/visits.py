"""Visits ("kijkje in de keuken"): open days where a partnership shows its work."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index


class VisitQuerySet(PageQuerySet):
    def upcoming(self):
        """Live public visits that have not started yet, soonest first."""
        return (
            self.live()
            .public()
            .filter(starts_at__gte=timezone.now())
            .select_related("partnership")
            .order_by("starts_at")
        )


class VisitPage(Page):
    """An open visit to a running partnership, so peers can come and look in the kitchen.

    The pioneers invite colleagues to see the work; registration follows later.
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

    class Meta:
        verbose_name = _("kijkje in de keuken")
        verbose_name_plural = _("kijkjes in de keuken")
