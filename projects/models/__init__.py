"""The models of partnerships, their parties and the work they share.

`partnerships` holds the partnership itself, its parties and members;
`equipment` the sections of the work and the shared equipment pool;
`demand` organisations' own people, innovation needs and buyer groups;
`consultation` the market consultation ledger.
"""

from .consultation import (
    Consultation,
    ConsultationAnswer,
    ConsultationCandidate,
    ConsultationNota,
    ConsultationNotice,
    ConsultationQuestion,
)
from .demand import (
    BuyerGroup,
    BuyerGroupMember,
    InnovationDemand,
    InnovationDemandQuerySet,
    OrganisationMember,
)
from .equipment import (
    Booking,
    BookingQuerySet,
    CalendarFeed,
    EquipmentItem,
    EquipmentItemQuerySet,
    PoolSettings,
    Section,
    UsageLog,
    UsageLogRevision,
)
from .partnerships import (
    Membership,
    MembershipQuerySet,
    Organisation,
    PartnershipIndexPage,
    PartnershipLogEntry,
    PartnershipLogEntryManager,
    PartnershipPage,
    Party,
    PartyQuerySet,
)
from .phases import (
    Assessment,
    Instalment,
    InterimTarget,
    PerformanceLevel,
    Phase,
    PhaseDecision,
    PhasePlan,
    PurchaseDecision,
    ResultRights,
    TargetAmendment,
)

__all__ = [
    "BuyerGroup",
    "BuyerGroupMember",
    "Consultation",
    "ConsultationAnswer",
    "ConsultationCandidate",
    "ConsultationNota",
    "ConsultationNotice",
    "ConsultationQuestion",
    "InnovationDemand",
    "InnovationDemandQuerySet",
    "OrganisationMember",
    "Assessment",
    "Instalment",
    "InterimTarget",
    "PerformanceLevel",
    "Phase",
    "PhaseDecision",
    "PhasePlan",
    "PurchaseDecision",
    "ResultRights",
    "TargetAmendment",
    "Booking",
    "BookingQuerySet",
    "CalendarFeed",
    "EquipmentItem",
    "EquipmentItemQuerySet",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "PartnershipIndexPage",
    "PartnershipLogEntry",
    "PartnershipLogEntryManager",
    "PartnershipPage",
    "Party",
    "PartyQuerySet",
    "PoolSettings",
    "Section",
    "UsageLog",
    "UsageLogRevision",
]
