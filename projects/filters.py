"""Filters of the equipment register; the queryset is one partnership's pool."""

import datetime

import django_filters

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dates import validate_supported_date
from .models import EquipmentItem, Party, Section

ZERO_EMISSION = "zero_emission"


class EquipmentFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("free_from"), cleaned.get("free_to")
        if bool(start) != bool(end) and not self.errors:
            raise forms.ValidationError(
                _("Geef voor ‘vrij van … tot en met …’ zowel een begin- als een einddatum.")
            )
        if start and end and end < start:
            self.add_error("free_to", _("De einddatum moet op of na de begindatum liggen."))
        return cleaned


def free_window(start: datetime.date, end: datetime.date):
    """Whole days from `start` up to and including `end`, as a half-open local period."""
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


class EquipmentFilter(django_filters.FilterSet):
    """Category, emission class, status, party, section, and free for a whole period."""

    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    category = django_filters.ChoiceFilter(
        label=_("Categorie"), choices=EquipmentItem.Category.choices, empty_label=_("Alle")
    )
    emission_class = django_filters.ChoiceFilter(
        label=_("Emissieklasse"),
        choices=[
            (ZERO_EMISSION, _("Emissieloos (elektrisch of waterstof)")),
            *EquipmentItem.EmissionClass.choices,
        ],
        empty_label=_("Alle"),
        method="filter_emission",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=EquipmentItem.Status.choices, empty_label=_("Alle")
    )
    contributed_by = django_filters.ModelChoiceFilter(
        label=_("Ingebracht door"), queryset=Party.objects.none(), empty_label=_("Alle partijen")
    )
    current_section = django_filters.ModelChoiceFilter(
        label=_("Deeltraject"), queryset=Section.objects.none(), empty_label=_("Alle")
    )
    free_from = django_filters.DateFilter(
        label=_("Vrij van"),
        method="filter_free",
        validators=[validate_supported_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    free_to = django_filters.DateFilter(
        label=_("tot en met"),
        method="filter_free",
        validators=[validate_supported_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sorteren op"),
        empty_label=_("Naam"),
        fields=(
            ("name", "name"),
            ("category", "category"),
            ("emission_class", "emission_class"),
            ("power_kw", "power"),
            ("co2_kg_per_hour", "co2"),
        ),
        field_labels={
            "name": _("Naam"),
            "category": _("Categorie"),
            "emission_class": _("Emissieklasse"),
            "power_kw": _("Vermogen"),
            "co2_kg_per_hour": _("CO2 per uur"),
            # Explicit, so the descending labels follow the reader's language
            # (django-filter formats its own at import time).
            "-name": _("Naam (aflopend)"),
            "-category": _("Categorie (aflopend)"),
            "-emission_class": _("Emissieklasse (aflopend)"),
            "-power": _("Vermogen (aflopend)"),
            "-co2": _("CO2 per uur (aflopend)"),
        },
    )

    class Meta:
        model = EquipmentItem
        fields = ["q", "category", "emission_class", "status", "contributed_by", "current_section"]
        form = EquipmentFilterForm

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["contributed_by"].queryset = Party.objects.filter(
            partnership=partnership
        ).select_related("organisation")
        self.filters["current_section"].queryset = Section.objects.filter(partnership=partnership)
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        for name in ("contributed_by", "current_section"):
            self.form.fields[name].error_messages["invalid_choice"] = _(
                "Deze keuze bestaat niet (meer). Kies uit de lijst."
            )
        for name in ("free_from", "free_to"):
            self.form.fields[name].error_messages["invalid"] = _(
                "Geef een geldige datum, bijvoorbeeld 2026-03-02."
            )

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return (
            queryset.filter(name__icontains=value)
            | queryset.filter(make__icontains=value)
            | queryset.filter(model_name__icontains=value)
        )

    def filter_emission(self, queryset, name, value):
        if value == ZERO_EMISSION:
            return queryset.filter(emission_class__in=EquipmentItem.ZERO_EMISSION)
        return queryset.filter(emission_class=value)

    def filter_free(self, queryset, name, value):
        # Both dates are applied together once, by the free_to filter.
        if name != "free_to":
            return queryset
        start = self.form.cleaned_data.get("free_from")
        if start is None:
            return queryset
        return queryset.free_between(*free_window(start, value))

    @property
    def free_period(self):
        if not self.is_valid():
            return None
        start, end = self.form.cleaned_data.get("free_from"), self.form.cleaned_data.get("free_to")
        return (start, end) if start and end else None
