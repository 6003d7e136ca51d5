"""lessen/: lessons learned, and proposing them for the public site."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects import phase_selectors

from .. import access, selectors
from ..filters import LessonFilter
from ..forms import (
    LessonCreateForm,
    LessonForm,
    PublicationProposeForm,
    ScopeForm,
    apply_errors,
)
from ..models import LessonPublication, Scope
from ..services import item_change_scope
from ..services import lessons as services
from .base import WorkspaceMixin, paginate

LESSON_FORM_FIELDS = services.LESSON_FIELDS


class LessonListView(WorkspaceMixin, TemplateView):
    template_name = "sharing/lesson_list.html"
    nav = "lessons"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lessons = selectors.lesson_list(user=self.request.user, partnership=self.partnership)
        filterset = LessonFilter(
            self.request.GET or None, queryset=lessons, partnership=self.partnership
        )
        page, query = paginate(self.request, filterset.qs, per_page=25)
        for lesson in page.object_list:
            publications = list(lesson.publications.all())
            lesson.latest_publication = publications[0] if publications else None
        context.update(
            filter=filterset,
            page=page,
            query=query,
            may_create=access.may_create_items(self.seat),
            awaiting=selectors.publications_awaiting(
                user=self.request.user, partnership=self.partnership, seat=self.seat
            ),
        )
        return context


class LessonCreateView(WorkspaceMixin, TemplateView):
    template_name = "sharing/lesson_form.html"
    nav = "lessons"

    def get(self, request, *args, **kwargs):
        self.require(access.may_create_items(self.seat))
        form = LessonCreateForm(own_party=self.seat.party)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.require(access.may_create_items(self.seat))
        form = LessonCreateForm(request.POST, own_party=self.seat.party)
        if form.is_valid():
            data = form.cleaned_data
            try:
                lesson = services.lesson_create(
                    partnership=self.partnership,
                    actor=request.user,
                    owner_party=data["owner_party"],
                    scope=data["scope"],
                    reference_choice=request.POST.get("reference_choice") or None,
                    **{name: data[name] for name in LESSON_FORM_FIELDS},
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("De les is vastgelegd."))
                return redirect(lesson.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LessonItemMixin(WorkspaceMixin):
    nav = "lessons"

    def get_lesson(self):
        return selectors.lesson_get_for_user(
            user=self.request.user, partnership=self.partnership, pk=self.kwargs["pk"]
        )


class LessonDetailView(LessonItemMixin, TemplateView):
    template_name = "sharing/lesson_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        lesson = kwargs.get("lesson") or self.get_lesson()
        checker = access.ItemChecker(user)
        checker.prefetch([lesson])
        allowed = checker.actions(lesson)
        publications = list(
            lesson.publications.select_related(
                "proposed_by", "owner_consent_by", "client_consent_by", "closed_by", "page"
            )
        )
        current = next((p for p in publications if p.is_open), None)
        # A lesson that is public says where and when, instead of offering
        # to propose it again.
        published = next(
            (
                p
                for p in publications
                if p.status == LessonPublication.Status.PUBLISHED and p.page and p.page.live
            ),
            None,
        )
        review = services.editorial_review(current) if current else None
        seat = self.seat
        context.update(
            lesson=lesson,
            allowed=allowed,
            history=[p for p in publications if not p.is_open][:10],
            current=current,
            published=published,
            review=review,
            may_propose=current is None
            and published is None
            and access.may_propose_publication(user, seat, lesson, checker),
            may_consent=current is not None
            and current.status == LessonPublication.Status.PENDING
            and bool(access.consents_user_may_give(user, seat, current, checker)),
            may_withdraw=current is not None
            and access.may_withdraw_publication(user, seat, current, checker),
            propose_form=kwargs.get("propose_form") or PublicationProposeForm(),
            scope_form=kwargs.get("scope_form") or ScopeForm(initial={"scope": lesson.scope}),
            scopes=Scope,
            statuses=LessonPublication.Status,
            rights=phase_selectors.rights_for_item(
                partnership_id=self.partnership.pk, item_kind="lesson", item_id=lesson.pk
            ),
        )
        return context


class LessonEditView(LessonItemMixin, TemplateView):
    template_name = "sharing/lesson_form.html"

    def get(self, request, *args, **kwargs):
        lesson = self.get_lesson()
        self.require(access.may(request.user, "change", lesson))
        form = LessonForm(initial={name: getattr(lesson, name) for name in LESSON_FORM_FIELDS})
        return self.render_to_response(self.get_context_data(form=form, lesson=lesson))

    def post(self, request, *args, **kwargs):
        lesson = self.get_lesson()
        self.require(access.may(request.user, "change", lesson))
        form = LessonForm(request.POST)
        if form.is_valid():
            try:
                lapsed = services.lesson_update(
                    lesson=lesson,
                    actor=request.user,
                    reference_choice=request.POST.get("reference_choice") or None,
                    **{name: form.cleaned_data[name] for name in LESSON_FORM_FIELDS},
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("De les is bijgewerkt."))
                if lapsed:
                    messages.warning(
                        request,
                        _(
                            "De tekst is gewijzigd terwijl het publicatievoorstel liep: "
                            "de toestemmingen die al gegeven waren, zijn vervallen."
                        ),
                    )
                return redirect(lesson.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, lesson=lesson), status=400)


class LessonScopeView(LessonItemMixin, View):
    def post(self, request, *args, **kwargs):
        lesson = self.get_lesson()
        if not access.may(request.user, "change_scope", lesson):
            raise Http404
        form = ScopeForm(request.POST)
        if form.is_valid():
            item_change_scope(item=lesson, actor=request.user, scope=form.cleaned_data["scope"])
            messages.success(
                request,
                _("De reikwijdte is nu: %(scope)s.") % {"scope": lesson.get_scope_display()},
            )
            return redirect(lesson.get_absolute_url())
        view = LessonDetailView(request=request, kwargs=kwargs, args=args)
        view.partnership, view.seat = self.partnership, self.seat
        return view.render_to_response(
            view.get_context_data(lesson=lesson, scope_form=form), status=400
        )


class PublicationActionView(LessonItemMixin, View):
    """POST propose / consent / withdraw; refusals the user may know of become messages."""

    ACTIONS = ("voorstellen", "toestemming", "intrekken")

    def post(self, request, *args, **kwargs):
        lesson = self.get_lesson()
        action = kwargs["action"]
        if action not in self.ACTIONS:
            raise Http404
        open_publication = lesson.publications.filter(status__in=LessonPublication.OPEN).first()
        try:
            if action == "voorstellen":
                form = PublicationProposeForm(request.POST)
                if not form.is_valid():
                    return self._detail(request, lesson, propose_form=form)
                publication = services.publication_propose(
                    lesson=lesson, actor=request.user, note=form.cleaned_data["note"]
                )
                messages.success(request, self._proposed_message(publication))
            elif open_publication is None:
                messages.error(request, _("Er loopt geen publicatievoorstel voor deze les."))
            elif action == "toestemming":
                publication = services.publication_consent(
                    publication=open_publication, actor=request.user
                )
                messages.success(request, self._consent_message(publication))
            else:
                services.publication_withdraw(publication=open_publication, actor=request.user)
                messages.success(
                    request,
                    _(
                        "Het publicatievoorstel is ingetrokken. Er wordt niets gepubliceerd; "
                        "een concept bij de redactie is verwijderd."
                    ),
                )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect(lesson.get_absolute_url())

    def _detail(self, request, lesson, **forms):
        view = LessonDetailView(request=request, kwargs=self.kwargs, args=self.args)
        view.partnership, view.seat = self.partnership, self.seat
        return view.render_to_response(view.get_context_data(lesson=lesson, **forms), status=400)

    @staticmethod
    def _proposed_message(publication):
        if publication.status == LessonPublication.Status.IN_MODERATION:
            return _(
                "De les is voorgesteld en alle toestemming is er: "
                "de redactie beoordeelt nu het concept."
            )
        return _(
            "De les is voorgesteld voor publicatie. Zij gaat pas naar de redactie als de "
            "trekker van de eigenaar en een trekker van de opdrachtgever instemmen."
        )

    @staticmethod
    def _consent_message(publication):
        if publication.status == LessonPublication.Status.IN_MODERATION:
            return _(
                "U hebt toestemming gegeven. Beide toestemmingen zijn er: "
                "de redactie beoordeelt nu het concept."
            )
        return _("U hebt toestemming gegeven. De andere toestemming ontbreekt nog.")
