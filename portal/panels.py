"""Admin panels of the public site's pages."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel


class PublicationRecordPanel(Panel):
    """On a lesson page: which workspace proposed it and who consented, read-only.

    Editors are not members of the workspace; this tells them the lesson's
    owner party and a client lead agreed to publish this text, and when.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Herkomst en toestemming"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/publication_record_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.publication = None
            if self.instance is not None and self.instance.pk:
                from sharing.models import LessonPublication

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
