"""Public pages of innovation needs (/vraagbundeling/): read through `projects` selectors only.

Who sees which need is decided by `projects.selectors_demand`; writing
(authoring, bundling) happens in the signed-in views of `sharing.views.demand`.
These pages carry no form tokens for anonymous readers and never show a need
the reader may not see: not in the list, the counts, the filter choices or the
similar needs.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from projects import selectors_demand as demand_rules
from projects.similarity import similar_demands

from .filters import DemandFilter
from .query import clean_query

PER_PAGE = 20


@require_GET
def demand_index(request):
    user = request.user
    filterset = DemandFilter(request.GET or None, queryset=demand_rules.demand_list(user=user))
    demands = filterset.qs
    query = clean_query(request.GET.get("q", ""))
    if query:
        demands = demands.filter(Q(title__icontains=query) | Q(question__icontains=query))
    page = Paginator(demands, PER_PAGE).get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(
        request,
        "portal/demand_index.html",
        {
            "filterset": filterset,
            "results": page,
            "query": query,
            "querystring": params.urlencode(),
            "may_create": demand_rules.may_create_demand(user),
        },
    )


@require_GET
def demand_detail(request, pk):
    user = request.user
    demand = demand_rules.demand_get_for_user(user=user, pk=pk)
    member = getattr(demand, "buyer_group_member", None)
    group = member.group if member else None
    may_edit = demand_rules.may_edit_demand(user, demand)
    own = [
        d
        for d in demand_rules.own_demands(user=user)
        if demand_rules.may_join_with(user, d, demand)
    ]
    context = {
        "demand": demand,
        "similar": similar_demands(demand=demand, user=user),
        "may_edit": may_edit,
        "bundle_from": own,
        "group": group if group and demand_rules.may_view_buyer_group(user, group) else None,
    }
    return render(request, "portal/demand_detail.html", context)


@require_GET
def buyer_group_detail(request, pk):
    user = request.user
    group = demand_rules.buyer_group_get_for_user(user=user, pk=pk)
    totals = demand_rules.buyer_group_totals(group=group)
    return render(
        request,
        "portal/buyer_group_detail.html",
        {
            "group": group,
            **totals,
            "may_convert": demand_rules.may_convert_buyer_group(user, group),
        },
    )
