"""The market consultation: the candidates' side and the client's ledger in the workspace.

Every decision is asked of `sharing.access` (written once in
`projects.selectors_consultation`); every write is one service. A candidate
never receives anything of another candidate: not a question, not a name,
not a number of candidates.
"""

import csv

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects import selectors_consultation as ledger
from projects import services
from projects.models import ConsultationAnswer, ConsultationCandidate, ConsultationQuestion

from .. import access
from .base import WorkspaceMixin


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --------------------------------------------------------------------------
# Candidates (signed in, no workspace)
# --------------------------------------------------------------------------


class CandidateMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.consultation = ledger.consultation_for_slug(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)


class CandidatePageView(CandidateMixin, TemplateView):
    template_name = "sharing/consultation_candidate.html"

    def get_context_data(self, **kwargs):
        user, consultation = self.request.user, self.consultation
        may_read = access.may_read_published_answers(user, consultation)
        return {
            **super().get_context_data(**kwargs),
            "consultation": consultation,
            "partnership": consultation.partnership,
            "candidate": access.candidate_of(user, consultation),
            "may_register": access.may_register(user, consultation),
            "registrable": access.registrable_organisations(user, consultation),
            "may_ask": access.may_ask(user, consultation),
            "is_client": access.is_consultation_client(user, consultation),
            "questions": access.questions_visible_to(user, consultation)
            if not access.is_consultation_client(user, consultation)
            else [],
            "answers": ledger.published_answers(consultation) if may_read else [],
            "may_read": may_read,
            "notices": list(ledger.unread_notices(user, consultation)),
        }


class CandidateRegisterView(CandidateMixin, View):
    def post(self, request, slug):
        organisation = None
        if request.POST.get("organisation"):
            organisation = get_object_or_404(
                access.registrable_organisations(request.user, self.consultation),
                pk=request.POST["organisation"],
            )
        try:
            services.candidate_register(
                consultation=self.consultation,
                actor=request.user,
                organisation=organisation,
                organisation_name=request.POST.get("organisation_name", ""),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("U bent aangemeld voor de marktconsultatie."))
        return redirect("consultation-candidate", slug=slug)


class NoticesReadView(CandidateMixin, View):
    def post(self, request, slug):
        services.consultation_notices_mark_read(consultation=self.consultation, actor=request.user)
        return redirect("consultation-candidate", slug=slug)


class QuestionAskView(CandidateMixin, View):
    def post(self, request, slug):
        try:
            services.question_ask(
                consultation=self.consultation, actor=request.user, text=request.POST.get("text")
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request,
                _("Uw vraag is verstuurd. Het antwoord verschijnt in de nota van inlichtingen."),
            )
        return redirect("consultation-candidate", slug=slug)


class NotaPrintView(CandidateMixin, TemplateView):
    """All published answers, printable; the same page for every reader."""

    template_name = "sharing/consultation_print.html"

    def get_context_data(self, **kwargs):
        if not access.may_read_published_answers(self.request.user, self.consultation):
            raise Http404
        return {
            **super().get_context_data(**kwargs),
            "consultation": self.consultation,
            "partnership": self.consultation.partnership,
            "answers": ledger.published_answers(self.consultation),
        }


class NotaCsvView(CandidateMixin, View):
    def get(self, request, slug):
        if not access.may_read_published_answers(request.user, self.consultation):
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="nota-van-inlichtingen-{slug}.csv"'
        writer = csv.writer(response)
        writer.writerow(["nota", "nummer", "gepubliceerd", "corrigeert", "vraag", "antwoord"])
        for a in ledger.published_answers(self.consultation):
            writer.writerow(
                [
                    a.nota.number,
                    a.number,
                    a.nota.published_at.isoformat(),
                    a.corrects.number if a.corrects else "",
                    a.question,
                    a.answer,
                ]
            )
        return response


# --------------------------------------------------------------------------
# The client's ledger in the workspace
# --------------------------------------------------------------------------


class LedgerMixin(WorkspaceMixin):
    nav = "consultation"

    def consultation(self):
        consultation = getattr(self.partnership, "consultation", None)
        if consultation is None or not access.may_manage_consultation(
            self.request.user, consultation
        ):
            raise Http404
        return consultation


class LedgerView(LedgerMixin, TemplateView):
    template_name = "sharing/consultation_ledger.html"

    def get_context_data(self, **kwargs):
        consultation = self.consultation()
        return {
            **super().get_context_data(**kwargs),
            "consultation": consultation,
            "candidates": ConsultationCandidate.objects.filter(consultation=consultation)
            .select_related("organisation", "contact", "party")
            .order_by("registered_at"),
            "questions": access.questions_visible_to(self.request.user, consultation),
            "drafts": ledger.draft_answers(consultation),
            "answers": ledger.published_answers(consultation),
        }


class AnswerDraftView(LedgerMixin, View):
    def post(self, request, slug):
        consultation = self.consultation()
        source = corrects = None
        if request.POST.get("source"):
            source = get_object_or_404(
                ConsultationQuestion, consultation=consultation, pk=request.POST["source"]
            )
        if request.POST.get("corrects"):
            corrects = get_object_or_404(
                ConsultationAnswer, consultation=consultation, pk=request.POST["corrects"]
            )
        try:
            services.answer_draft(
                consultation=consultation,
                actor=request.user,
                question=request.POST.get("question", ""),
                answer=request.POST.get("answer", ""),
                source=source,
                corrects=corrects,
            )
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("sharing:consultation", slug=slug)


class AnswerEditView(LedgerMixin, View):
    def post(self, request, slug, pk):
        consultation = self.consultation()
        answer = get_object_or_404(ConsultationAnswer, consultation=consultation, pk=pk)
        try:
            services.answer_update(
                answer=answer,
                actor=request.user,
                question=request.POST.get("question", ""),
                answer_text=request.POST.get("answer", ""),
            )
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("sharing:consultation", slug=slug)


class NotaPublishView(LedgerMixin, View):
    def post(self, request, slug):
        consultation = self.consultation()
        try:
            nota = services.nota_publish(consultation=consultation, actor=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request,
                _("Nota van inlichtingen %(n)s is gepubliceerd aan alle gegadigden.")
                % {"n": nota.number},
            )
        return redirect("sharing:consultation", slug=slug)


class CandidateSelectView(LedgerMixin, View):
    def post(self, request, slug, pk):
        consultation = self.consultation()
        candidate = get_object_or_404(ConsultationCandidate, consultation=consultation, pk=pk)
        services.candidate_select(candidate=candidate, actor=request.user)
        messages.success(
            request,
            _("%(name)s is nu opdrachtnemer in dit partnerschap.")
            % {"name": candidate.organisation.name},
        )
        return redirect("sharing:consultation", slug=slug)
