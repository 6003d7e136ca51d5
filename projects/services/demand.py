"""Every write to organisation members, innovation needs and buyer groups.

Rights are asked of `projects.selectors_demand` (the one rule, which
`sharing.access` re-exports); each service raises `PermissionDenied` for an
actor who may not, whoever the caller is.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import selectors_demand as rules
from ..models import (
    BuyerGroup,
    BuyerGroupMember,
    InnovationDemand,
    Membership,
    Organisation,
    OrganisationMember,
    PartnershipIndexPage,
    PartnershipPage,
    Party,
)
from .partnerships import membership_add, party_create
from .phases import phases_from_template

DEMAND_FIELDS = (
    "title",
    "question",
    "volume",
    "volume_unit",
    "pipeline",
    "start_year",
    "end_year",
    "budget_band",
    "theme",
    "region",
    "contact_name",
    "contact_email",
    "visibility",
    "open_to_bundling",
)


def _forget_cached_rights(user) -> None:
    if hasattr(user, "_organisation_ids"):
        del user._organisation_ids


@transaction.atomic
def organisation_member_add(
    *, organisation: Organisation, user, role: str = OrganisationMember.Role.MEMBER
) -> OrganisationMember:
    if role not in OrganisationMember.Role.values:
        raise ValidationError({"role": _("Kies een geldige rol.")})
    member, created = OrganisationMember.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    if not created and member.role != role:
        member.role = role
        member.save(update_fields=["role"])
    _forget_cached_rights(user)
    return member


def _validate(demand: InnovationDemand) -> None:
    if demand.end_year and demand.end_year < demand.start_year:
        raise ValidationError({"end_year": _("Het einde ligt vóór de start.")})
    if demand.volume is not None and not demand.volume_unit.strip():
        raise ValidationError({"volume_unit": _("Geef de eenheid van de omvang.")})
    demand.full_clean(exclude=["organisation", "created_by"])


@transaction.atomic
def demand_create(*, actor, organisation: Organisation, **fields) -> InnovationDemand:
    """A draft need of `organisation`; the actor must work for that authority."""
    if organisation.pk not in rules.authority_ids_of(actor):
        raise PermissionDenied
    unknown = set(fields) - set(DEMAND_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    demand = InnovationDemand(organisation=organisation, created_by=actor, **fields)
    _validate(demand)
    demand.save()
    return demand


@transaction.atomic
def demand_update(*, demand: InnovationDemand, actor, **fields) -> InnovationDemand:
    if not rules.may_edit_demand(actor, demand):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in DEMAND_FIELDS:
            raise TypeError(f"unknown field: {name}")
        setattr(demand, name, value)
    _validate(demand)
    demand.save()
    return demand


@transaction.atomic
def demand_publish(*, demand: InnovationDemand, actor) -> InnovationDemand:
    if not rules.may_edit_demand(actor, demand):
        raise PermissionDenied
    if not demand.is_published:
        demand.status = InnovationDemand.Status.PUBLISHED
        demand.published_at = demand.published_at or timezone.now()
        demand.save(update_fields=["status", "published_at", "updated_at"])
    return demand


@transaction.atomic
def demand_unpublish(*, demand: InnovationDemand, actor) -> InnovationDemand:
    """Back to draft: gone from every public list, feed and sitemap at once."""
    if not rules.may_edit_demand(actor, demand):
        raise PermissionDenied
    demand.status = InnovationDemand.Status.DRAFT
    demand.save(update_fields=["status", "updated_at"])
    return demand


@transaction.atomic
def buyer_group_join(*, own: InnovationDemand, target: InnovationDemand, actor) -> BuyerGroup:
    """Bundle the actor's own need with `target`: join its group, or found one with it.

    The target's authority agreed in advance by marking its need open to
    bundling; the actor's authority agrees by joining. Raises PermissionDenied
    when the actor may not bundle these two, ValidationError when `own` is
    already in another group.
    """
    own = InnovationDemand.objects.select_for_update().get(pk=own.pk)
    target = InnovationDemand.objects.select_for_update().get(pk=target.pk)
    if not rules.may_join_with(actor, own, target):
        raise PermissionDenied
    own_member = BuyerGroupMember.objects.filter(demand=own).select_related("group").first()
    target_member = BuyerGroupMember.objects.filter(demand=target).select_related("group").first()
    if target_member is None:
        if own_member is not None:
            group = own_member.group
        else:
            group = BuyerGroup.objects.create(
                name=target.title, lead_organisation=target.organisation
            )
        if group.partnership_id:
            raise ValidationError(_("Deze kopersgroep is al een partnerschap geworden."))
        BuyerGroupMember.objects.create(group=group, demand=target, joined_by=None)
        if own_member is None:
            BuyerGroupMember.objects.create(group=group, demand=own, joined_by=actor)
        return group
    group = target_member.group
    if own_member is not None:
        if own_member.group_id == group.pk:
            return group
        raise ValidationError(_("Uw vraag zit al in een andere kopersgroep."))
    if group.partnership_id:
        raise ValidationError(_("Deze kopersgroep is al een partnerschap geworden."))
    BuyerGroupMember.objects.create(group=group, demand=own, joined_by=actor)
    return group


def start_instrument_phases(*, partnership: PartnershipPage, actor) -> None:
    """Give a new partnership the usual phases of its instrument (once)."""
    if not partnership.phases.exists():
        phases_from_template(partnership=partnership, actor=actor)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:60] or "partnerschap"
    slug, n = base, 1
    while PartnershipPage.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def buyer_group_to_partnership(
    *,
    group: BuyerGroup,
    actor,
    title: str = "",
    procedure_type: str = PartnershipPage.Procedure.INNOVATION_PARTNERSHIP,
) -> PartnershipPage:
    """Turn a buyer group into one partnership: the lead authority as client, the others
    as co-clients, each with its organisation's members as leads, plus the phases of
    its instrument. Runs once per group.
    """
    group = BuyerGroup.objects.select_for_update().get(pk=group.pk)
    if not rules.may_convert_buyer_group(actor, group):
        raise PermissionDenied
    members = list(
        BuyerGroupMember.objects.filter(group=group).select_related("demand__organisation")
    )
    organisations = {m.demand.organisation_id: m.demand.organisation for m in members}
    if len(organisations) < 2:
        raise ValidationError(_("Een kopersgroep heeft minstens twee overheden."))
    index = PartnershipIndexPage.objects.first()
    if index is None:
        raise ValidationError(_("Er is nog geen overzicht van partnerschappen op de site."))
    lead = group.lead_organisation
    demands = [m.demand for m in members]
    themes = sorted({d.theme for d in demands if d.theme})
    regions = sorted({d.region for d in demands if d.region})
    title = (title or "").strip() or group.name
    partnership = index.add_child(
        instance=PartnershipPage(
            title=title,
            slug=_unique_slug(title),
            client_organisation=lead,
            procedure_type=procedure_type,
            theme=", ".join(themes)[:100],
            region=", ".join(regions)[:100],
            status=PartnershipPage.Status.PREPARATION,
            summary=_("Gebundelde vraag van %(names)s: %(titles)s.")
            % {
                "names": ", ".join(o.name for o in sorted(organisations.values(), key=str)),
                "titles": "; ".join(d.title for d in demands),
            },
        )
    )
    for organisation in [
        lead,
        *sorted((o for pk, o in organisations.items() if pk != lead.pk), key=lambda o: o.name),
    ]:
        role = Party.Role.CLIENT if organisation.pk == lead.pk else Party.Role.CO_CLIENT
        party = party_create(
            partnership=partnership, organisation=organisation, role=role, actor=actor
        )
        people = OrganisationMember.objects.filter(organisation=organisation).select_related("user")
        for person in people:
            if (
                person.user.email
                and not Membership.objects.filter(
                    partnership=partnership, user=person.user
                ).exists()
            ):
                membership_add(
                    party=party,
                    email=person.user.email,
                    role=Membership.Role.LEAD,
                    actor=actor,
                )
    group.partnership = partnership
    group.save(update_fields=["partnership"])
    start_instrument_phases(partnership=partnership, actor=actor)
    return partnership
