"""Audit-log actions of workspaces, and the admin for organisations."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import (
    Assessment,
    Booking,
    EquipmentItem,
    Membership,
    Organisation,
    PartnershipLogEntry,
    Party,
    Section,
)
from .models import phases as phase_models

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
    "partnerwerk.booking.move": (_("Boeking verplaatst"), _("Boeking verplaatst")),
    "partnerwerk.usage.add": (_("Draaiuren geschreven"), _("Draaiuren geschreven")),
    "partnerwerk.usage.change": (_("Draaiuren gecorrigeerd"), _("Draaiuren gecorrigeerd")),
    "partnerwerk.usage.remove": (_("Draaiuren verwijderd"), _("Draaiuren verwijderd")),
    # The life of the partnership: phases, targets, go/no-go, instalments (issue 10).
    "partnerwerk.phase.plan": (
        _("Faseringsafspraken vastgelegd"),
        _("Faseringsafspraken vastgelegd"),
    ),
    "partnerwerk.phase.template": (
        _("Fases aangemaakt uit het instrument"),
        _("Fases aangemaakt uit het instrument"),
    ),
    "partnerwerk.phase.add": (_("Fase toegevoegd"), _("Fase toegevoegd")),
    "partnerwerk.phase.change": (_("Fase gewijzigd"), _("Fase gewijzigd")),
    "partnerwerk.phase.start": (_("Fase gestart"), _("Fase gestart")),
    "partnerwerk.phase.assess": (_("Fase in beoordeling"), _("Fase in beoordeling")),
    "partnerwerk.phase.close": (_("Fase afgesloten"), _("Fase afgesloten")),
    "partnerwerk.target.add": (_("Tussentijds doel toegevoegd"), _("Tussentijds doel toegevoegd")),
    "partnerwerk.target.change": (_("Tussentijds doel gewijzigd"), _("Tussentijds doel gewijzigd")),
    "partnerwerk.target.amend": (
        _("Vastgesteld doel gewijzigd (met motivering)"),
        _("Vastgesteld doel gewijzigd (met motivering)"),
    ),
    "partnerwerk.assessment.record": (_("Beoordeling vastgelegd"), _("Beoordeling vastgelegd")),
    "partnerwerk.decision.record": (_("Go/no-go-besluit genomen"), _("Go/no-go-besluit genomen")),
    "partnerwerk.decision.confirm": (
        _("Go/no-go-besluit bevestigd (vier ogen)"),
        _("Go/no-go-besluit bevestigd (vier ogen)"),
    ),
    "partnerwerk.instalment.add": (_("Termijn toegevoegd"), _("Termijn toegevoegd")),
    "partnerwerk.instalment.due": (_("Termijn opeisbaar"), _("Termijn opeisbaar")),
    "partnerwerk.instalment.approved": (_("Termijn goedgekeurd"), _("Termijn goedgekeurd")),
    "partnerwerk.instalment.paid": (_("Termijn betaald"), _("Termijn betaald")),
    "partnerwerk.purchase.level": (
        _("Prestatieniveau vastgelegd"),
        _("Prestatieniveau vastgelegd"),
    ),
    "partnerwerk.purchase.decide": (_("Afnamebesluit genomen"), _("Afnamebesluit genomen")),
    "partnerwerk.rights.set": (
        _("Rechten op resultaat vastgelegd"),
        _("Rechten op resultaat vastgelegd"),
    ),
}

PHASE_MODELS = (
    phase_models.PhasePlan,
    phase_models.Phase,
    phase_models.InterimTarget,
    Assessment,
    phase_models.PhaseDecision,
    phase_models.Instalment,
    phase_models.PerformanceLevel,
    phase_models.PurchaseDecision,
    phase_models.ResultRights,
)


@hooks.register("register_log_actions")
def register_workspace_log_actions(actions):
    for model in (Party, Membership, Section, EquipmentItem, Booking, *PHASE_MODELS):
        actions.register_model(model, PartnershipLogEntry)
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


register_snippet(Organisation)


@hooks.register("register_admin_viewset")
def register_party_viewset():
    from .admin_views import party_viewset

    return party_viewset
