"""The life of a partnership: phases, interim targets, assessments, go/no-go.

Article 31 of directive 2014/24/EU gives an innovation partnership its shape
in time: successive phases with **interim targets** fixed in the tender
documents, payment in **instalments**, and after each phase the authority's
right to stop a partner on those targets (`PhaseDecision`); finally the
result is bought when it meets the performance levels and maximum costs
agreed at the start (`PerformanceLevel`, `PurchaseDecision`). Who owns what
came out of it is in the `ResultRights` register.

Write through `projects.services` (phases, instalments); who may see or do
what is decided by `sharing.access.phases`.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .partnerships import PartnershipPage, Party


def plain_number(value: Decimal) -> str:
    """40.000 → 40, 9000.000 → 9000, 0.050 → 0.05: thresholds as people write them."""
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


class PhasePlan(models.Model):
    """What the tender documents of one partnership say about its phases."""

    partnership = models.OneToOneField(
        PartnershipPage, on_delete=models.CASCADE, related_name="phase_plan"
    )
    reduction_allowed = models.BooleanField(
        _("aanbestedingsstukken staan verminderen van partners toe"),
        default=False,
        help_text=_("Alleen dan mag na een fase een opdrachtnemer stoppen (art. 2.31b Aw)."),
    )
    four_eyes = models.BooleanField(
        _("go/no-go vraagt bevestiging door een tweede trekker"), default=False
    )

    class Meta:
        verbose_name = _("faseringsafspraken")
        verbose_name_plural = _("faseringsafspraken")

    def __str__(self):
        return str(self.partnership)


class PhaseQuerySet(models.QuerySet):
    def current(self):
        """The running phase, else the one under assessment, else the next planned one."""
        for status in (Phase.Status.RUNNING, Phase.Status.ASSESSMENT, Phase.Status.PLANNED):
            phase = self.filter(status=status).order_by("order").first()
            if phase is not None:
                return phase
        return self.order_by("-order").first()


class Phase(models.Model):
    """One phase of a partnership, in the order of the research and development sequence."""

    class Kind(models.TextChoices):
        DEMAND = "demand", _("Vraagarticulatie en marktconsultatie")
        SELECTION = "selection", _("Selectie")
        RESEARCH = "research", _("Onderzoek")
        PROTOTYPE = "prototype", _("Prototype")
        TEST = "test", _("Test")
        PILOT = "pilot", _("Pilot")
        REALISATION = "realisation", _("Realisatie en aankoop")

    RD_KINDS = (Kind.RESEARCH, Kind.PROTOTYPE, Kind.TEST, Kind.PILOT)

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        RUNNING = "running", _("Loopt")
        ASSESSMENT = "assessment", _("In beoordeling")
        CLOSED = "closed", _("Afgesloten")

    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="phases"
    )
    order = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    explanation = models.TextField(_("toelichting"), blank=True)
    planned_start = models.DateField(_("geplande start"), null=True, blank=True)
    planned_end = models.DateField(_("gepland einde"), null=True, blank=True)
    actual_start = models.DateField(_("werkelijke start"), null=True, blank=True)
    actual_end = models.DateField(_("werkelijk einde"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    budget = models.DecimalField(
        _("fasebudget (€)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )

    objects = PhaseQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "order"]
        verbose_name = _("fase")
        verbose_name_plural = _("fases")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "order"], name="phase_order_unique")
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"

    @property
    def is_rd(self) -> bool:
        return self.kind in self.RD_KINDS

    @property
    def targets_locked(self) -> bool:
        """Targets are fixed once the phase has started: changes are amendments."""
        return self.status != self.Status.PLANNED


class InterimTarget(models.Model):
    """A tussentijds doel of one phase, for every contractor or for one."""

    class Comparator(models.TextChoices):
        AT_MOST = "le", "≤"
        AT_LEAST = "ge", "≥"

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="targets")
    contractor = models.ForeignKey(
        Party,
        verbose_name=_("alleen voor"),
        on_delete=models.PROTECT,
        related_name="own_targets",
        null=True,
        blank=True,
    )
    measure = models.CharField(_("wat wordt gemeten"), max_length=160)
    comparator = models.CharField(
        _("vergelijking"), max_length=2, choices=Comparator.choices, default=Comparator.AT_MOST
    )
    threshold = models.DecimalField(_("drempel"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("eenheid"), max_length=40)
    weight = models.PositiveSmallIntegerField(_("weging"), default=1)
    method = models.TextField(_("hoe wordt beoordeeld"), blank=True)

    class Meta:
        ordering = ["phase", "pk"]
        verbose_name = _("tussentijds doel")
        verbose_name_plural = _("tussentijdse doelen")

    def __str__(self):
        sign, threshold = self.get_comparator_display(), plain_number(self.threshold)
        return f"{self.measure} {sign} {threshold} {self.unit}"

    def applies_to(self, party: Party) -> bool:
        return self.contractor_id is None or self.contractor_id == party.pk

    def is_met_by(self, value: Decimal | None) -> bool | None:
        if value is None:
            return None
        if self.comparator == self.Comparator.AT_MOST:
            return value <= self.threshold
        return value >= self.threshold


class TargetAmendment(models.Model):
    """A change to a target after its phase started: motivated, logged, shown to all it concerns."""

    target = models.ForeignKey(InterimTarget, on_delete=models.CASCADE, related_name="amendments")
    before = models.JSONField()
    after = models.JSONField()
    motivation = models.TextField(_("motivering"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target", "changed_at"]
        verbose_name = _("wijziging van een doel")
        verbose_name_plural = _("wijzigingen van doelen")

    def __str__(self):
        return f"{self.target}: {self.motivation[:40]}"


class Assessment(models.Model):
    """One contractor's result on one target: between that contractor and the client.

    `evidence_document_ids` names workspace documents (sharing); the reader
    only ever sees the ones the access package lets them see.
    """

    target = models.ForeignKey(InterimTarget, on_delete=models.CASCADE, related_name="assessments")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="assessments")
    measured_value = models.DecimalField(
        _("gemeten waarde"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    met = models.BooleanField(_("gehaald"))
    note = models.TextField(_("toelichting"), blank=True)
    evidence_document_ids = models.JSONField(default=list, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    assessed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["target", "party"]
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        constraints = [
            models.UniqueConstraint(fields=["target", "party"], name="assessment_once_per_party")
        ]

    def __str__(self):
        return f"{self.target} – {self.party_id}"


class PhaseDecision(models.Model):
    """Go/no-go for one contractor at the end of a phase."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Doorgaan")
        STOP = "stop", _("Stoppen")

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Wacht op bevestiging")
        FINAL = "final", _("Definitief")

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="decisions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="phase_decisions")
    outcome = models.CharField(_("besluit"), max_length=10, choices=Outcome.choices)
    motivation = models.TextField(_("motivering"))
    override_motivation = models.TextField(
        _("motivering om door te gaan ondanks een niet gehaald doel"), blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FINAL)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["phase", "party"]
        verbose_name = _("go/no-go-besluit")
        verbose_name_plural = _("go/no-go-besluiten")
        constraints = [
            models.UniqueConstraint(fields=["phase", "party"], name="decision_once_per_phase")
        ]

    def __str__(self):
        return f"{self.phase}: {self.get_outcome_display()} ({self.party_id})"


class Instalment(models.Model):
    """A termijnbetaling to one contractor in one phase."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        DUE = "due", _("Opeisbaar")
        APPROVED = "approved", _("Goedgekeurd")
        PAID = "paid", _("Betaald")

    NEXT = {Status.PLANNED: Status.DUE, Status.DUE: Status.APPROVED, Status.APPROVED: Status.PAID}

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="instalments")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="instalments")
    label = models.CharField(_("omschrijving"), max_length=160)
    amount = models.DecimalField(_("bedrag (€)"), max_digits=12, decimal_places=2)
    targets = models.ManyToManyField(InterimTarget, related_name="instalments", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(_("betaald op"), null=True, blank=True)

    class Meta:
        ordering = ["phase", "party", "pk"]
        verbose_name = _("termijnbetaling")
        verbose_name_plural = _("termijnbetalingen")

    def __str__(self):
        return f"{self.label} (€ {self.amount})"


class PerformanceLevel(models.Model):
    """An agreed performance level or maximum cost of the result, fixed before the R&D phases."""

    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="performance_levels"
    )
    measure = models.CharField(
        _("wat wordt gemeten"),
        max_length=160,
        help_text=_("Gelijk aan de naam van het tussentijdse doel waarvan de meting telt."),
    )
    comparator = models.CharField(
        _("vergelijking"),
        max_length=2,
        choices=InterimTarget.Comparator.choices,
        default=InterimTarget.Comparator.AT_MOST,
    )
    threshold = models.DecimalField(_("niveau"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("eenheid"), max_length=40)
    is_cost = models.BooleanField(_("maximale kosten"), default=False)

    class Meta:
        ordering = ["partnership", "pk"]
        verbose_name = _("prestatieniveau")
        verbose_name_plural = _("prestatieniveaus")

    def __str__(self):
        sign, threshold = self.get_comparator_display(), plain_number(self.threshold)
        return f"{self.measure} {sign} {threshold} {self.unit}"

    def is_met_by(self, value: Decimal | None) -> bool | None:
        if value is None:
            return None
        if self.comparator == InterimTarget.Comparator.AT_MOST:
            return value <= self.threshold
        return value >= self.threshold


class PurchaseDecision(models.Model):
    """The decision to buy (or not) one contractor's result, without a new tender."""

    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="purchase_decisions"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="purchase_decisions")
    buy = models.BooleanField(_("afnemen"))
    motivation = models.TextField(_("motivering"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "party"]
        verbose_name = _("afnamebesluit")
        verbose_name_plural = _("afnamebesluiten")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "party"], name="purchase_once_per_party")
        ]

    def __str__(self):
        return f"{self.party_id}: {'buy' if self.buy else 'no'}"


class ResultRights(models.Model):
    """The arrangement on one result item, as the tender documents set it."""

    class ItemKind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        LESSON = "lesson", _("Les")
        DELIVERABLE = "deliverable", _("Opleverstuk van een fase")

    class Owner(models.TextChoices):
        CONTRACTOR = "contractor", _("Opdrachtnemer")
        CLIENT = "client", _("Opdrachtgever")
        JOINT = "joint", _("Gezamenlijk")

    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="result_rights"
    )
    item_kind = models.CharField(_("soort resultaat"), max_length=20, choices=ItemKind.choices)
    item_id = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(_("resultaat"), max_length=200)
    party = models.ForeignKey(
        Party,
        verbose_name=_("opdrachtnemer"),
        on_delete=models.PROTECT,
        related_name="result_rights",
    )
    owner = models.CharField(
        _("eigenaar"), max_length=20, choices=Owner.choices, default=Owner.CONTRACTOR
    )
    own_use = models.BooleanField(_("eigen gebruik door opdrachtgever"), default=True)
    other_authorities = models.BooleanField(_("gebruik door andere overheden"), default=False)
    publish = models.BooleanField(_("opdrachtgever mag publiceren"), default=False)
    from_phase = models.ForeignKey(
        Phase, verbose_name=_("vanaf fase"), on_delete=models.SET_NULL, null=True, blank=True
    )
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["partnership", "item_kind", "title"]
        verbose_name = _("rechten op een resultaat")
        verbose_name_plural = _("rechten op resultaten")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "item_kind", "item_id"],
                condition=models.Q(item_id__isnull=False),
                name="rights_once_per_item",
            )
        ]

    def __str__(self):
        return self.title
