"""Forms of the sections and the equipment pool: they check input, services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import EquipmentItem, InnovationDemand, Party, Section

_INVALID_NUMBER = _("Geef een getal, bijvoorbeeld 12,5.")
_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_DATETIME_FORMAT),
        input_formats=[_DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d-%m-%Y %H:%M"],
        error_messages={
            "required": _("Vul een datum en tijd in."),
            "invalid": _("Geef een geldige datum en tijd, bijvoorbeeld 2026-03-02 07:00."),
        },
    )


def _number_errors(form):
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField):
            field.error_messages.update(
                invalid=_INVALID_NUMBER,
                max_digits=_("Dit getal is te groot."),
                max_decimal_places=_("Gebruik hoogstens %(max)s cijfers achter de komma."),
                max_whole_digits=_("Dit getal is te groot."),
            )


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["number", "name", "start_km", "end_km", "contractor", "status"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contractor"].queryset = Party.objects.filter(
            partnership=partnership, role=Party.Role.CONTRACTOR
        ).select_related("organisation")
        self.fields["contractor"].empty_label = _("Nog niet gegund")
        self.fields["contractor"].error_messages["invalid_choice"] = _(
            "Kies een opdrachtnemer uit de lijst."
        )
        self.fields["number"].error_messages["invalid"] = _("Geef een heel getal.")
        _number_errors(self)

    def _post_clean(self):
        # The service validates and saves; skip the model's own full_clean here.
        pass


class EquipmentItemForm(forms.ModelForm):
    class Meta:
        model = EquipmentItem
        fields = [
            "name",
            "category",
            "make",
            "model_name",
            "emission_class",
            "power_kw",
            "energy_per_hour",
            "co2_kg_per_hour",
            "baseline_co2_kg_per_hour",
            "contributed_by",
            "status",
            "current_section",
            "photo",
        ]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributed_by"].queryset = Party.objects.filter(
            partnership=partnership
        ).select_related("organisation")
        self.fields["current_section"].queryset = Section.objects.filter(partnership=partnership)
        for name in ("contributed_by", "current_section"):
            self.fields[name].error_messages["invalid_choice"] = _("Kies uit de lijst.")
        self.fields["photo"].widget = forms.FileInput(attrs={"accept": "image/*"})
        _number_errors(self)

    def _post_clean(self):
        pass


class BookingForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Materieel"),
        queryset=EquipmentItem.objects.none(),
        error_messages={
            "required": _("Kies het materieel."),
            "invalid_choice": _("Dit materieel bestaat niet in deze pool of is niet te boeken."),
        },
    )
    party = forms.ModelChoiceField(
        label=_("Voor partij"),
        queryset=Party.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Kies de partij."),
            "invalid_choice": _("U kunt alleen voor uw eigen partij boeken."),
        },
    )
    section = forms.ModelChoiceField(
        label=_("Deeltraject"),
        queryset=Section.objects.none(),
        error_messages={
            "required": _("Kies het deeltraject waar het materieel wordt ingezet."),
            "invalid_choice": _("Dit deeltraject bestaat niet. Kies uit de lijst."),
        },
    )
    starts_at = _datetime_field(_("Van"))
    ends_at = _datetime_field(_("Tot"))
    purpose = forms.CharField(
        label=_("Doel"),
        max_length=200,
        error_messages={"required": _("Geef het doel van de boeking.")},
        help_text=_("Bijvoorbeeld: ontgraven teen dijk, km 12,4–12,9."),
    )
    # Shown only when the period has begun already: booking afterwards is
    # allowed (to write hours), but never by accident.
    confirm_past = forms.BooleanField(
        label=_("Ja, ik boek deze periode achteraf"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, partnership, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = EquipmentItem.objects.filter(
            partnership=partnership, status=EquipmentItem.Status.AVAILABLE
        )
        self.fields["party"].queryset = parties.select_related("organisation")
        self.fields["section"].queryset = Section.objects.filter(partnership=partnership)

    def clean(self):
        return _clean_period(self, super().clean())


def _clean_period(form, cleaned):
    """A period that ends after it starts; one that has begun is confirmed first."""
    start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
    if start and end:
        if end == start:
            form.add_error("ends_at", _("Een boeking moet langer duren dan nul minuten."))
        elif end < start:
            form.add_error("ends_at", _("Het einde moet na het begin liggen."))
    if start and start < timezone.now() and not cleaned.get("confirm_past"):
        form.fields["confirm_past"].widget = forms.CheckboxInput()
        form.add_error(
            "confirm_past",
            _("Deze boeking begint in het verleden. Bevestig dat u achteraf boekt."),
        )
    return cleaned


class BookingMoveForm(forms.Form):
    """Another period or another item for a booking (the rest stays)."""

    item = BookingForm.base_fields["item"]
    starts_at = BookingForm.base_fields["starts_at"]
    ends_at = BookingForm.base_fields["ends_at"]
    confirm_past = BookingForm.base_fields["confirm_past"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = EquipmentItem.objects.filter(
            partnership=partnership, status=EquipmentItem.Status.AVAILABLE
        )

    def clean(self):
        return _clean_period(self, super().clean())


class UsageForm(forms.Form):
    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Vul de datum in."),
            "invalid": _("Geef een geldige datum, bijvoorbeeld 2026-03-02."),
        },
    )
    hours = forms.DecimalField(
        label=_("Draaiuren"),
        max_digits=6,
        decimal_places=2,
        error_messages={"required": _("Vul het aantal draaiuren in.")},
    )
    note = forms.CharField(label=_("Toelichting"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _number_errors(self)

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and hours <= 0:
            raise forms.ValidationError(_("Het aantal draaiuren moet groter zijn dan nul."))
        return hours


class DemandForm(forms.ModelForm):
    """An innovation need; the authority comes from the author's membership, not the form."""

    organisation = forms.ModelChoiceField(
        label=_("Namens"), queryset=None, empty_label=None, required=True
    )

    class Meta:
        model = InnovationDemand
        fields = [
            "organisation",
            "title",
            "question",
            "volume",
            "volume_unit",
            "pipeline",
            "start_year",
            "end_year",
            "budget_band",
            "theme",
            "region",
            "contact_name",
            "contact_email",
            "visibility",
            "open_to_bundling",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 5}),
            "pipeline": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = authorities
        if self.instance.pk:
            # A need stays with its authority.
            del self.fields["organisation"]
        _number_errors(self)
