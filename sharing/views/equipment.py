"""materieel/: the shared equipment pool — register, items, bookings, usage, exports.

Every "may this user…" is asked of `sharing.access`; reads go through
`projects.selectors`, writes through `sharing.services.pool`, which checks the
actor's rights and then calls `projects.services`.
"""

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from portal.csvexport import csv_response
from projects import selectors as pool
from projects import services as pool_services
from projects.downloads import private_file_response
from projects.filters import EquipmentFilter
from projects.forms import BookingForm, BookingMoveForm, EquipmentItemForm, UsageForm
from projects.models import Booking, Party

from .. import access
from ..forms import apply_errors
from ..services import pool as pool_writes
from .base import WorkspaceMixin, paginate


class PoolMixin(WorkspaceMixin):
    """A workspace page of the pool: every active party, 404 for the others."""

    nav = "equipment"

    def setup_pool(self):
        self.require(access.may_view_pool(self.seat))

    def get(self, request, *args, **kwargs):
        self.setup_pool()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_pool()
        return self.handle_post(request, *args, **kwargs)

    def handle_post(self, request, *args, **kwargs):
        return self.http_method_not_allowed(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            may_manage_pool=access.may_manage_pool(self.seat),
            may_book=access.may_book_for(self.seat, self.seat.party),
        )
        return context

    def own_parties(self):
        """The parties this seat may book for: its own, when it may book at all."""
        if access.may_book_for(self.seat, self.seat.party):
            return Party.objects.filter(pk=self.seat.party.pk)
        return Party.objects.none()


class EquipmentListView(PoolMixin, TemplateView):
    """materieel/: the register, filtered, sorted and paginated; ?export=csv for a CSV."""

    template_name = "sharing/equipment_list.html"

    def get(self, request, *args, **kwargs):
        self.setup_pool()
        self.filterset = EquipmentFilter(
            request.GET or None,
            queryset=pool.item_list(partnership=self.partnership),
            partnership=self.partnership,
        )
        items = self.filterset.qs
        if request.GET.get("export") == "csv":
            return self.export(items)
        return self.render_to_response(self.get_context_data(items=items))

    def export(self, items):
        header = [
            _("Naam"),
            _("Categorie"),
            _("Merk"),
            _("Type"),
            _("Emissieklasse"),
            _("Vermogen (kW)"),
            _("Energieverbruik per uur"),
            _("CO2 per draaiuur (kg)"),
            _("CO2 diesel per uur (kg)"),
            _("Ingebracht door"),
            _("Status"),
            _("Deeltraject"),
        ]
        rows = (
            [
                i.name,
                i.get_category_display(),
                i.make,
                i.model_name,
                i.get_emission_class_display(),
                i.power_kw,
                i.energy_per_hour,
                i.co2_kg_per_hour,
                i.baseline_co2_kg_per_hour,
                i.contributed_by.organisation.name,
                i.get_status_display(),
                i.current_section or "",
            ]
            for i in items
        )
        return csv_response("materieel.csv", header, rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page, query = paginate(self.request, kwargs["items"])
        context.update(
            filter=self.filterset, page=page, query=query, free_period=self.filterset.free_period
        )
        return context


class EquipmentDetailView(PoolMixin, TemplateView):
    """materieel/<pk>/: an item and its bookings."""

    template_name = "sharing/equipment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = pool.item_get(partnership=self.partnership, pk=self.kwargs["pk"])
        page, query = paginate(self.request, pool.bookings_for_item(item=item))
        # Bookings ahead of an item that is out of service, for everyone to see.
        affected = list(pool_services.bookings_hit(item=item))
        for booking in [*page.object_list, *affected]:
            booking.may_cancel = booking.is_blocking and access.may_cancel_booking(
                self.seat, booking
            )
            booking.may_move = booking.is_movable and access.may_move_booking(self.seat, booking)
            booking.may_log = booking.status != Booking.Status.CANCELLED and access.may_log_usage(
                self.seat, booking
            )
            booking.show_party = access.may_see_booking_party(self.seat, booking.party)
        context.update(item=item, page=page, query=query, affected=affected)
        return context


class EquipmentPhotoView(PoolMixin, View):
    """materieel/<pk>/foto/: the photo, for members of the pool only."""

    def get(self, request, *args, **kwargs):
        self.setup_pool()
        item = pool.item_get(partnership=self.partnership, pk=kwargs["pk"])
        if not item.photo:
            raise Http404
        content_type = mimetypes.guess_type(item.photo.name)[0] or "application/octet-stream"
        try:
            return private_file_response(
                request, item.photo, content_type=content_type, as_attachment=False
            )
        except FileNotFoundError as exc:
            raise Http404 from exc


class EquipmentFormView(PoolMixin, TemplateView):
    """materieel/nieuw/ and materieel/<pk>/wijzigen/: the pool manager adds and changes items."""

    template_name = "sharing/equipment_form.html"

    def setup_pool(self):
        super().setup_pool()
        self.require(access.may_manage_pool(self.seat))
        self.item = (
            pool.item_get(partnership=self.partnership, pk=self.kwargs["pk"])
            if "pk" in self.kwargs
            else None
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "form", EquipmentItemForm(instance=self.item, partnership=self.partnership)
        )
        context["item"] = self.item
        return context

    def handle_post(self, request, *args, **kwargs):
        form = EquipmentItemForm(
            request.POST, request.FILES, instance=self.item, partnership=self.partnership
        )
        if form.is_valid():
            fields = {name: form.cleaned_data.get(name) for name in form.fields}
            try:
                if self.item is None:
                    item = pool_writes.equipment_item_create(
                        partnership=self.partnership, actor=request.user, **fields
                    )
                else:
                    item = pool_writes.equipment_item_update(
                        item=self.item, actor=request.user, **fields
                    )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Het materieel is opgeslagen."))
                ahead = pool_services.bookings_hit(item=item).count()
                if ahead:
                    messages.warning(
                        request,
                        ngettext(
                            "Er staat nog %(n)d boeking op; de partij heeft bericht gekregen.",
                            "Er staan nog %(n)d boekingen op; hun partijen hebben bericht "
                            "gekregen.",
                            ahead,
                        )
                        % {"n": ahead},
                    )
                return redirect("sharing:equipment-detail", slug=self.partnership.slug, pk=item.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BookingCreateView(PoolMixin, TemplateView):
    """materieel/boeken/: book an item for one's own party."""

    template_name = "sharing/booking_form.html"

    def setup_pool(self):
        super().setup_pool()
        self.require(access.may_book_for(self.seat, self.seat.party))

    def form(self, data=None):
        initial = {"party": self.seat.party.pk}
        for key in ("item", "section", "starts_at", "ends_at"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        return BookingForm(
            data,
            partnership=self.partnership,
            parties=self.own_parties(),
            initial=initial,
            auto_id="booking-%s",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        context["requires_approval"] = pool_services.pool_requires_approval(self.partnership)
        return context

    def handle_post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                booking = pool_writes.booking_create(
                    item=form.cleaned_data["item"],
                    party=form.cleaned_data["party"],
                    section=form.cleaned_data["section"],
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    purpose=form.cleaned_data["purpose"],
                    actor=request.user,
                )
            except PermissionDenied:
                form.add_error("party", _("U kunt alleen voor uw eigen partij boeken."))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if booking.status == Booking.Status.PENDING:
                    messages.success(
                        request, _("Uw boeking is aangevraagd en wacht op goedkeuring.")
                    )
                else:
                    messages.success(request, _("Het materieel is geboekt."))
                return redirect(
                    "sharing:equipment-detail", slug=self.partnership.slug, pk=booking.item_id
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BookingMoveView(PoolMixin, TemplateView):
    """materieel/boekingen/<pk>/verplaatsen/: another period or item for a booking."""

    template_name = "sharing/booking_move.html"

    def setup_pool(self):
        super().setup_pool()
        self.booking = pool.booking_get(partnership=self.partnership, pk=self.kwargs["pk"])
        self.require(access.may_move_booking(self.seat, self.booking))

    def form(self, data=None):
        initial = {
            "item": self.booking.item_id,
            "starts_at": timezone.localtime(self.booking.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(self.booking.ends_at).strftime("%Y-%m-%dT%H:%M"),
        }
        return BookingMoveForm(
            data, partnership=self.partnership, initial=initial, auto_id="move-%s"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        context["booking"] = self.booking
        context["requires_approval"] = pool_services.pool_requires_approval(self.partnership)
        return context

    def handle_post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                booking = pool_writes.booking_move(
                    booking=self.booking,
                    item=form.cleaned_data["item"],
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if booking.status == Booking.Status.PENDING:
                    messages.success(
                        request, _("De boeking is verplaatst en wacht opnieuw op goedkeuring.")
                    )
                else:
                    messages.success(request, _("De boeking is verplaatst."))
                return redirect(
                    "sharing:equipment-detail", slug=self.partnership.slug, pk=booking.item_id
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BookingActionView(PoolMixin, View):
    """materieel/boekingen/<pk>/<action>/: cancel (own party, pool manager) or approve."""

    http_method_names = ["post"]

    def handle_post(self, request, *args, **kwargs):
        booking = pool.booking_get(partnership=self.partnership, pk=kwargs["pk"])
        action = kwargs["action"]
        if action == "annuleren":
            service, done = pool_writes.booking_cancel, _("De boeking is geannuleerd.")
        elif action == "goedkeuren":
            service, done = pool_writes.booking_approve, _("De boeking is goedgekeurd.")
        else:
            raise Http404
        try:
            service(booking=booking, actor=request.user)
        except PermissionDenied as exc:
            # Rights a member lacks look like pages that do not exist.
            raise Http404 from exc
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
        if request.POST.get("next") == "beheer":
            return redirect("sharing:pool-manage", slug=self.partnership.slug)
        return redirect("sharing:equipment-detail", slug=self.partnership.slug, pk=booking.item_id)


class UsageLogView(PoolMixin, TemplateView):
    """materieel/boekingen/<pk>/uren/: log operating hours under a booking."""

    template_name = "sharing/usage_form.html"

    def setup_pool(self):
        super().setup_pool()
        self.booking = pool.booking_get(partnership=self.partnership, pk=self.kwargs["pk"])
        self.require(access.may_log_usage(self.seat, self.booking))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UsageForm(auto_id="usage-%s"))
        context["booking"] = self.booking
        context["period"] = pool_services.period_label(self.booking.starts_at, self.booking.ends_at)
        return context

    def handle_post(self, request, *args, **kwargs):
        form = UsageForm(request.POST, auto_id="usage-%s")
        if form.is_valid():
            try:
                pool_writes.usage_log(booking=self.booking, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("De draaiuren zijn vastgelegd."))
                return redirect(
                    "sharing:equipment-detail", slug=self.partnership.slug, pk=self.booking.item_id
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class UsageChangeMixin(PoolMixin):
    """A usage row the seat's party entered; 404 for any other."""

    def setup_pool(self):
        super().setup_pool()
        self.usage = pool.usage_get(partnership=self.partnership, pk=self.kwargs["pk"])
        self.require(access.may_change_usage(self.seat, self.usage))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        booking = self.usage.booking
        context.update(
            usage=self.usage,
            booking=booking,
            period=pool_services.period_label(booking.starts_at, booking.ends_at),
            revisions=pool.usage_history(usage=self.usage),
        )
        return context

    def done(self):
        return redirect(
            f"{reverse('sharing:usage', args=[self.partnership.slug])}?item={self.usage.item_id}"
        )


class UsageUpdateView(UsageChangeMixin, TemplateView):
    """materieel/gebruik/<pk>/wijzigen/: the entering party corrects its hours."""

    template_name = "sharing/usage_form.html"

    def form(self, data=None):
        u = self.usage
        initial = {"date": u.date, "hours": u.hours, "note": u.note}
        return UsageForm(data, initial=initial, auto_id="usage-%s")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        context["correcting"] = True
        return context

    def handle_post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                pool_services.usage_update(
                    usage=self.usage, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("De draaiuren zijn gecorrigeerd."))
                return self.done()
        return self.render_to_response(self.get_context_data(form=form), status=400)


class UsageRemoveView(UsageChangeMixin, TemplateView):
    """materieel/gebruik/<pk>/verwijderen/: asks first (GET), removes on POST."""

    template_name = "sharing/usage_confirm_remove.html"

    def handle_post(self, request, *args, **kwargs):
        pool_services.usage_remove(usage=self.usage, actor=request.user)
        messages.success(
            request, _("De draaiuren zijn verwijderd. De geschiedenis blijft bewaard.")
        )
        return self.done()


class BookingExportView(PoolMixin, View):
    """materieel/boekingen.csv: every booking of the pool."""

    def get(self, request, *args, **kwargs):
        self.setup_pool()
        header = [
            _("Materieel"),
            _("Partij"),
            _("Deeltraject"),
            _("Van"),
            _("Tot"),
            _("Doel"),
            _("Status"),
        ]
        rows = (
            [
                b.item.name,
                b.party.organisation.name
                if access.may_see_booking_party(self.seat, b.party)
                else _("(verborgen)"),
                str(b.section),
                timezone.localtime(b.starts_at).isoformat(timespec="minutes"),
                timezone.localtime(b.ends_at).isoformat(timespec="minutes"),
                b.purpose,
                b.get_status_display(),
            ]
            for b in pool.booking_list(partnership=self.partnership).iterator(chunk_size=2000)
        )
        return csv_response("boekingen.csv", header, rows)


class PoolManageView(PoolMixin, TemplateView):
    """materieel/beheer/: the pool manager's page — approval setting and bookings to approve."""

    template_name = "sharing/equipment_manage.html"

    def setup_pool(self):
        super().setup_pool()
        self.require(access.may_manage_pool(self.seat))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = pool.booking_list(partnership=self.partnership).filter(
            status=Booking.Status.PENDING
        )
        page, query = paginate(self.request, pending)
        context.update(
            requires_approval=pool_services.pool_requires_approval(self.partnership),
            page=page,
            query=query,
        )
        return context

    def handle_post(self, request, *args, **kwargs):
        required = request.POST.get("requires_approval") == "on"
        pool_writes.pool_settings_set(
            partnership=self.partnership, actor=request.user, requires_approval=required
        )
        if required:
            messages.success(request, _("Nieuwe boekingen wachten voortaan op uw goedkeuring."))
        else:
            messages.success(request, _("Nieuwe boekingen zijn voortaan meteen goedgekeurd."))
        return redirect("sharing:pool-manage", slug=self.partnership.slug)
