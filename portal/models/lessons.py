"""Published lessons: what a partnership learned, made public for other authorities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index

from portal.routing import PublicPageQuerySet
from projects.models import PartnershipPage

from .listing import FilteredIndexMixin

LESSON_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class LessonIndexPage(FilteredIndexMixin, Page):
    """All published lessons at /lessen/, filterable and searchable."""

    intro = models.TextField(
        _("inleiding"), blank=True, help_text=_("Korte tekst boven de lijst van lessen.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.LessonPage"]
    max_count = 1

    class Meta:
        verbose_name = _("overzicht lessen")

    @property
    def filterset_class(self):
        from portal.filters import LessonFilter

        return LessonFilter

    @property
    def child_model(self):
        return LessonPage

    def child_queryset(self):
        return super().child_queryset().select_related("partnership")


class LessonPage(Page):
    """A lesson a partnership chose to make public, so the next authority starts smarter.

    Only what the parties agreed to publish is here; the workspace lesson it
    came from stays in the workspace.
    """

    partnership = models.ForeignKey(
        "projects.PartnershipPage",
        verbose_name=_("partnerschap"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_lessons",
        help_text=_("Het partnerschap dat deze les leerde."),
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
    context = RichTextField(
        _("context"), features=LESSON_FEATURES, help_text=_("De situatie: wat speelde er?")
    )
    what_worked = RichTextField(
        _("wat werkte"),
        features=LESSON_FEATURES,
        blank=True,
        help_text=_("Wat ging goed, en waarom."),
    )
    what_did_not = RichTextField(
        _("wat niet werkte"),
        features=LESSON_FEATURES,
        blank=True,
        help_text=_("Wat tegenviel, en waarom."),
    )
    advice = RichTextField(
        _("advies"),
        features=LESSON_FEATURES,
        help_text=_("Wat je een collega-opdrachtgever aanraadt."),
    )

    content_panels = [
        *Page.content_panels,
        # sharing.panels.PublicationRecordPanel is inserted here by sharing's
        # AppConfig: the public site does not import the workspace app.
        MultiFieldPanel(
            [FieldPanel("partnership"), FieldPanel("theme"), FieldPanel("phase")],
            heading=_("Kenmerken"),
        ),
        FieldPanel("context"),
        FieldPanel("what_worked"),
        FieldPanel("what_did_not"),
        FieldPanel("advice"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("context"),
        index.SearchField("what_worked"),
        index.SearchField("what_did_not"),
        index.SearchField("advice"),
        index.SearchField("theme"),
        index.FilterField("phase"),
    ]
    parent_page_types = ["portal.LessonIndexPage"]
    subpage_types = []
    # `.public()` from routing's memory; serving fetches what the template shows.
    objects = PageManager.from_queryset(PublicPageQuerySet)()
    serve_select_related = ("partnership",)
    # What components/lesson_card.html shows (with `url_path` for its link).
    card_fields = (
        "title",
        "url_path",
        "theme",
        "phase",
        "search_description",
        "context",
        "partnership__title",
    )

    class Meta:
        verbose_name = _("les")
        verbose_name_plural = _("lessen")
