"""Audit-log actions of workspaces, and the admin for organisations."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import (
    Booking,
    EquipmentItem,
    Membership,
    Organisation,
    PartnershipLogEntry,
    Party,
    Section,
)

# action -> (label, message); messages are shown on the workspace audit page.
LOG_ACTIONS = {
    "partnerwerk.party.add": (_("Partij toegevoegd"), _("Partij toegevoegd")),
    "partnerwerk.party.change_role": (_("Rol van partij gewijzigd"), _("Rol van partij gewijzigd")),
    "partnerwerk.party.drop_out": (_("Partij afgevallen"), _("Partij afgevallen")),
    "partnerwerk.membership.add": (_("Lid toegevoegd"), _("Lid toegevoegd")),
    "partnerwerk.membership.change_role": (_("Rol van lid gewijzigd"), _("Rol van lid gewijzigd")),
    "partnerwerk.membership.remove": (_("Lid verwijderd"), _("Lid verwijderd")),
    # The equipment pool and the sections of the work.
    "partnerwerk.section.add": (_("Deeltraject toegevoegd"), _("Deeltraject toegevoegd")),
    "partnerwerk.section.change": (_("Deeltraject gewijzigd"), _("Deeltraject gewijzigd")),
    "partnerwerk.equipment.add": (_("Materieel toegevoegd"), _("Materieel toegevoegd")),
    "partnerwerk.equipment.change": (_("Materieel gewijzigd"), _("Materieel gewijzigd")),
    "partnerwerk.booking.add": (_("Materieel geboekt"), _("Materieel geboekt")),
    "partnerwerk.booking.approve": (_("Boeking goedgekeurd"), _("Boeking goedgekeurd")),
    "partnerwerk.booking.cancel": (_("Boeking geannuleerd"), _("Boeking geannuleerd")),
    "partnerwerk.usage.add": (_("Draaiuren geschreven"), _("Draaiuren geschreven")),
    "partnerwerk.usage.change": (_("Draaiuren gecorrigeerd"), _("Draaiuren gecorrigeerd")),
    "partnerwerk.usage.remove": (_("Draaiuren verwijderd"), _("Draaiuren verwijderd")),
}


@hooks.register("register_log_actions")
def register_workspace_log_actions(actions):
    for model in (Party, Membership, Section, EquipmentItem, Booking):
        actions.register_model(model, PartnershipLogEntry)
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


register_snippet(Organisation)


@hooks.register("register_admin_viewset")
def register_party_viewset():
    from .admin_views import party_viewset

    return party_viewset
