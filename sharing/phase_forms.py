"""Forms and filters of the phases pages; they check input, the services check rules."""

import django_filters

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Instalment, InterimTarget, Phase, PhaseDecision, ResultRights

_DATE = forms.DateInput(attrs={"type": "date"})


class PhasePlanForm(forms.Form):
    reduction_allowed = forms.BooleanField(
        label=_("De aanbestedingsstukken staan toe het aantal partners na een fase te verminderen"),
        required=False,
    )
    four_eyes = forms.BooleanField(
        label=_("Een go/no-go-besluit vraagt bevestiging door een tweede trekker"), required=False
    )


class PhaseForm(forms.Form):
    order = forms.IntegerField(label=_("Volgorde"), min_value=1)
    name = forms.CharField(label=_("Naam"), max_length=120)
    kind = forms.ChoiceField(label=_("Soort"), choices=Phase.Kind.choices)
    explanation = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False)
    planned_start = forms.DateField(label=_("Geplande start"), required=False, widget=_DATE)
    planned_end = forms.DateField(label=_("Gepland einde"), required=False, widget=_DATE)
    budget = forms.DecimalField(label=_("Fasebudget (€)"), min_value=0, required=False)


class TargetForm(forms.Form):
    contractor = forms.ModelChoiceField(
        label=_("Geldt voor"), queryset=None, required=False, empty_label=_("Alle opdrachtnemers")
    )
    measure = forms.CharField(label=_("Wat wordt gemeten"), max_length=160)
    comparator = forms.ChoiceField(label=_("Vergelijking"), choices=InterimTarget.Comparator)
    threshold = forms.DecimalField(label=_("Drempel"))
    unit = forms.CharField(label=_("Eenheid"), max_length=40)
    weight = forms.IntegerField(label=_("Weging"), min_value=0, initial=1)
    method = forms.CharField(label=_("Hoe wordt beoordeeld"), widget=forms.Textarea, required=False)
    motivation = forms.CharField(
        label=_("Motivering van de wijziging"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Nodig zodra de fase is gestart; alle betrokken opdrachtnemers zien haar."),
    )

    def __init__(self, *args, contractors=(), amend=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contractor"].queryset = contractors
        if amend:
            # Who a fixed target applies to is part of the tender: not amendable.
            del self.fields["contractor"]
            self.fields["motivation"].required = True
        else:
            del self.fields["motivation"]


class AssessmentRowForm(forms.Form):
    """One target's result for one contractor; prefixed by the target id."""

    measured_value = forms.DecimalField(label=_("Gemeten waarde"), required=False)
    met = forms.TypedChoiceField(
        label=_("Gehaald"),
        choices=[("", _("volgt uit de waarde")), ("1", _("ja")), ("0", _("nee"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=2000)


class EvidenceForm(forms.Form):
    evidence = forms.ModelMultipleChoiceField(
        label=_("Bewijs (documenten van deze opdrachtnemer of de opdrachtgever)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = documents


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Besluit"), choices=PhaseDecision.Outcome.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea)
    override_motivation = forms.CharField(
        label=_("Motivering om door te gaan ondanks een niet gehaald doel"),
        widget=forms.Textarea,
        required=False,
    )


class InstalmentForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Fase"), queryset=None)
    party = forms.ModelChoiceField(label=_("Opdrachtnemer"), queryset=None)
    label = forms.CharField(label=_("Omschrijving"), max_length=160)
    amount = forms.DecimalField(label=_("Bedrag (€)"), min_value=0)

    def __init__(self, *args, phases=None, contractors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = phases
        self.fields["party"].queryset = contractors


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Betaald op"), required=False, widget=_DATE)


class LevelForm(forms.Form):
    measure = forms.CharField(label=_("Wat wordt gemeten"), max_length=160)
    comparator = forms.ChoiceField(label=_("Vergelijking"), choices=InterimTarget.Comparator)
    threshold = forms.DecimalField(label=_("Niveau"))
    unit = forms.CharField(label=_("Eenheid"), max_length=40)
    is_cost = forms.BooleanField(label=_("Maximale kosten"), required=False)


class PurchaseForm(forms.Form):
    buy = forms.TypedChoiceField(
        label=_("Afnemen"),
        choices=[("1", _("ja, afnemen")), ("0", _("nee"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea)
    sections = forms.ModelMultipleChoiceField(
        label=_("Deeltrajecten"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].queryset = sections


class RightsForm(forms.Form):
    item_kind = forms.ChoiceField(label=_("Soort resultaat"), choices=ResultRights.ItemKind)
    item_id = forms.IntegerField(
        label=_("Nummer van het document of de les"), required=False, min_value=1
    )
    title = forms.CharField(label=_("Resultaat"), max_length=200)
    party = forms.ModelChoiceField(label=_("Opdrachtnemer"), queryset=None)
    owner = forms.ChoiceField(label=_("Eigenaar"), choices=ResultRights.Owner)
    own_use = forms.BooleanField(label=_("Eigen gebruik door opdrachtgever"), required=False)
    other_authorities = forms.BooleanField(label=_("Gebruik door andere overheden"), required=False)
    publish = forms.BooleanField(label=_("Opdrachtgever mag publiceren"), required=False)
    from_phase = forms.ModelChoiceField(label=_("Vanaf fase"), queryset=None, required=False)
    note = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False)

    def __init__(self, *args, contractors=None, phases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = contractors
        self.fields["from_phase"].queryset = phases


class PhaseRowFilter(django_filters.FilterSet):
    """Narrow assessments, decisions or instalments (already narrowed by access)."""

    phase = django_filters.ModelChoiceFilter(
        label=_("Fase"), queryset=Phase.objects.none(), empty_label=_("Alle fases")
    )
    party = django_filters.ModelChoiceFilter(
        label=_("Opdrachtnemer"), queryset=None, empty_label=_("Alle")
    )

    def __init__(self, *args, phases=None, contractors=None, field_prefix="", **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["phase"].queryset = phases
        self.filters["party"].queryset = contractors
        if field_prefix:
            self.filters["phase"].field_name = f"{field_prefix}phase"


class InstalmentFilter(PhaseRowFilter):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Instalment.Status.choices, empty_label=_("Alle")
    )
