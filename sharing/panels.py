"""Admin panels that sharing adds to the public site's pages.

The public site (`portal`) knows nothing of workspaces; what a lesson page
owes to its workspace (who proposed it, who consented) is shown by a panel
that `sharing` attaches to `LessonPage` from its AppConfig.ready().
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel
from wagtail.models import Page

from .models import LessonPublication


class PublicationRecordPanel(Panel):
    """On a lesson page: which workspace proposed it and who consented, read-only.

    Editors are not members of the workspace; this tells them the lesson's
    owner party and a client lead agreed to publish this text, and when.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Herkomst en toestemming"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "sharing/admin/publication_record_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.publication = None
            if self.instance is not None and self.instance.pk:
                self.publication = (
                    LessonPublication.objects.filter(page_id=self.instance.pk)
                    .select_related(
                        "lesson__owner_party__organisation",
                        "lesson__partnership",
                        "proposed_by",
                        "owner_consent_by",
                        "client_consent_by",
                    )
                    .first()
                )

        def is_shown(self):
            return self.publication is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["publication"] = self.publication
            return context


def attach_publication_panel(page_class) -> None:
    """Show the publication record on `page_class`'s content tab, right after the title.

    Runs from SharingConfig.ready(), normally before wagtail.admin gives pages
    their (cached) `get_edit_handler`; if one was built already, it is dropped.
    """
    panels = list(page_class.content_panels)
    if any(isinstance(p, PublicationRecordPanel) for p in panels):
        return
    at = len(Page.content_panels)
    page_class.content_panels = [*panels[:at], PublicationRecordPanel(), *panels[at:]]
    built = getattr(page_class, "get_edit_handler", None)
    if built is not None:
        built.cache_clear()
