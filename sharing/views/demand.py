"""Signed-in side of /vraagbundeling/: authoring needs, bundling, and buyer group to partnership.

Each view asks `sharing.access` (rules written once in `projects.selectors_demand`)
and calls one service; what is not theirs answers 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from projects import selectors_demand, services
from projects.forms import DemandForm
from projects.models import BuyerGroup, InnovationDemand

from .. import access


def _demand_for_editing(user, pk) -> InnovationDemand:
    demand = get_object_or_404(InnovationDemand.objects.select_related("organisation"), pk=pk)
    if not access.may_edit_demand(user, demand):
        raise Http404
    return demand


class DemandCreateView(LoginRequiredMixin, View):
    template_name = "sharing/demand_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access.may_create_demand(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = DemandForm(authorities=access.authorities_of(request.user))
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = DemandForm(request.POST, authorities=access.authorities_of(request.user))
        if form.is_valid():
            data = dict(form.cleaned_data)
            organisation = data.pop("organisation")
            try:
                demand = services.demand_create(
                    actor=request.user, organisation=organisation, **data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if "publish" in request.POST:
                    services.demand_publish(demand=demand, actor=request.user)
                    messages.success(request, _("Uw innovatievraag is gepubliceerd."))
                else:
                    messages.success(request, _("Uw innovatievraag is als concept bewaard."))
                return redirect(demand)
        return render(request, self.template_name, {"form": form}, status=400)


class DemandEditView(LoginRequiredMixin, View):
    template_name = "sharing/demand_form.html"

    def get(self, request, pk):
        demand = _demand_for_editing(request.user, pk)
        form = DemandForm(instance=demand, authorities=access.authorities_of(request.user))
        return render(request, self.template_name, {"form": form, "demand": demand})

    def post(self, request, pk):
        demand = _demand_for_editing(request.user, pk)
        form = DemandForm(
            request.POST, instance=demand, authorities=access.authorities_of(request.user)
        )
        if form.is_valid():
            try:
                services.demand_update(demand=demand, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("De innovatievraag is bijgewerkt."))
                return redirect(demand)
        return render(request, self.template_name, {"form": form, "demand": demand}, status=400)


class DemandPublishView(LoginRequiredMixin, View):
    def post(self, request, pk):
        demand = _demand_for_editing(request.user, pk)
        services.demand_publish(demand=demand, actor=request.user)
        messages.success(request, _("Uw innovatievraag is gepubliceerd."))
        return redirect(demand)


class DemandUnpublishView(LoginRequiredMixin, View):
    def post(self, request, pk):
        demand = _demand_for_editing(request.user, pk)
        services.demand_unpublish(demand=demand, actor=request.user)
        messages.success(request, _("De innovatievraag is teruggezet naar concept."))
        return redirect(demand)


class BundleJoinView(LoginRequiredMixin, View):
    """Bundle one of the user's own needs with this need (POST `own`)."""

    def post(self, request, pk):
        target = selectors_demand.demand_get_for_user(user=request.user, pk=pk)
        own = _demand_for_editing(request.user, request.POST.get("own") or 0)
        try:
            group = services.buyer_group_join(own=own, target=target, actor=request.user)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(target)
        messages.success(request, _("U bundelt uw vraag nu in de kopersgroep."))
        return redirect("buyer-group-detail", pk=group.pk)


class BuyerGroupConvertView(LoginRequiredMixin, View):
    """The lead authority turns its buyer group into one partnership workspace."""

    def post(self, request, pk):
        group = get_object_or_404(BuyerGroup, pk=pk)
        if not access.may_convert_buyer_group(request.user, group):
            raise Http404
        try:
            partnership = services.buyer_group_to_partnership(
                group=group, actor=request.user, title=request.POST.get("title", "")
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("buyer-group-detail", pk=group.pk)
        messages.success(request, _("Het partnerschap is aangemaakt."))
        return redirect("sharing:dashboard", slug=partnership.slug)
