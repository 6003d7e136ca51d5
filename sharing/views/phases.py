"""fasen/: the life of a partnership — phases, targets, assessments, go/no-go, instalments.

Every list is narrowed by `access.phases` before it is filtered, shown,
counted or exported; a row of another contractor answers 404. Each action
has its own URL and calls one service.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects import phase_selectors as ps
from projects import services as project_services

from .. import access
from ..forms import apply_errors
from ..phase_forms import (
    AssessmentRowForm,
    DecisionForm,
    EvidenceForm,
    PhaseForm,
    PhasePlanForm,
    PhaseRowFilter,
    TargetForm,
)
from . import charts
from .base import WorkspaceMixin
from .equipment import csv_response


class PhasesMixin(WorkspaceMixin):
    nav = "phases"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            may_manage=access.may_manage_phases(self.seat),
            sees_all=access.sees_every_contractor(self.seat),
        )
        return context

    def contractors(self):
        return access.visible_contractors(self.seat, self.partnership)

    def back(self, phase=None):
        if phase is not None:
            return redirect("sharing:phase-detail", slug=self.partnership.slug, pk=phase.pk)
        return redirect("sharing:phases", slug=self.partnership.slug)


class PhaseListView(PhasesMixin, TemplateView):
    """fasen/: the timeline of the phases with a text table; the plan's rules."""

    template_name = "sharing/phase_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        phases = list(ps.phase_list(partnership=self.partnership))
        plan = project_services.phase_plan_for(self.partnership)
        adjustable = project_services.plan_is_adjustable(self.partnership)
        may_manage = context["may_manage"]
        decisions = list(
            access.visible_decisions(self.seat, ps.decision_list(partnership=self.partnership))
        )
        context.update(
            phases=phases,
            current=next((p for p in phases if p.status == p.Status.RUNNING), None),
            chart=charts.phase_timeline(phases, timezone.localdate()),
            plan=plan,
            adjustable=adjustable,
            decisions=decisions,
            may_adjust=may_manage and adjustable,
            plan_form=PhasePlanForm(
                initial={"reduction_allowed": plan.reduction_allowed, "four_eyes": plan.four_eyes}
            )
            if may_manage and adjustable
            else None,
            phase_form=kwargs.get("phase_form")
            or (
                PhaseForm(initial={"order": len(phases) + 1}) if may_manage and adjustable else None
            ),
            procedure=self.partnership.get_procedure_type_display(),
        )
        return context


class PhaseTemplateView(PhasesMixin, View):
    """POST fasen/sjabloon/: create the instrument's usual phases."""

    def post(self, request, *args, **kwargs):
        self.require(access.may_manage_phases(self.seat))
        try:
            project_services.phases_from_template(partnership=self.partnership, actor=request.user)
            messages.success(request, _("De gebruikelijke fases van het instrument staan klaar."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return self.back()


class PhasePlanView(PhasesMixin, View):
    """POST fasen/afspraken/: what the tender documents allow (reduction, four eyes)."""

    def post(self, request, *args, **kwargs):
        self.require(access.may_manage_phases(self.seat))
        form = PhasePlanForm(request.POST)
        if form.is_valid():
            try:
                project_services.phase_plan_set(
                    partnership=self.partnership, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("De afspraken zijn vastgelegd."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return self.back()


class PhaseCreateView(PhasesMixin, TemplateView):
    """POST fasen/nieuw/: add a phase while the plan is adjustable."""

    template_name = "sharing/phase_list.html"

    def post(self, request, *args, **kwargs):
        self.require(access.may_manage_phases(self.seat))
        form = PhaseForm(request.POST)
        if form.is_valid():
            try:
                phase = project_services.phase_create(
                    partnership=self.partnership, actor=request.user, **form.cleaned_data
                )
                return self.back(phase)
            except ValidationError as exc:
                apply_errors(form, exc)
        context = PhaseListView.get_context_data(self, phase_form=form)
        return self.render_to_response(context, status=400)


class PhaseEditView(PhasesMixin, TemplateView):
    """fasen/<pk>/wijzigen/: adjust a phase until the first R&D phase starts."""

    template_name = "sharing/phase_form.html"

    def setup_phase(self):
        self.require(
            access.may_manage_phases(self.seat)
            and project_services.plan_is_adjustable(self.partnership)
        )
        self.phase = ps.phase_get(partnership=self.partnership, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.setup_phase()
        p = self.phase
        form = PhaseForm(initial={f: getattr(p, f) for f in PhaseForm.base_fields if hasattr(p, f)})
        return self.render_to_response(self.get_context_data(form=form, phase=p))

    def post(self, request, *args, **kwargs):
        self.setup_phase()
        form = PhaseForm(request.POST)
        if form.is_valid():
            try:
                project_services.phase_update(
                    phase=self.phase, actor=request.user, **form.cleaned_data
                )
                return self.back(self.phase)
            except ValidationError as exc:
                apply_errors(form, exc)
        return self.render_to_response(
            self.get_context_data(form=form, phase=self.phase), status=400
        )


class PhaseDetailView(PhasesMixin, TemplateView):
    """fasen/<pk>/: the phase with its targets, the results per contractor, decisions, money."""

    template_name = "sharing/phase_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        phase = ps.phase_get(partnership=self.partnership, pk=self.kwargs["pk"])
        targets = list(
            access.visible_targets(
                self.seat, ps.target_list(partnership=self.partnership).filter(phase=phase)
            )
        )
        contractors = list(self.contractors())
        assessments = access.visible_assessments(
            self.seat, ps.assessment_list(partnership=self.partnership).filter(target__phase=phase)
        )
        by_key = {(a.target_id, a.party_id): a for a in assessments}
        decisions = {
            d.party_id: d
            for d in access.visible_decisions(
                self.seat, ps.decision_list(partnership=self.partnership).filter(phase=phase)
            )
        }
        instalments = list(
            access.visible_instalments(
                self.seat, ps.instalment_list(partnership=self.partnership).filter(phase=phase)
            )
        )
        may_assess = access.may_assess(self.seat) and phase.status in (
            phase.Status.RUNNING,
            phase.Status.ASSESSMENT,
        )
        may_decide = access.may_decide(self.seat) and phase.status == phase.Status.ASSESSMENT
        rows = []
        for party in contractors:
            decision = decisions.get(party.pk)
            rows.append(
                {
                    "party": party,
                    "cells": [
                        (t, by_key.get((t.pk, party.pk)) if t.applies_to(party) else None)
                        for t in targets
                    ],
                    "decision": decision,
                    "may_confirm": decision is not None
                    and access.may_confirm_decision(self.seat, decision),
                    "may_decide": may_decide and decision is None and party.is_active,
                }
            )
        context.update(
            phase=phase,
            targets=targets,
            rows=rows,
            instalments=instalments,
            totals=ps.instalment_totals(instalments),
            may_assess=may_assess,
            may_move=access.may_manage_phases(self.seat),
            may_edit=access.may_manage_phases(self.seat)
            and project_services.plan_is_adjustable(self.partnership),
            may_add_target=access.may_manage_phases(self.seat) and not phase.targets_locked,
            may_amend=access.may_manage_phases(self.seat) and phase.targets_locked,
        )
        return context


class PhaseMoveView(PhasesMixin, View):
    """POST fasen/<pk>/<move>/: start (targets lock), assess, close."""

    def post(self, request, *args, **kwargs):
        self.require(access.may_manage_phases(self.seat))
        phase = ps.phase_get(partnership=self.partnership, pk=kwargs["pk"])
        try:
            project_services.phase_move(phase=phase, move=kwargs["move"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return self.back(phase)


class TargetFormView(PhasesMixin, TemplateView):
    """fasen/<pk>/doelen/nieuw/ and fasen/doelen/<target>/wijzigen/ (an amendment once started)."""

    template_name = "sharing/target_form.html"

    def setup_target(self):
        self.require(access.may_manage_phases(self.seat))
        self.target = None
        if "target" in self.kwargs:
            self.target = (
                ps.target_list(partnership=self.partnership)
                .filter(pk=self.kwargs["target"])
                .first()
            )
            if self.target is None:
                self.require(False)
            self.phase = self.target.phase
        else:
            self.phase = ps.phase_get(partnership=self.partnership, pk=self.kwargs["pk"])
        self.amend = self.phase.targets_locked

    def form(self, data=None):
        initial = {}
        if self.target is not None:
            t = self.target
            initial = {
                "contractor": t.contractor,
                "measure": t.measure,
                "comparator": t.comparator,
                "threshold": t.threshold,
                "unit": t.unit,
                "weight": t.weight,
                "method": t.method,
            }
        return TargetForm(
            data,
            initial=initial,
            contractors=ps.contractors(partnership=self.partnership),
            amend=self.amend and self.target is not None,
        )

    def get(self, request, *args, **kwargs):
        self.setup_target()
        if self.target is None and self.amend:
            self.require(False)
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        self.setup_target()
        form = self.form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if self.target is None:
                    project_services.target_create(phase=self.phase, actor=request.user, **data)
                elif self.amend:
                    project_services.target_amend(target=self.target, actor=request.user, **data)
                    messages.success(
                        request,
                        _("Het doel is gewijzigd; alle betrokken opdrachtnemers zijn ingelicht."),
                    )
                else:
                    project_services.target_update(target=self.target, actor=request.user, **data)
                return self.back(self.phase)
            except ValidationError as exc:
                apply_errors(form, exc)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(phase=self.phase, target=self.target, amend=self.amend)
        return context


class AssessView(PhasesMixin, TemplateView):
    """fasen/<pk>/beoordelen/<party>/: a client lead records one contractor's results."""

    template_name = "sharing/assessment_form.html"

    def setup_assess(self):
        self.require(access.may_assess(self.seat))
        self.phase = ps.phase_get(partnership=self.partnership, pk=self.kwargs["pk"])
        self.party = self.contractors().filter(pk=self.kwargs["party"]).first()
        self.require(self.party is not None)
        self.targets = [
            t
            for t in ps.target_list(partnership=self.partnership).filter(phase=self.phase)
            if t.applies_to(self.party)
        ]
        self.existing = {
            a.target_id: a
            for a in ps.assessment_list(partnership=self.partnership).filter(
                target__phase=self.phase, party=self.party
            )
        }
        self.documents = access.evidence_choices(self.request.user, self.partnership, self.party)

    def forms(self, data=None):
        rows = []
        for t in self.targets:
            a = self.existing.get(t.pk)
            initial = (
                {"measured_value": a.measured_value, "met": "1" if a.met else "0", "note": a.note}
                if a
                else {}
            )
            rows.append((t, AssessmentRowForm(data, prefix=f"t{t.pk}", initial=initial)))
        evidence = sorted({i for a in self.existing.values() for i in a.evidence_document_ids})
        return rows, EvidenceForm(data, documents=self.documents, initial={"evidence": evidence})

    def get(self, request, *args, **kwargs):
        self.setup_assess()
        rows, evidence = self.forms()
        return self.render_to_response(self.get_context_data(rows=rows, evidence_form=evidence))

    def post(self, request, *args, **kwargs):
        self.setup_assess()
        rows, evidence = self.forms(request.POST)
        valid = evidence.is_valid() and all(f.is_valid() for _t, f in rows)
        if valid:
            ids = [d.pk for d in evidence.cleaned_data["evidence"]]
            try:
                for target, form in rows:
                    data = form.cleaned_data
                    if data["measured_value"] is None and data["met"] is None:
                        continue
                    project_services.assessment_record(
                        target=target,
                        party=self.party,
                        measured_value=data["measured_value"],
                        met=data["met"],
                        note=data["note"],
                        evidence_document_ids=ids,
                        actor=request.user,
                    )
            except ValidationError as exc:
                apply_errors(evidence, exc)
            else:
                messages.success(
                    request,
                    _("De beoordeling van %(org)s is vastgelegd.")
                    % {"org": self.party.organisation.name},
                )
                return self.back(self.phase)
        return self.render_to_response(
            self.get_context_data(rows=rows, evidence_form=evidence), status=400
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(phase=self.phase, party=self.party)
        return context


class DecideView(PhasesMixin, TemplateView):
    """fasen/<pk>/besluit/<party>/: go/no-go for one contractor."""

    template_name = "sharing/decision_form.html"

    def setup_decide(self):
        self.require(access.may_decide(self.seat))
        self.phase = ps.phase_get(partnership=self.partnership, pk=self.kwargs["pk"])
        self.party = self.contractors().filter(pk=self.kwargs["party"]).first()
        self.require(self.party is not None)
        self.unmet = project_services.unmet_targets(phase=self.phase, party=self.party)

    def get(self, request, *args, **kwargs):
        self.setup_decide()
        return self.render_to_response(self.get_context_data(form=DecisionForm()))

    def post(self, request, *args, **kwargs):
        self.setup_decide()
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                decision = project_services.decision_record(
                    phase=self.phase, party=self.party, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if decision.status == decision.Status.AWAITING:
                    messages.info(
                        request, _("Het besluit wacht op bevestiging door een tweede trekker.")
                    )
                else:
                    messages.success(
                        request, _("Het besluit is genomen; de opdrachtnemer is ingelicht.")
                    )
                return self.back(self.phase)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            phase=self.phase,
            party=self.party,
            unmet=self.unmet,
            plan=project_services.phase_plan_for(self.partnership),
        )
        return context


class DecisionDetailView(PhasesMixin, TemplateView):
    """fasen/besluiten/<pk>/: the client and the contractor concerned; 404 to anyone else."""

    template_name = "sharing/decision_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = access.row_for_seat(
            self.seat, ps.decision_list(partnership=self.partnership), self.kwargs["pk"]
        )
        context.update(
            decision=decision, may_confirm=access.may_confirm_decision(self.seat, decision)
        )
        return context


class DecisionConfirmView(PhasesMixin, View):
    """POST fasen/besluiten/<pk>/bevestigen/: the second client lead (four eyes)."""

    def post(self, request, *args, **kwargs):
        decision = access.row_for_seat(
            self.seat, ps.decision_list(partnership=self.partnership), kwargs["pk"]
        )
        self.require(access.may_confirm_decision(self.seat, decision))
        try:
            project_services.decision_confirm(decision=decision, actor=request.user)
            messages.success(request, _("Het besluit is bevestigd."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return self.back(decision.phase)


class AssessmentListView(PhasesMixin, TemplateView):
    """fasen/beoordelingen/: the reader's visible assessments, filtered; ?export=csv."""

    template_name = "sharing/assessment_list.html"

    def get(self, request, *args, **kwargs):
        qs = access.visible_assessments(self.seat, ps.assessment_list(partnership=self.partnership))
        self.filterset = PhaseRowFilter(
            request.GET or None,
            queryset=qs,
            phases=ps.phase_list(partnership=self.partnership),
            contractors=self.contractors(),
            field_prefix="target__",
        )
        assessments = self.filterset.qs
        if request.GET.get("export") == "csv":
            return csv_response(
                "beoordelingen.csv",
                [_("Fase"), _("Doel"), _("Opdrachtnemer"), _("Gemeten"), _("Gehaald"), _("Datum")],
                (
                    [
                        a.target.phase.name,
                        str(a.target),
                        a.party.organisation.name,
                        a.measured_value,
                        _("ja") if a.met else _("nee"),
                        a.assessed_at.date().isoformat(),
                    ]
                    for a in assessments
                ),
            )
        return self.render_to_response(
            self.get_context_data(assessments=assessments, filter=self.filterset)
        )


class AssessmentDetailView(PhasesMixin, TemplateView):
    """fasen/beoordelingen/<pk>/: one result with its evidence (only what the reader may open)."""

    template_name = "sharing/assessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = access.row_for_seat(
            self.seat, ps.assessment_list(partnership=self.partnership), self.kwargs["pk"]
        )
        context.update(
            assessment=assessment,
            evidence=access.evidence_documents(
                self.request.user,
                self.seat,
                self.partnership,
                assessment.party,
                assessment.evidence_document_ids,
            ),
        )
        return context
