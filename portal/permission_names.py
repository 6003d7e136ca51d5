"""Django's built-in permission names, in Dutch.

Django stores "Can add partij" as data, untranslated, and Wagtail's group
screen reads it out (as the label of each checkbox). After migrations, the
built-in names of the app just migrated become "Partij toevoegen" and so on.
Custom permission names are left as their authors wrote them.
"""

from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, router
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

VERBS = {
    "add": _("toevoegen"),
    "change": _("wijzigen"),
    "delete": _("verwijderen"),
    "view": _("bekijken"),
}


def builtin_name(verb, opts):
    """Django's own name for a built-in permission (auth.management)."""
    return f"Can {verb} {opts.verbose_name_raw}"


def dutch_name(verb, opts):
    with translation.override("nl"):
        return f"{capfirst(str(opts.verbose_name))} {VERBS[verb]}"[:255]


def rename_builtin_permissions(sender, using=DEFAULT_DB_ALIAS, apps=None, **kwargs):
    """post_migrate: the sender app's built-in permissions get their Dutch name.

    Runs Django's own `create_permissions` first (idempotent), because this
    receiver may be called before auth's for the same app.
    """
    if apps is None or not router.allow_migrate_model(using, apps.get_model("auth", "Permission")):
        return
    create_permissions(sender, verbosity=0, interactive=False, using=using, apps=apps)
    Permission = apps.get_model("auth", "Permission")
    # One query per app: only names Django wrote itself still start with "Can ".
    models = {model._meta.model_name: model._meta for model in sender.get_models()}
    changed = []
    for permission in (
        Permission.objects.using(using)
        .filter(content_type__app_label=sender.label, name__startswith="Can ")
        .select_related("content_type")
    ):
        # The real model's options: its verbose name is translatable; the
        # historical model from `apps` keeps only the raw string.
        opts = models.get(permission.content_type.model)
        verb = permission.codename.split("_", 1)[0]
        if (
            opts is not None
            and verb in VERBS
            and permission.codename == f"{verb}_{opts.model_name}"
            and permission.name == builtin_name(verb, opts)
        ):
            permission.name = dutch_name(verb, opts)
            changed.append(permission)
    if changed:
        Permission.objects.using(using).bulk_update(changed, ["name"])
