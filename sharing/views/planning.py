"""materieel/planning/ and materieel/duurzaamheid/: the timeline and the CO2 account."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from portal.csvexport import csv_response
from projects import selectors as pool
from projects.dates import OUT_OF_RANGE, in_supported_range
from projects.models import Booking, EquipmentItem

from .. import access
from . import charts
from .base import paginate
from .equipment import PoolMixin

PERIODS = {"week": 7, "month": 31, "quarter": 92}


class PlanningView(PoolMixin, TemplateView):
    """materieel/planning/?periode=week|month|quarter&datum=YYYY-MM-DD."""

    template_name = "sharing/equipment_planning.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("periode", "week")
        errors = []
        if kind not in PERIODS:
            errors.append(_("Kies als periode week, maand of kwartaal."))
            kind = "week"
        raw = self.request.GET.get("datum", "")
        try:
            anchor = parse_date(raw) if raw else None
        except ValueError:
            anchor = None
        if raw and anchor is None:
            errors.append(_("Geef een geldige datum, bijvoorbeeld 2026-03-02."))
        elif anchor is not None and not in_supported_range(anchor):
            errors.append(OUT_OF_RANGE)
            anchor = None
        anchor = anchor or timezone.localdate()
        start, end = pool.planning_window(kind, anchor)
        items = list(
            pool.item_list(partnership=self.partnership).exclude(
                status=EquipmentItem.Status.RETIRED
            )
        )
        bookings = list(pool.bookings_in_period(partnership=self.partnership, start=start, end=end))
        parties = list(pool.parties_in_pool(partnership=self.partnership))
        colours = charts.party_colours(parties)
        for b in bookings:
            b.show_party = access.may_see_booking_party(self.seat, b.party)
        shown = {b.party_id for b in bookings if b.show_party}
        previous = (start - datetime.timedelta(days=1)).date()
        following = end.date()
        context.update(
            kind=kind,
            kinds=[("week", _("Week")), ("month", _("Maand")), ("quarter", _("Kwartaal"))],
            start=start,
            end=end,
            last_day=(end - datetime.timedelta(days=1)).date(),
            anchor=anchor,
            previous=previous,
            following=following,
            errors=errors,
            chart=charts.planning(items, bookings, start, end, colours),
            bookings=bookings,
            legend=[(p, colours[p.pk]) for p in parties if p.pk in shown],
            any_pending=any(b.status == Booking.Status.PENDING for b in bookings),
        )
        return context


class SustainabilityView(PoolMixin, TemplateView):
    """materieel/duurzaamheid/: hours, CO2 emitted and avoided; ?export=csv for a CSV."""

    template_name = "sharing/equipment_sustainability.html"

    def get(self, request, *args, **kwargs):
        self.setup_pool()
        summary = pool.co2_summary(partnership=self.partnership)
        if request.GET.get("export") == "csv":
            return self.export(summary)
        return self.render_to_response(self.get_context_data(summary=summary))

    def export(self, summary):
        header = [
            _("Indeling"),
            _("Groep"),
            _("Draaiuren"),
            _("CO2 uitgestoten (kg)"),
            _("CO2 diesel (kg)"),
            _("CO2 vermeden (kg)"),
            _("Gebruiksregels"),
        ]
        groups = [
            (_("Materieel"), summary.by_item),
            (_("Deeltraject"), summary.by_section),
            (_("Partij"), summary.by_party),
            (_("Maand"), summary.by_month),
            (_("Totaal"), [summary.total]),
        ]
        rows = [
            [
                group,
                r.label or _("Totaal"),
                r.hours,
                r.co2_kg,
                r.baseline_co2_kg,
                r.avoided_kg,
                r.rows,
            ]
            for group, group_rows in groups
            for r in group_rows
        ]
        return csv_response("co2.csv", header, rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = kwargs["summary"]
        context["groups"] = [
            ("item", _("Per materieelstuk"), summary.by_item, charts.co2_bars(summary.by_item)),
            (
                "section",
                _("Per deeltraject"),
                summary.by_section,
                charts.co2_bars(summary.by_section),
            ),
            ("party", _("Per partij"), summary.by_party, charts.co2_bars(summary.by_party)),
            ("month", _("Per maand"), summary.by_month, charts.co2_bars(summary.by_month)),
        ]
        return context


class UsageListView(PoolMixin, TemplateView):
    """materieel/gebruik/: the usage rows behind a figure (?item=, section=, party=, month=)."""

    template_name = "sharing/usage_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        narrow, labels = {}, []

        def pick(key, queryset):
            value = get.get(key, "")
            if not value:
                return
            obj = queryset.filter(pk=value).first() if value.isdigit() else None
            if obj is None:
                context.setdefault("errors", []).append(
                    _("Onbekende keuze voor ‘%(key)s’: die bestaat niet in deze pool.")
                    % {"key": key}
                )
                return
            narrow[key] = obj
            labels.append(str(obj))

        pick("item", pool.item_list(partnership=self.partnership))
        pick("section", pool.section_list(partnership=self.partnership))
        pick("party", pool.parties_in_pool(partnership=self.partnership))
        month = get.get("month", "")
        if month:
            parsed = None
            try:
                parsed = datetime.date.fromisoformat(f"{month}-01")
            except ValueError:
                context.setdefault("errors", []).append(
                    _("Geef de maand als jjjj-mm, bijvoorbeeld 2026-03.")
                )
            if parsed and not in_supported_range(parsed):
                context.setdefault("errors", []).append(OUT_OF_RANGE)
                parsed = None
            if parsed:
                narrow["month"] = parsed
                labels.append(month)
        rows = pool.usage_rows(partnership=self.partnership, **narrow)
        page, query = paginate(self.request, rows, per_page=50)
        for row in page.object_list:
            row.may_change = access.may_change_usage(self.seat, row)
        context.update(page=page, query=query, labels=labels)
        return context
