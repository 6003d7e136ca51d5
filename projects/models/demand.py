"""Before a partnership: organisations' own people, their innovation needs, buyer groups.

An authority says what it needs (`InnovationDemand`) before any partnership
exists, so people belong to their organisation directly
(`OrganisationMember`), not only through a party seat. Authorities with the
same kind of need bundle it in a `BuyerGroup`, which can become one
partnership with the other authorities as co-clients.

Who may see or write what is decided in `projects.selectors_demand` (one
rule, asked by the public pages and re-exported by `sharing.access`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .partnerships import Organisation, PartnershipPage


class OrganisationMember(models.Model):
    """A person working for an organisation, whether or not it sits in a partnership."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Beheerder")
        MEMBER = "member", _("Medewerker")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medewerker van een organisatie")
        verbose_name_plural = _("medewerkers van organisaties")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="organisation_member_once"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class InnovationDemandQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=InnovationDemand.Status.PUBLISHED)

    def public(self):
        return self.published().filter(visibility=InnovationDemand.Visibility.PUBLIC)


class InnovationDemand(models.Model):
    """An authority's innovation need, and the train of projects waiting for a solution."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Openbaar")
        AUTHORITIES = "authorities", _("Alleen overheden")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        PUBLISHED = "published", _("Gepubliceerd")

    class BudgetBand(models.TextChoices):
        UNDER_1M = "lt1m", _("Minder dan € 1 miljoen")
        M1_5 = "1-5m", _("€ 1 tot 5 miljoen")
        M5_25 = "5-25m", _("€ 5 tot 25 miljoen")
        OVER_25M = "gt25m", _("Meer dan € 25 miljoen")
        UNKNOWN = "unknown", _("Nog onbekend")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("overheid"),
        on_delete=models.PROTECT,
        related_name="demands",
    )
    title = models.CharField(_("titel"), max_length=200)
    question = models.TextField(
        _("de vraag"), help_text=_("In gewone woorden: wat moet er anders of beter?")
    )
    volume = models.DecimalField(
        _("verwachte omvang"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    volume_unit = models.CharField(
        _("eenheid"),
        max_length=60,
        blank=True,
        help_text=_("Bijvoorbeeld: deeltrajecten, km kademuur, bruggen."),
    )
    pipeline = models.TextField(
        _("projecten in de pijplijn"),
        blank=True,
        help_text=_("Het treintje: één project per regel waar een oplossing kan worden toegepast."),
    )
    start_year = models.PositiveSmallIntegerField(_("start (jaar)"))
    end_year = models.PositiveSmallIntegerField(_("einde (jaar)"), null=True, blank=True)
    budget_band = models.CharField(
        _("budget"), max_length=10, choices=BudgetBand.choices, default=BudgetBand.UNKNOWN
    )
    theme = models.CharField(_("thema"), max_length=100)
    region = models.CharField(_("regio"), max_length=100, blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=200)
    contact_email = models.EmailField(_("e-mail contactpersoon"))
    visibility = models.CharField(
        _("zichtbaarheid"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_("Openbaar, of alleen zichtbaar voor medewerkers van overheden."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    open_to_bundling = models.BooleanField(
        _("open voor vraagbundeling"),
        default=True,
        help_text=_("Andere overheden mogen zich bij deze vraag aansluiten in een kopersgroep."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = InnovationDemandQuerySet.as_manager()

    class Meta:
        verbose_name = _("innovatievraag")
        verbose_name_plural = _("innovatievragen")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "visibility"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("demand-detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def pipeline_lines(self) -> list[str]:
        return [line.strip() for line in self.pipeline.splitlines() if line.strip()]

    @property
    def volume_label(self) -> str:
        if self.volume is None:
            return ""
        number = f"{self.volume:.1f}".rstrip("0").rstrip(".")
        return f"{number} {self.volume_unit}".strip()

    @property
    def timeline_label(self) -> str:
        if self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year)


class BuyerGroup(models.Model):
    """Authorities that agreed to bundle their needs; may become one partnership."""

    name = models.CharField(_("naam"), max_length=200)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("trekker"),
        on_delete=models.PROTECT,
        related_name="buyer_groups_led",
    )
    partnership = models.OneToOneField(
        PartnershipPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buyer_group",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kopersgroep")
        verbose_name_plural = _("kopersgroepen")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class BuyerGroupMember(models.Model):
    """One authority's need in a buyer group; a need bundles in one group at most."""

    group = models.ForeignKey(BuyerGroup, on_delete=models.CASCADE, related_name="members")
    demand = models.OneToOneField(
        InnovationDemand, on_delete=models.CASCADE, related_name="buyer_group_member"
    )
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deelnemer kopersgroep")
        verbose_name_plural = _("deelnemers kopersgroep")
        ordering = ["joined_at", "pk"]

    def __str__(self):
        return f"{self.demand} in {self.group}"
