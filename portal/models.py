"""Public site pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The front door of the public site: what an innovation partnership is, and where to start."""

    intro = models.CharField(
        _("intro"), max_length=300, blank=True, help_text=_("Eén of twee zinnen onder de titel.")
    )
    body = RichTextField(
        _("tekst"),
        blank=True,
        help_text=_("Uitleg voor bezoekers die het partnerschap nog niet kennen."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("startpagina")
