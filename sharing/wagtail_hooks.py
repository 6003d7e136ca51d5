"""Audit-log actions for documents, scope and consent."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from projects.models import PartnershipLogEntry

from .models import DataExport, Document, Lesson, ReleaseRequest, Thread

LOG_ACTIONS = {
    # A party group's members changed other than through the memberships
    # (admin, shell, script): reverted at once (sharing.access.groups).
    "partnerwerk.membership.refused": (
        _("Wijziging van partijgroep geweigerd"),
        _("Wijziging van partijgroep buiten het lidmaatschap om geweigerd en teruggedraaid"),
    ),
    "partnerwerk.reference.guard": (
        _("Verwijzing buiten het bereik van het doel: keuze vastgelegd"),
        _("Verwijzing buiten het bereik van het doel: keuze vastgelegd"),
    ),
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
    "partnerwerk.export.request": (_("Export aangevraagd"), _("Export aangevraagd")),
    "partnerwerk.export.download": (_("Export gedownload"), _("Export gedownload")),
    "partnerwerk.lesson.create": (_("Les vastgelegd"), _("Les vastgelegd")),
    "partnerwerk.lesson.change": (_("Les gewijzigd"), _("Les gewijzigd")),
    "partnerwerk.publication.propose": (
        _("Les voorgesteld voor publicatie"),
        _("Les voorgesteld voor publicatie"),
    ),
    "partnerwerk.publication.consent": (
        _("Toestemming voor publicatie gegeven"),
        _("Toestemming voor publicatie gegeven"),
    ),
    "partnerwerk.publication.reset": (
        _("Toestemmingen vervallen na wijziging"),
        _("Toestemmingen vervallen na wijziging"),
    ),
    "partnerwerk.publication.moderation": (
        _("Les ter publicatie aangeboden aan de redactie"),
        _("Les ter publicatie aangeboden aan de redactie"),
    ),
    "partnerwerk.publication.withdraw": (
        _("Publicatievoorstel ingetrokken"),
        _("Publicatievoorstel ingetrokken"),
    ),
    "partnerwerk.publication.published": (
        _("Les gepubliceerd door de redactie"),
        _("Les gepubliceerd door de redactie"),
    ),
    "partnerwerk.publication.rejected": (
        _("Les niet gepubliceerd door de redactie"),
        _("Les niet gepubliceerd door de redactie"),
    ),
    "partnerwerk.thread.close": (_("Draad gesloten"), _("Draad gesloten")),
    "partnerwerk.thread.reopen": (_("Draad heropend"), _("Draad heropend")),
    "partnerwerk.thread.pin": (_("Draad vastgezet"), _("Draad vastgezet")),
    "partnerwerk.thread.unpin": (_("Draad losgemaakt"), _("Draad losgemaakt")),
}


@hooks.register("register_log_actions")
def register_sharing_log_actions(actions):
    for model in (DataExport, Document, Lesson, ReleaseRequest, Thread):
        actions.register_model(model, PartnershipLogEntry)
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
