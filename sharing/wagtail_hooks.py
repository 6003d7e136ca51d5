"""Audit-log actions for documents, scope and consent."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from projects.models import PartnershipLogEntry

from .models import Document, ReleaseRequest, Thread

LOG_ACTIONS = {
    "partnerwerk.document.upload": (_("Document geüpload"), _("Document geüpload")),
    "partnerwerk.document.version": (_("Nieuwe versie geüpload"), _("Nieuwe versie geüpload")),
    "partnerwerk.document.download": (
        _("Vertrouwelijk document gedownload"),
        _("Vertrouwelijk document gedownload"),
    ),
    "partnerwerk.scope.change": (_("Reikwijdte gewijzigd"), _("Reikwijdte gewijzigd")),
    "partnerwerk.release.request": (_("Vrijgave aangevraagd"), _("Vrijgave aangevraagd")),
    "partnerwerk.release.grant": (_("Vrijgave verleend"), _("Vrijgave verleend")),
    "partnerwerk.release.refuse": (_("Vrijgave geweigerd"), _("Vrijgave geweigerd")),
    "partnerwerk.release.withdraw": (
        _("Vrijgaveverzoek ingetrokken"),
        _("Vrijgaveverzoek ingetrokken"),
    ),
}


@hooks.register("register_log_actions")
def register_sharing_log_actions(actions):
    for model in (Document, ReleaseRequest, Thread):
        actions.register_model(model, PartnershipLogEntry)
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
