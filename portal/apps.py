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
        post_migrate.connect(
            rename_builtin_permissions, dispatch_uid="portal.rename_builtin_permissions"
        )
