"""Who may see and write innovation needs and buyer groups, and the reads that follow.

One rule, one place: the public pages (`portal`) ask these functions, and
`sharing.access.demand` re-exports them for the workspace side, so the
visibility of a need is decided here only.

    need                      who sees it
    published, public         everyone, anonymous readers included
    published, authorities    members of an authority organisation
    draft                     members of the need's own organisation

Members of an authority write its needs; a member (any role) of the
authority whose need is in a buyer group may turn the group into a
partnership if that authority leads the group.
"""

from django.db.models import Prefetch, Q
from django.http import Http404

from .models import (
    BuyerGroup,
    BuyerGroupMember,
    InnovationDemand,
    Organisation,
    OrganisationMember,
)


def organisation_ids_of(user) -> set[int]:
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_organisation_ids", None)
    if cached is None:
        cached = user._organisation_ids = dict(
            OrganisationMember.objects.filter(user=user).values_list(
                "organisation_id", "organisation__kind"
            )
        )
    return set(cached)


def authority_ids_of(user) -> set[int]:
    organisation_ids_of(user)  # fills the cache
    cached = getattr(user, "_organisation_ids", {})
    return {pk for pk, kind in cached.items() if kind == Organisation.Kind.AUTHORITY}


def is_authority_member(user) -> bool:
    return bool(authority_ids_of(user))


def authorities_of(user):
    return Organisation.objects.filter(pk__in=authority_ids_of(user)).order_by("name")


def demand_visibility_q(user) -> Q:
    """The rule as a filter: which needs `user` may see (see the module docstring)."""
    published = Q(status=InnovationDemand.Status.PUBLISHED)
    visible = published & Q(visibility=InnovationDemand.Visibility.PUBLIC)
    if is_authority_member(user):
        visible |= published & Q(visibility=InnovationDemand.Visibility.AUTHORITIES)
    own = organisation_ids_of(user)
    if own:
        visible |= Q(organisation_id__in=own)
    return visible


def demands_visible_to(user):
    return InnovationDemand.objects.filter(demand_visibility_q(user))


def demands_public():
    """What anonymous readers see: the feed, the sitemap and the page cache use only this."""
    return InnovationDemand.objects.public()


def may_view_demand(user, demand: InnovationDemand) -> bool:
    if demand.organisation_id in organisation_ids_of(user):
        return True
    if not demand.is_published:
        return False
    if demand.visibility == InnovationDemand.Visibility.PUBLIC:
        return True
    return is_authority_member(user)


def may_create_demand(user) -> bool:
    return is_authority_member(user)


def may_edit_demand(user, demand: InnovationDemand) -> bool:
    """Members of the need's own authority write, publish and withdraw it."""
    return demand.organisation_id in authority_ids_of(user)


def may_join_with(user, own: InnovationDemand, target: InnovationDemand) -> bool:
    """Bundle one's own published need with another authority's need that is open to it."""
    return (
        may_edit_demand(user, own)
        and own.is_published
        and target.is_published
        and target.open_to_bundling
        and own.organisation_id != target.organisation_id
        and may_view_demand(user, target)
    )


def may_convert_buyer_group(user, group: BuyerGroup) -> bool:
    """The lead authority's members turn the group into a partnership, once."""
    return group.partnership_id is None and group.lead_organisation_id in authority_ids_of(user)


def may_view_buyer_group(user, group: BuyerGroup) -> bool:
    """Authorities see buyer groups (who bundles with whom is not public)."""
    return is_authority_member(user)


# --------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------


def demand_list(*, user):
    """Needs `user` may see, with what a list shows, in a fixed number of queries."""
    return (
        demands_visible_to(user)
        .select_related("organisation", "buyer_group_member__group")
        .order_by("-published_at", "-pk")
    )


def demand_get_for_user(*, user, pk) -> InnovationDemand:
    """The need, or 404 both when it does not exist and when `user` may not see it."""
    demand = (
        InnovationDemand.objects.filter(pk=pk)
        .select_related("organisation", "buyer_group_member__group__lead_organisation")
        .first()
    )
    if demand is None or not may_view_demand(user, demand):
        raise Http404
    return demand


def own_demands(*, user):
    """Needs of the user's authorities, drafts included: where one may bundle from."""
    return (
        InnovationDemand.objects.filter(organisation_id__in=authority_ids_of(user))
        .select_related("organisation", "buyer_group_member")
        .order_by("-updated_at")
    )


def buyer_group_get_for_user(*, user, pk) -> BuyerGroup:
    group = BuyerGroup.objects.filter(pk=pk).select_related("lead_organisation").first()
    if group is None or not may_view_buyer_group(user, group):
        raise Http404
    return group


def buyer_group_members(*, group: BuyerGroup):
    return (
        BuyerGroupMember.objects.filter(group=group)
        .select_related("demand__organisation")
        .order_by("joined_at", "pk")
    )


def buyer_group_totals(*, group: BuyerGroup) -> dict:
    """Combined volume per unit and the pipeline of every need, with its authority."""
    members = list(buyer_group_members(group=group))
    volumes: dict[str, float] = {}
    pipeline = []
    for member in members:
        demand = member.demand
        if demand.volume is not None:
            unit = demand.volume_unit.strip() or "-"
            volumes[unit] = volumes.get(unit, 0) + demand.volume
        pipeline.extend((demand.organisation, line) for line in demand.pipeline_lines)
    return {
        "members": members,
        "volumes": sorted(volumes.items()),
        "pipeline": pipeline,
        "authorities": sorted({m.demand.organisation for m in members}, key=lambda o: o.name),
    }


def buyer_groups_prefetch():
    return Prefetch("members", queryset=BuyerGroupMember.objects.select_related("demand"))
