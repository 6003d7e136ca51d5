"""The home page of the public site."""

from modelcluster.fields import ParentalManyToManyField

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from portal.blocks import KeyFiguresBlock


class HomePage(Page):
    """The front door of the public site: what an innovation partnership is, and where to start.

    It gathers what a first-time visitor needs: key figures, a few featured
    stories, the latest lessons and the visits coming up.
    """

    intro = models.CharField(
        _("intro"), max_length=300, blank=True, help_text=_("Eén of twee zinnen onder de titel.")
    )
    body = RichTextField(
        _("tekst"),
        blank=True,
        help_text=_("Uitleg voor bezoekers die het partnerschap nog niet kennen."),
    )
    key_figures = StreamField(
        [("key_figures", KeyFiguresBlock())],
        verbose_name=_("kerncijfers"),
        blank=True,
        max_num=1,
        help_text=_("Een paar getallen die laten zien waarom het ertoe doet."),
    )
    featured_stories = ParentalManyToManyField(
        "portal.CaseStoryPage",
        verbose_name=_("uitgelichte verhalen"),
        blank=True,
        related_name="featured_on",
        help_text=_("Verhalen die op de startpagina staan; alleen gepubliceerde worden getoond."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("key_figures"),
        FieldPanel("featured_stories"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("startpagina")

    def get_context(self, request, *args, **kwargs):
        from .lessons import LessonPage
        from .stories import CaseStoryPage
        from .visits import VisitPage

        context = super().get_context(request, *args, **kwargs)
        context["featured_stories"] = (
            CaseStoryPage.objects.live()
            .public()
            .filter(featured_on=self)
            .select_related("client_organisation")
            .cards()[:3]
        )
        context["latest_lessons"] = (
            LessonPage.objects.live()
            .public()
            .select_related("partnership")
            .cards()
            .order_by("-first_published_at")[:3]
        )
        context["upcoming_visits"] = VisitPage.objects.upcoming().cards()[:3]
        return context
