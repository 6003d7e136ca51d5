"""fasen/termijnen/, fasen/aankoop/ and fasen/rechten/: money, purchase and result rights.

A contractor sees only its own money, its own results and its own rights.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects import phase_selectors as ps
from projects import selectors as pool
from projects import services as project_services

from .. import access
from ..forms import apply_errors
from ..phase_forms import (
    InstalmentFilter,
    InstalmentForm,
    LevelForm,
    PaidForm,
    PurchaseForm,
    RightsForm,
)
from .equipment import csv_response
from .phases import PhasesMixin


class InstalmentListView(PhasesMixin, TemplateView):
    """fasen/termijnen/: instalments with totals per phase, contractor and partnership; CSV."""

    template_name = "sharing/instalment_list.html"

    def get(self, request, *args, **kwargs):
        qs = access.visible_instalments(self.seat, ps.instalment_list(partnership=self.partnership))
        phases = ps.phase_list(partnership=self.partnership)
        self.filterset = InstalmentFilter(
            request.GET or None, queryset=qs, phases=phases, contractors=self.contractors()
        )
        instalments = list(self.filterset.qs)
        if request.GET.get("export") == "csv":
            return csv_response(
                "termijnen.csv",
                [_("Fase"), _("Opdrachtnemer"), _("Omschrijving"), _("Bedrag"), _("Status"),
                 _("Betaald op"), _("Doelen")],
                (
                    [i.phase.name, i.party.organisation.name, i.label, i.amount,
                     i.get_status_display(), i.paid_on or "",
                     "; ".join(str(t) for t in i.targets.all())]
                    for i in instalments
                ),
            )  # fmt: skip
        form = None
        if access.may_manage_phases(self.seat):
            form = kwargs.get("form") or InstalmentForm(
                prefix="nieuw",
                phases=phases,
                contractors=ps.contractors(partnership=self.partnership),
            )
        return self.render_to_response(
            self.get_context_data(
                instalments=instalments,
                totals=ps.instalment_totals(instalments),
                budgets={p.pk: p.budget for p in phases},
                filter=self.filterset,
                form=form,
            ),
            status=kwargs.get("status", 200),
        )

    def post(self, request, *args, **kwargs):
        self.require(access.may_manage_phases(self.seat))
        form = InstalmentForm(
            request.POST,
            prefix="nieuw",
            phases=ps.phase_list(partnership=self.partnership),
            contractors=ps.contractors(partnership=self.partnership),
        )
        if form.is_valid():
            try:
                project_services.instalment_create(actor=request.user, **form.cleaned_data)
                messages.success(request, _("De termijn is toegevoegd."))
                return redirect("sharing:instalments", slug=self.partnership.slug)
            except ValidationError as exc:
                apply_errors(form, exc)
        request.GET = request.GET.copy()
        return self.get(request, *args, form=form, status=400, **kwargs)


class InstalmentDetailView(PhasesMixin, TemplateView):
    """fasen/termijnen/<pk>/: the client and the contractor concerned; 404 to anyone else."""

    template_name = "sharing/instalment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instalment = access.row_for_seat(
            self.seat, ps.instalment_list(partnership=self.partnership), self.kwargs["pk"]
        )
        context.update(
            instalment=instalment,
            may_advance=access.may_advance_instalment(self.seat, instalment),
            next_status=instalment.NEXT.get(instalment.status),
            paid_form=PaidForm(),
        )
        return context


class InstalmentAdvanceView(PhasesMixin, View):
    """POST fasen/termijnen/<pk>/volgende/: due → approved → paid, by a client lead."""

    def post(self, request, *args, **kwargs):
        instalment = access.row_for_seat(
            self.seat, ps.instalment_list(partnership=self.partnership), kwargs["pk"]
        )
        self.require(access.may_advance_instalment(self.seat, instalment))
        form = PaidForm(request.POST)
        paid_on = form.cleaned_data["paid_on"] if form.is_valid() else None
        try:
            project_services.instalment_advance(
                instalment=instalment, actor=request.user, paid_on=paid_on
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("sharing:instalment-detail", slug=self.partnership.slug, pk=instalment.pk)


class PurchaseView(PhasesMixin, TemplateView):
    """fasen/aankoop/: agreed levels beside measured results; the decision to buy; sections."""

    template_name = "sharing/purchase.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parties = list(self.contractors())
        assessments = access.visible_assessments(
            self.seat, ps.assessment_list(partnership=self.partnership)
        )
        may_manage = access.may_manage_phases(self.seat)
        adjustable = project_services.plan_is_adjustable(self.partnership)
        decisions = {
            d.party_id: d
            for d in access.visible_purchase_decisions(
                self.seat, ps.purchase_decisions(partnership=self.partnership)
            )
        }
        sections = list(pool.section_list(partnership=self.partnership))
        section_qs = pool.section_list(partnership=self.partnership)
        context.update(
            parties=parties,
            # One form per contractor, each with its own prefix (unique ids).
            party_rows=[
                (
                    p,
                    decisions.get(p.pk),
                    [s for s in sections if s.contractor_id == p.pk],
                    PurchaseForm(prefix=f"p{p.pk}", sections=section_qs) if may_manage else None,
                )
                for p in parties
            ],
            rows=ps.purchase_overview(
                partnership=self.partnership, assessments=assessments, parties=parties
            ),
            level_form=kwargs.get("level_form")
            or (LevelForm() if may_manage and adjustable else None),
            levels_locked=not adjustable,
        )
        return context


class LevelCreateView(PurchaseView):
    """POST fasen/aankoop/niveau/: an agreed level, until the first R&D phase starts."""

    def post(self, request, *args, **kwargs):
        self.require(access.may_manage_phases(self.seat))
        form = LevelForm(request.POST)
        if form.is_valid():
            try:
                project_services.performance_level_create(
                    partnership=self.partnership, actor=request.user, **form.cleaned_data
                )
                return redirect("sharing:purchase", slug=self.partnership.slug)
            except ValidationError as exc:
                apply_errors(form, exc)
        return self.render_to_response(self.get_context_data(level_form=form), status=400)


class PurchaseDecideView(PhasesMixin, View):
    """POST fasen/aankoop/<party>/: buy (or not) one contractor's result, with its sections."""

    def post(self, request, *args, **kwargs):
        self.require(access.may_manage_phases(self.seat))
        party = self.contractors().filter(pk=kwargs["party"]).first()
        self.require(party is not None)
        form = PurchaseForm(
            request.POST,
            prefix=f"p{party.pk}",
            sections=pool.section_list(partnership=self.partnership),
        )
        if form.is_valid():
            try:
                project_services.purchase_decide(
                    partnership=self.partnership, party=party, actor=request.user,
                    **form.cleaned_data,
                )  # fmt: skip
                messages.success(request, _("Het afnamebesluit is vastgelegd."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Kies afnemen of niet en geef een motivering."))
        return redirect("sharing:purchase", slug=self.partnership.slug)


class RightsListView(PhasesMixin, TemplateView):
    """fasen/rechten/: the register of rights to the results; ?export=csv."""

    template_name = "sharing/rights_list.html"

    def get(self, request, *args, **kwargs):
        rights = list(
            access.visible_rights(self.seat, ps.rights_list(partnership=self.partnership))
        )
        if request.GET.get("export") == "csv":
            yes, no = _("ja"), _("nee")
            return csv_response(
                "rechten.csv",
                [_("Resultaat"), _("Soort"), _("Opdrachtnemer"), _("Eigenaar"),
                 _("Eigen gebruik"), _("Andere overheden"), _("Publiceren"), _("Vanaf fase")],
                (
                    [r.title, r.get_item_kind_display(), r.party.organisation.name,
                     r.get_owner_display(), yes if r.own_use else no,
                     yes if r.other_authorities else no, yes if r.publish else no,
                     r.from_phase.name if r.from_phase else ""]
                    for r in rights
                ),
            )  # fmt: skip
        form = None
        if access.may_manage_phases(self.seat):
            form = kwargs.get("form") or self.form()
        return self.render_to_response(
            self.get_context_data(rights=rights, form=form), status=kwargs.get("status", 200)
        )

    def form(self, data=None):
        return RightsForm(
            data,
            contractors=ps.contractors(partnership=self.partnership),
            phases=ps.phase_list(partnership=self.partnership),
        )

    def post(self, request, *args, **kwargs):
        self.require(access.may_manage_phases(self.seat))
        form = self.form(request.POST)
        if form.is_valid():
            try:
                project_services.rights_set(
                    partnership=self.partnership, actor=request.user, **form.cleaned_data
                )
                return redirect("sharing:rights", slug=self.partnership.slug)
            except ValidationError as exc:
                apply_errors(form, exc)
        return self.get(request, *args, form=form, status=400, **kwargs)
