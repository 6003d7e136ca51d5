"""Case stories: how pioneers used the innovation partnership, told for their peers."""

from modelcluster.fields import ParentalManyToManyField

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from portal.blocks import story_blocks
from portal.routing import PublicPageQuerySet
from projects.models import PartnershipPage

from .listing import FilteredIndexMixin


class CaseStoryIndexPage(FilteredIndexMixin, Page):
    """All case stories at /verhalen/, filterable and searchable, so readers find a peer."""

    intro = models.TextField(
        _("inleiding"), blank=True, help_text=_("Korte tekst boven de lijst van verhalen.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.CaseStoryPage"]
    max_count = 1
    default_ordering = ("-year", "title")

    class Meta:
        verbose_name = _("overzicht verhalen")

    @property
    def filterset_class(self):
        from portal.filters import CaseStoryFilter

        return CaseStoryFilter

    @property
    def child_model(self):
        return CaseStoryPage

    def child_queryset(self):
        return super().child_queryset().select_related("client_organisation")


class CaseStoryPage(Page):
    """One pioneer's story: a public authority that used the procedure, and what it learned.

    Stories are written by editors; they show peers that the instrument works
    and how, which is why the facts (procedure, year, size) are fields to filter on.
    """

    class BudgetBand(models.TextChoices):
        SMALL = "small", _("tot € 100.000")
        MEDIUM = "medium", _("€ 100.000 – € 1 miljoen")
        LARGE = "large", _("€ 1 – 10 miljoen")
        VERY_LARGE = "very_large", _("meer dan € 10 miljoen")

    client_organisation = models.ForeignKey(
        "projects.Organisation",
        verbose_name=_("opdrachtgever"),
        on_delete=models.PROTECT,
        related_name="case_stories",
        help_text=_("De aanbestedende dienst waar het verhaal over gaat."),
    )
    partnership = models.ForeignKey(
        "projects.PartnershipPage",
        verbose_name=_("partnerschap"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_stories",
        help_text=_("Het partnerschap op Partnerwerk, als het er een heeft."),
    )
    procedure_type = models.CharField(
        _("procedure"),
        max_length=30,
        choices=PartnershipPage.Procedure.choices,
        default=PartnershipPage.Procedure.INNOVATION_PARTNERSHIP,
        help_text=_("Het soort procedure dat de opdrachtgever gebruikte."),
    )
    theme = models.CharField(
        _("thema"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: waterveiligheid.")
    )
    region = models.CharField(
        _("regio"), max_length=100, blank=True, help_text=_("Provincie of gebied.")
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), help_text=_("Het jaar waarin het partnerschap startte.")
    )
    contractor_count = models.PositiveSmallIntegerField(
        _("aantal opdrachtnemers"),
        null=True,
        blank=True,
        help_text=_("Met hoeveel opdrachtnemers de opdrachtgever begon."),
    )
    budget_band = models.CharField(
        _("budget"),
        max_length=20,
        choices=BudgetBand.choices,
        blank=True,
        help_text=_("De orde van grootte van de opdracht."),
    )
    summary = models.TextField(
        _("samenvatting"), help_text=_("Twee of drie zinnen voor lijsten en zoekresultaten.")
    )
    body = StreamField(
        story_blocks(),
        verbose_name=_("verhaal"),
        blank=True,
        help_text=_("Het verhaal: tekst, citaten, afbeeldingen en kerncijfers."),
    )
    related_stories = ParentalManyToManyField(
        "self",
        verbose_name=_("verwante verhalen"),
        blank=True,
        symmetrical=False,
        help_text=_("Verhalen die de lezer hierna kan lezen."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("client_organisation"),
                FieldPanel("partnership"),
                FieldPanel("procedure_type"),
                FieldPanel("theme"),
                FieldPanel("region"),
                FieldPanel("year"),
                FieldPanel("contractor_count"),
                FieldPanel("budget_band"),
            ],
            heading=_("Kenmerken"),
        ),
        FieldPanel("body"),
        FieldPanel("related_stories"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("theme"),
        index.SearchField("region"),
        index.RelatedFields("client_organisation", [index.SearchField("name")]),
        index.FilterField("procedure_type"),
        index.FilterField("year"),
    ]
    parent_page_types = ["portal.CaseStoryIndexPage"]
    subpage_types = []
    # `.public()` from routing's memory; serving fetches what the template shows.
    objects = PageManager.from_queryset(PublicPageQuerySet)()
    serve_select_related = ("client_organisation", "partnership")
    # What components/story_card.html shows (with `url_path` for its link).
    card_fields = (
        "title",
        "url_path",
        "summary",
        "year",
        "region",
        "procedure_type",
        "client_organisation__name",
    )

    class Meta:
        verbose_name = _("verhaal")
        verbose_name_plural = _("verhalen")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = (
            CaseStoryPage.objects.live()
            .public()
            .filter(id__in=self.related_stories.values("id"))
            .select_related("client_organisation")
            .cards()
            .order_by("title")
        )
        return context
