"""The sections of the work and the shared equipment pool.

In a partnership such as Sterke Lekdijk the contractors share one pool of
emission-free equipment for the whole route. `EquipmentItem` is a machine in
that pool, `Booking` one party's claim on it for a period, and `UsageLog` the
operating hours actually run, from which the CO2 figures follow.

No two pending or approved bookings of one item may overlap. On PostgreSQL an
exclusion constraint (migration 0004) guarantees it; on SQLite
`services.booking_create` checks inside a serialised (IMMEDIATE) transaction.
Write through `projects.services`; ask `sharing.access` who may do what.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import PrivateStorage, private_storage
from .partnerships import PartnershipPage, Party

# Migration 0003 names the class it was written with.
PoolPhotoStorage = PrivateStorage


class Section(models.Model):
    """A section of the work (deeltraject), from one kilometre to another."""

    class Status(models.TextChoices):
        DESIGN = "design", _("Ontwerp")
        PREPARATION = "preparation", _("Voorbereiding")
        REALISATION = "realisation", _("Realisatie")
        DONE = "done", _("Gereed")

    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("naam"), max_length=120)
    start_km = models.DecimalField(_("van km"), max_digits=7, decimal_places=3)
    end_km = models.DecimalField(_("tot km"), max_digits=7, decimal_places=3)
    contractor = models.ForeignKey(
        Party,
        verbose_name=_("opdrachtnemer"),
        on_delete=models.PROTECT,
        related_name="sections",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DESIGN
    )

    class Meta:
        ordering = ["partnership", "number"]
        verbose_name = _("deeltraject")
        verbose_name_plural = _("deeltrajecten")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="section_number_unique"),
            models.CheckConstraint(
                condition=Q(end_km__gt=models.F("start_km")), name="section_km_ascending"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def length_km(self):
        return self.end_km - self.start_km


class PoolSettings(models.Model):
    """How a partnership runs its pool; absent means: bookings need no approval."""

    partnership = models.OneToOneField(
        PartnershipPage, on_delete=models.CASCADE, related_name="pool_settings"
    )
    requires_approval = models.BooleanField(
        _("boekingen goedkeuren"),
        default=False,
        help_text=_("Nieuwe boekingen wachten op goedkeuring door de poolbeheerder."),
    )

    class Meta:
        verbose_name = _("instellingen materieelpool")

    def __str__(self):
        return str(self.partnership)


class EquipmentItemQuerySet(models.QuerySet):
    def free_between(self, start, end):
        """Items one could book for [start, end): available, and no pending or approved
        booking overlaps. Items in maintenance or retired cannot be booked at all."""
        busy = Booking.objects.blocking().overlapping(start, end).filter(item=OuterRef("pk"))
        return self.filter(~Exists(busy), status=EquipmentItem.Status.AVAILABLE)


class EquipmentItem(models.Model):
    """A machine in the shared pool."""

    class Category(models.TextChoices):
        EXCAVATOR = "excavator", _("Graafmachine")
        CRANE = "crane", _("Kraan")
        DUMPER = "dumper", _("Dumper")
        ROLLER = "roller", _("Wals")
        VESSEL = "vessel", _("Vaartuig")
        POWER = "power", _("Aggregaat / accupakket")
        LOADER = "loader", _("Shovel")
        OTHER = "other", _("Overig")

    class EmissionClass(models.TextChoices):
        ELECTRIC = "electric", _("Emissieloos elektrisch")
        HYDROGEN = "hydrogen", _("Waterstof")
        HVO = "hvo", _("HVO")
        STAGE_V = "stage_v", _("Stage V diesel")
        OTHER = "other", _("Anders")

    ZERO_EMISSION = (EmissionClass.ELECTRIC, EmissionClass.HYDROGEN)

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Beschikbaar")
        MAINTENANCE = "maintenance", _("In onderhoud")
        RETIRED = "retired", _("Buiten gebruik")

    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="equipment"
    )
    name = models.CharField(_("naam"), max_length=120)
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    make = models.CharField(_("merk"), max_length=80, blank=True)
    model_name = models.CharField(_("type"), max_length=80, blank=True)
    emission_class = models.CharField(
        _("emissieklasse"), max_length=20, choices=EmissionClass.choices
    )
    power_kw = models.DecimalField(
        _("vermogen (kW)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    energy_per_hour = models.CharField(
        _("energieverbruik per uur"),
        max_length=40,
        blank=True,
        help_text=_("Bijvoorbeeld: 38 kWh of 2,1 kg H2."),
    )
    co2_kg_per_hour = models.DecimalField(
        _("CO2 per draaiuur (kg)"), max_digits=7, decimal_places=2, default=0
    )
    baseline_co2_kg_per_hour = models.DecimalField(
        _("CO2 per uur van de vervangen dieselmachine (kg)"), max_digits=7, decimal_places=2
    )
    contributed_by = models.ForeignKey(
        Party,
        verbose_name=_("ingebracht door"),
        on_delete=models.PROTECT,
        related_name="contributed_equipment",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AVAILABLE
    )
    current_section = models.ForeignKey(
        Section,
        verbose_name=_("huidig deeltraject"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="equipment_here",
    )
    photo = models.ImageField(
        _("foto"), upload_to="equipment/", storage=private_storage, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EquipmentItemQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("materieelstuk")
        verbose_name_plural = _("materieel")
        constraints = [
            models.CheckConstraint(
                condition=Q(co2_kg_per_hour__gte=0) & Q(baseline_co2_kg_per_hour__gte=0),
                name="equipment_co2_not_negative",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_zero_emission(self) -> bool:
        return self.emission_class in self.ZERO_EMISSION

    def clean(self):
        # An item labelled emission-free emits nothing where it runs: a direct
        # emission factor above zero would put a false figure in the CO2 report.
        super().clean()
        if self.is_zero_emission and (self.co2_kg_per_hour or 0) > 0:
            raise ValidationError(
                {
                    "co2_kg_per_hour": _(
                        "Emissieloos materieel stoot geen CO2 uit: vul 0 in, of kies een "
                        "andere emissieklasse."
                    )
                }
            )


class BookingQuerySet(models.QuerySet):
    def blocking(self):
        """Bookings that hold their item: pending or approved."""
        return self.filter(status__in=Booking.BLOCKING)

    def overlapping(self, start, end):
        """Bookings whose period [starts_at, ends_at) meets [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)


class Booking(models.Model):
    """One party's claim on one item for a period [starts_at, ends_at)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op goedkeuring")
        APPROVED = "approved", _("Goedgekeurd")
        CANCELLED = "cancelled", _("Geannuleerd")

    BLOCKING = (Status.PENDING, Status.APPROVED)

    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="bookings"
    )
    item = models.ForeignKey(
        EquipmentItem,
        verbose_name=_("materieel"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    party = models.ForeignKey(
        Party, verbose_name=_("partij"), on_delete=models.PROTECT, related_name="bookings"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("deeltraject"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    starts_at = models.DateTimeField(_("van"))
    ends_at = models.DateTimeField(_("tot"))
    purpose = models.CharField(_("doel"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPROVED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        indexes = [
            models.Index(fields=["item", "starts_at"], name="booking_item_start"),
            models.Index(fields=["partnership", "starts_at"], name="booking_pship_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_period_positive"
            )
        ]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        return f"{self.item} – {self.party.organisation} ({start:%d-%m-%Y %H:%M})"

    @property
    def is_blocking(self) -> bool:
        return self.status in self.BLOCKING

    @property
    def is_movable(self) -> bool:
        """Pending or approved and not ended: it may still go to another period or item."""
        return self.is_blocking and self.ends_at > timezone.now()


class UsageLog(models.Model):
    """Operating hours run under a booking on one day, with the CO2 it meant.

    The emission factors are copied from the item when the row is written, so
    a later change to the item does not rewrite history, and every CO2 figure
    is the sum of rows a reader can inspect.
    """

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="usage")
    # Denormalised from the booking so sums per item, party and section need no joins.
    partnership = models.ForeignKey(PartnershipPage, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(EquipmentItem, on_delete=models.PROTECT, related_name="usage")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="usage")
    date = models.DateField(_("datum"))
    hours = models.DecimalField(_("draaiuren"), max_digits=6, decimal_places=2)
    co2_kg = models.DecimalField(_("CO2 uitgestoten (kg)"), max_digits=12, decimal_places=3)
    baseline_co2_kg = models.DecimalField(
        _("CO2 dieselmachine (kg)"), max_digits=12, decimal_places=3
    )
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("gebruiksregel")
        verbose_name_plural = _("gebruiksregels")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="usage_hours_positive")
        ]

    def __str__(self):
        return f"{self.item} {self.date}: {self.hours} u"

    @property
    def co2_avoided_kg(self):
        return self.baseline_co2_kg - self.co2_kg


class UsageLogRevision(models.Model):
    """The history of a usage row: what it said before a correction or removal.

    The row itself always holds the current figures (so every CO2 sum stays a
    plain sum); this keeps what was replaced, by whom and when.
    """

    class Action(models.TextChoices):
        CHANGED = "changed", _("Gecorrigeerd")
        REMOVED = "removed", _("Verwijderd")

    usage = models.ForeignKey(
        UsageLog, on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("actie"), max_length=20, choices=Action.choices)
    date = models.DateField(_("datum"))
    hours = models.DecimalField(_("draaiuren"), max_digits=6, decimal_places=2)
    co2_kg = models.DecimalField(_("CO2 uitgestoten (kg)"), max_digits=12, decimal_places=3)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("eerdere gebruiksregel")
        verbose_name_plural = _("eerdere gebruiksregels")

    def __str__(self):
        return f"{self.get_action_display()}: {self.date} {self.hours} u"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A personal secret for a user's iCalendar feeds of one pool; revocable, renewable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    partnership = models.ForeignKey(PartnershipPage, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda-abonnement")
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="calendar_feed_one")
        ]

    def __str__(self):
        return f"{self.user} – {self.partnership}"
