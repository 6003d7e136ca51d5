"""Partnerships, the parties in them and their members.

A `PartnershipPage` is both the public profile of an innovation partnership
and the anchor of its workspace. Each organisation takes part through one
`Party` (its seat in that partnership) with its own auth group; people belong
to a party through a `Membership`.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import BaseLogEntry, BaseLogEntryManager, Page
from wagtail.search import index

from .. import charts


class Organisation(models.Model):
    """An organisation (public body or company); global, shared by partnerships."""

    class Kind(models.TextChoices):
        AUTHORITY = "authority", _("Overheid")
        COMPANY = "company", _("Bedrijf")
        KNOWLEDGE = "knowledge", _("Kennisinstelling")
        OTHER = "other", _("Anders")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    website = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("website")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name


class PartnershipIndexPage(Page):
    """The list of partnerships at /partnerschappen/; its children are the partnerships."""

    intro = models.TextField(
        _("inleiding"), blank=True, help_text=_("Korte tekst boven de lijst van partnerschappen.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["projects.PartnershipPage"]
    max_count = 1

    class Meta:
        verbose_name = _("overzicht partnerschappen")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["partnerships"] = (
            PartnershipPage.objects.child_of(self).live().select_related("client_organisation")
        )
        return context


class PartnershipPage(Page):
    """One innovation partnership: its public profile, and the anchor of its workspace.

    Editors create it in the Wagtail admin; the workspace at /werkruimte/<slug>/
    belongs to it and is reached by members only.
    """

    class Procedure(models.TextChoices):
        INNOVATION_PARTNERSHIP = "innovatiepartnerschap", _("Innovatiepartnerschap")
        SBIR = "sbir", _("SBIR")
        STARTUP_IN_RESIDENCE = "startup_in_residence", _("Startup in Residence")
        BUYER_GROUP = "buyer_group", _("Buyer group (vraagbundeling)")
        OTHER = "other", _("Anders")

    class Status(models.TextChoices):
        PREPARATION = "preparation", _("Voorbereiding")
        PROCUREMENT = "procurement", _("Aanbesteding")
        RESEARCH = "research", _("Onderzoek en ontwikkeling")
        REALISATION = "realisation", _("Realisatie")
        COMPLETED = "completed", _("Afgerond")
        STOPPED = "stopped", _("Gestopt")

    client_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("opdrachtgever"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_client",
        help_text=_("De aanbestedende dienst die het partnerschap trekt."),
    )
    procedure_type = models.CharField(
        _("procedure"),
        max_length=30,
        choices=Procedure.choices,
        default=Procedure.INNOVATION_PARTNERSHIP,
        help_text=_("Het soort procedure waarmee de partners zijn gekozen."),
    )
    theme = models.CharField(
        _("thema"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: waterveiligheid.")
    )
    region = models.CharField(
        _("regio"), max_length=100, blank=True, help_text=_("Provincie of gebied.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PREPARATION,
        help_text=_("Waar het partnerschap nu staat."),
    )
    summary = models.TextField(
        _("publieke samenvatting"),
        help_text=_("Openbaar: wat het partnerschap wil bereiken. Geen vertrouwelijke informatie."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("client_organisation"),
                FieldPanel("procedure_type"),
                FieldPanel("theme"),
                FieldPanel("region"),
                FieldPanel("status"),
            ],
            heading=_("Kenmerken"),
        ),
        FieldPanel("summary"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("theme"),
        index.SearchField("region"),
        index.FilterField("procedure_type"),
    ]
    parent_page_types = ["projects.PartnershipIndexPage"]
    subpage_types = []
    # Fetched with the page when portal's routing serves it (the profile shows it).
    serve_select_related = ("client_organisation",)

    class Meta:
        verbose_name = _("partnerschap")
        verbose_name_plural = _("partnerschappen")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Only the public facts of the parties: who takes part in which role.
        role_order = models.Case(
            *(
                models.When(role=role, then=models.Value(i))
                for i, role in enumerate(Party.ROLE_ORDER)
            ),
            default=models.Value(len(Party.ROLE_ORDER)),
        )
        context["parties"] = self.parties.select_related("organisation").order_by(
            role_order, "organisation__name"
        )
        # What the public site (portal) published about it, through reverse relations:
        # projects never imports portal.
        context["public_lessons"] = (
            # `cards()`: the lesson queryset's own method (only what a card shows).
            self.public_lessons.live()
            .public()
            .select_related("partnership")
            .cards()
            .order_by("-first_published_at")[:5]
        )
        context["upcoming_visits"] = self.visits.upcoming().cards()[:3]
        # A market consultation open for registration (its existence is public).
        consultation = getattr(self, "consultation", None)  # reverse one-to-one, may be absent
        context["consultation"] = (
            consultation if consultation is not None and consultation.registration_open else None
        )
        # Where the partnership stands in its phases: only the phase's name and status.
        # A partnership has a handful of phases: one query, and the rule of
        # PhaseQuerySet.current() applied to the list (running, assessment, planned,
        # else the last one).
        from .phases import Phase

        phases = list(self.phases.order_by("order"))
        current = next(
            (
                phase
                for status in (Phase.Status.RUNNING, Phase.Status.ASSESSMENT, Phase.Status.PLANNED)
                for phase in phases
                if phase.status == status
            ),
            phases[-1] if phases else None,
        )
        context["current_phase"] = current
        context["total_phases"] = len(phases) if current else 0
        # The sections of the work on the route, as the workspace shows them.
        sections = list(self.sections.select_related("contractor__organisation").order_by("number"))
        if sections:
            colours = charts.party_colours(context["parties"])
            contractors = {s.contractor_id: s.contractor for s in sections if s.contractor}
            context["sections"] = sections
            context["route"] = charts.route(sections, colours)
            context["legend"] = [(c, colours[pk]) for pk, c in contractors.items()]
            context["total_km"] = sum((s.length_km for s in sections), 0)
        return context


class PartyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Party.Status.ACTIVE)

    def clients(self):
        return self.filter(role__in=Party.CLIENT_ROLES)

    def in_role_order(self, *then):
        """Client, co-client, contractors, advisors; then by `then` (default: name)."""
        rank = models.Case(
            *(
                models.When(role=role, then=models.Value(i))
                for i, role in enumerate(Party.ROLE_ORDER)
            ),
            default=models.Value(len(Party.ROLE_ORDER)),
            output_field=models.IntegerField(),
        )
        return self.annotate(role_rank=rank).order_by(
            "role_rank", *(then or ("organisation__name",))
        )


class Party(models.Model):
    """An organisation's seat in one partnership, with its own auth group.

    Object permissions on workspace items are granted to `group`; every member
    of the party is in it. Create, change and drop out parties through
    `projects.services` so that the group and the permissions follow.
    """

    class Role(models.TextChoices):
        CLIENT = "client", _("Opdrachtgever")
        CO_CLIENT = "co_client", _("Mede-opdrachtgever")
        CONTRACTOR = "contractor", _("Opdrachtnemer")
        ADVISOR = "advisor", _("Adviseur")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Actief")
        DROPPED_OUT = "dropped_out", _("Afgevallen")

    CLIENT_ROLES = (Role.CLIENT, Role.CO_CLIENT)
    # How parties are listed: the authorities first, then contractors, then advisors.
    ROLE_ORDER = (Role.CLIENT, Role.CO_CLIENT, Role.CONTRACTOR, Role.ADVISOR)

    partnership = models.ForeignKey(
        PartnershipPage,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("partnerschap"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    dropped_out_on = models.DateField(_("afgevallen op"), null=True, blank=True)
    dropped_out_reason = models.TextField(_("reden van afvallen"), blank=True)
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="party", verbose_name=_("partijgroep")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        ordering = ["partnership", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="party_unique_per_partnership"
            )
        ]

    def __str__(self):
        return f"{self.organisation.name} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_client(self) -> bool:
        return self.role in self.CLIENT_ROLES

    def group_name(self) -> str:
        """The auth group's name: readable in the admin, unique by the party's id."""
        return f"Partij {self.pk}: {self.organisation.name} – {self.partnership.title}"[:150]


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class Membership(models.Model):
    """A person's place in a party: lead (manages the party) or member."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Trekker")
        MEMBER = "member", _("Lid")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    # Denormalised from party so "one seat per person per partnership" is a constraint.
    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the member last opened the workspace dashboard: "new since your last visit".
    last_seen_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["party", "-role", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user"], name="membership_one_party_per_partnership"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.party}"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD


class PartnershipLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk))
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(
            object_id=str(instance.pk), content_type__model=instance._meta.model_name
        )

    def viewable_by_user(self, user):
        # Workspace entries name confidential items: they are read on the
        # workspace audit page, through the access module, never in the
        # site-wide admin reports (not even by superusers).
        return self.none()


class PartnershipLogEntry(BaseLogEntry):
    """Wagtail audit log entries for everything that happens inside a workspace.

    The extra `partnership` column lets a client lead read the log of one
    workspace without scanning every log entry of the site.
    """

    object_id = models.CharField(max_length=255, db_index=True)
    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="log_entries"
    )

    objects = PartnershipLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("logregel werkruimte")
        verbose_name_plural = _("logregels werkruimte")
