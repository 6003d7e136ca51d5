"""trajecten/: the sections of the work, on a map of the route and in a table."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from projects import selectors as pool
from projects.forms import SectionForm

from .. import access
from ..forms import apply_errors
from ..services import pool as pool_writes
from . import charts
from .base import WorkspaceMixin


class SectionListView(WorkspaceMixin, TemplateView):
    template_name = "sharing/section_list.html"
    nav = "sections"

    def get_context_data(self, **kwargs):
        self.require(access.may_view_pool(self.seat))
        context = super().get_context_data(**kwargs)
        sections = list(pool.section_list(partnership=self.partnership))
        parties = list(pool.parties_in_pool(partnership=self.partnership))
        colours = charts.party_colours(parties)
        contractors = {s.contractor_id: s.contractor for s in sections if s.contractor}
        context.update(
            sections=sections,
            route=charts.route(sections, colours),
            legend=[(c, colours[pk]) for pk, c in contractors.items()],
            may_manage_sections=access.may_manage_sections(self.seat),
            total_km=sum((s.length_km for s in sections), 0),
        )
        return context


class SectionFormView(WorkspaceMixin, TemplateView):
    """trajecten/nieuw/ and trajecten/<pk>/wijzigen/: client leads add and change sections."""

    template_name = "sharing/section_form.html"
    nav = "sections"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.section = None

    def load(self):
        self.require(access.may_manage_sections(self.seat))
        if "pk" in self.kwargs:
            self.section = pool.section_get(partnership=self.partnership, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.load()
        form = SectionForm(instance=self.section, partnership=self.partnership)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        return context

    def post(self, request, *args, **kwargs):
        self.load()
        form = SectionForm(request.POST, instance=self.section, partnership=self.partnership)
        if form.is_valid():
            fields = dict(form.cleaned_data)
            try:
                if self.section is None:
                    pool_writes.section_create(
                        partnership=self.partnership, actor=request.user, **fields
                    )
                else:
                    pool_writes.section_update(section=self.section, actor=request.user, **fields)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Het deeltraject is opgeslagen."))
                return redirect("sharing:sections", slug=self.partnership.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)
