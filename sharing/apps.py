from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Delen")

    def ready(self):
        from projects.signals import party_access_changed

        from . import access
        from .models import Document, Thread

        access.register(Document)
        access.register(Thread)

        # projects tells us when parties or members change; we re-derive.
        party_access_changed.connect(
            access.on_party_access_changed, dispatch_uid="sharing.access.rederive"
        )
