from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Publieke site")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import pagecache
        from .permission_names import rename_builtin_permissions

        pagecache.connect()
        self._label_wagtail_fields()
        post_migrate.connect(
            rename_builtin_permissions, dispatch_uid="portal.rename_builtin_permissions"
        )

    @staticmethod
    def _label_wagtail_fields():
        # Wagtail declares the workflow's page field without a label, so Django
        # derives an untranslatable "Page" from its name.
        from wagtail.admin.forms.workflows import WorkflowPageForm

        WorkflowPageForm.base_fields["page"].label = _("Pagina")
