"""Guidance: how an authority decides on, prepares and runs an innovation partnership."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from portal.blocks import guidance_blocks
from portal.routing import PublicPageQuerySet


class GuidanceIndexPage(Page):
    """The guidance section at /handreiking/: the questions a first-time authority asks."""

    intro = models.TextField(
        _("inleiding"), blank=True, help_text=_("Korte tekst boven de lijst van handreikingen.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.GuidancePage"]
    max_count = 1

    class Meta:
        verbose_name = _("overzicht handreiking")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = GuidancePage.objects.child_of(self).live().public()
        return context


class GuidancePage(Page):
    """One guidance topic (when it fits, its limits, how to start), built from blocks.

    The content varies per topic, so the body is a StreamField of the blocks
    in `portal.blocks`.
    """

    summary = models.TextField(
        _("samenvatting"), help_text=_("Eén of twee zinnen voor lijsten en zoekresultaten.")
    )
    body = StreamField(
        guidance_blocks(),
        verbose_name=_("inhoud"),
        help_text=_("Koppen, tekst, kaders, stappen, vragen, documenten en kerncijfers."),
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["portal.GuidanceIndexPage"]
    subpage_types = []
    objects = PageManager.from_queryset(PublicPageQuerySet)()  # `.public()` from memory

    class Meta:
        verbose_name = _("handreiking")
        verbose_name_plural = _("handreikingen")
