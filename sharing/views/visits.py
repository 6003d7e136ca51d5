"""bezoeken/: who registered for the partnership's visits ("kijkje in de keuken").

Visitors' names and e-mail addresses are personal data: only the seats
`access.may_view_visit_registrations` allows see this page and its CSV; to
everyone else it does not exist (404).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from portal.csvexport import csv_response
from portal.models import VisitRegistration

from .. import access, selectors
from .base import WorkspaceMixin


def _counts(registrations) -> dict[str, int]:
    counts = dict.fromkeys(VisitRegistration.Status.values, 0)
    for registration in registrations:
        counts[registration.status] += 1
    return counts


class VisitRegistrationListView(WorkspaceMixin, TemplateView):
    """bezoeken/: each visit with its registrations and counts; ?export=csv for a CSV."""

    template_name = "sharing/visit_registrations.html"
    nav = "visits"

    def get(self, request, *args, **kwargs):
        self.require(access.may_view_visit_registrations(self.seat))
        visits = list(
            selectors.visit_registration_list(seat=self.seat, partnership=self.partnership)
        )
        if request.GET.get("export") == "csv":
            return self.export(visits)
        now = timezone.now()
        for visit in visits:
            visit.counts = _counts(visit.registration_list)
            visit.is_past = visit.starts_at <= now
        return self.render_to_response(self.get_context_data(visits=visits))

    def export(self, visits):
        header = [
            _("Bezoek"),
            _("Datum"),
            _("Naam"),
            _("Organisatie"),
            _("E-mailadres"),
            _("Status"),
            _("Volgnummer"),
            _("Aangemeld op"),
            _("Afgemeld op"),
        ]

        def stamp(value):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

        rows = (
            [
                visit.title,
                stamp(visit.starts_at),
                r.name,
                r.organisation,
                r.email,
                r.get_status_display(),
                r.position,
                stamp(r.created_at),
                stamp(r.cancelled_at),
            ]
            for visit in visits
            for r in visit.registration_list
        )
        response = csv_response(f"aanmeldingen-{self.partnership.slug}.csv", header, rows)
        response["Cache-Control"] = "private, no-store"
        return response
