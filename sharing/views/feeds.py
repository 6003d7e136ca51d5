"""materieel/agenda/: iCalendar feeds of the pool through a personal secret URL."""

import icalendar

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from portal.public_url import public_url
from projects import selectors as pool
from projects import services as pool_services
from projects.models import Booking, CalendarFeed, EquipmentItem, Party

from .. import access
from .equipment import PoolMixin


class CalendarView(PoolMixin, TemplateView):
    """materieel/agenda/: the user's secret feed URLs; renew or revoke them."""

    template_name = "sharing/equipment_calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feed = CalendarFeed.objects.filter(
            user=self.request.user, partnership=self.partnership
        ).first()
        items = list(pool.item_list(partnership=self.partnership))
        if feed is not None:
            slug, token = self.partnership.slug, feed.token
            url = public_url
            context["party_url"] = url(
                reverse("sharing:calendar-feed-party", args=[slug, token, self.seat.party.pk])
            )
            for item in items:
                item.feed_url = url(
                    reverse("sharing:calendar-feed-item", args=[slug, token, item.pk])
                )
        context.update(feed=feed, items=items)
        return context

    def handle_post(self, request, *args, **kwargs):
        if request.POST.get("action") == "revoke":
            pool_services.calendar_feed_revoke(user=request.user, partnership=self.partnership)
            messages.success(request, _("Uw agenda-adressen werken niet meer."))
        else:
            pool_services.calendar_feed_renew(user=request.user, partnership=self.partnership)
            messages.success(
                request, _("U hebt nieuwe agenda-adressen. Eventuele oude werken niet meer.")
            )
        return redirect("sharing:equipment-calendar", slug=self.partnership.slug)


class CalendarFeedView(View):
    """The .ics feed: no login, the secret token is the key.

    404 for an unknown or revoked token, and once the token's owner may no
    longer see the pool (left the party, party dropped out).
    """

    def get(self, request, slug, token, pk, kind):
        feed = (
            CalendarFeed.objects.filter(token=token, partnership__slug=slug)
            .select_related("user", "partnership")
            .first()
        )
        if feed is None:
            raise Http404
        seat = access.seat_for(feed.user, feed.partnership)
        if seat is None or not access.may_view_pool(seat):
            raise Http404
        bookings = Booking.objects.blocking().filter(partnership=feed.partnership)
        if kind == "item":
            target = get_object_or_404(EquipmentItem, pk=pk, partnership=feed.partnership)
            bookings = bookings.filter(item=target)
            name = target.name
        else:
            target = get_object_or_404(Party, pk=pk, partnership=feed.partnership)
            if not access.may_see_booking_party(seat, target):
                raise Http404
            bookings = bookings.filter(party=target)
            name = target.organisation.name
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Partnerwerk//materieelpool//NL")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", f"{feed.partnership.title}: {name}")
        for b in bookings.select_related("item", "party__organisation", "section"):
            event = icalendar.Event()
            event.add("uid", f"booking-{b.pk}@partnerwerk")
            event.add("dtstamp", b.created_at)
            event.add("dtstart", b.starts_at)
            event.add("dtend", b.ends_at)
            event.add("summary", f"{b.item.name} – {b.party.organisation.name}")
            event.add("description", f"{b.purpose}\n{b.section}")
            event.add("status", "CONFIRMED" if b.status == Booking.Status.APPROVED else "TENTATIVE")
            calendar.add_component(event)
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        return response
