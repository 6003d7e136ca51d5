from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects.models import Membership, PartnershipPage, Party, Section

from . import access
from .models import Document, Lesson, ReleaseRequest, Scope
from .validators import validate_upload

# Every free-text field has a limit (a 1 MB lesson would render a 1 MB page);
# Django's own message says, in Dutch, how long the text is and may be, and the
# form comes back with what was typed, so nothing saved or typed is lost.
# (Message bodies are limited by sharing.services.threads: MESSAGE_MAX_LENGTH.)
NOTE_MAX_LENGTH = 2_000
LESSON_TEXT_MAX_LENGTH = 5_000


class UploadField(forms.FileField):
    default_error_messages = {
        "required": _("Kies een bestand."),
        "empty": _("Het bestand is leeg."),
        "invalid": _("Dit is geen bestand."),
    }

    def validate(self, value):
        super().validate(value)
        if value:
            validate_upload(value)


class DocumentUploadForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef het document een titel.")},
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
    )
    kind = forms.ChoiceField(
        label=_("Soort"), choices=Document.Kind.choices, initial=Document.Kind.REPORT
    )
    owner_party = forms.ModelChoiceField(
        label=_("Eigenaar"),
        queryset=Party.objects.none(),
        empty_label=None,
        help_text=_("De partij die het document inbrengt en over de vrijgave beslist."),
        error_messages={"invalid_choice": _("U kunt alleen voor uw eigen partij uploaden.")},
    )
    scope = forms.ChoiceField(
        label=_("Wie mag het zien?"),
        choices=Scope.choices,
        initial=Scope.CONFIDENTIAL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een geldige reikwijdte.")},
    )
    file = UploadField(label=_("Bestand"))
    note = forms.CharField(label=_("Toelichting bij deze versie"), max_length=300, required=False)

    def __init__(self, *args, own_party: Party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_party"].queryset = Party.objects.filter(pk=own_party.pk).select_related(
            "organisation"
        )
        self.fields["owner_party"].initial = own_party.pk


class DocumentVersionForm(forms.Form):
    file = UploadField(label=_("Nieuw bestand"))
    note = forms.CharField(label=_("Wat is er veranderd?"), max_length=300, required=False)


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Nieuwe reikwijdte"), choices=Scope.choices, widget=forms.RadioSelect
    )


class ReleaseRequestForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Vrijgeven aan"),
        choices=ReleaseRequest.Audience.choices,
        widget=forms.RadioSelect,
        initial=ReleaseRequest.Audience.ALL,
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Gekozen partijen"),
        queryset=Party.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen nodig als u voor gekozen partijen kiest."),
    )
    purpose = forms.CharField(
        label=_("Doel van de vrijgave"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarvoor hebben de andere partners deze informatie nodig?"),
        error_messages={"required": _("Beschrijf waarvoor u de vrijgave nodig hebt.")},
        max_length=NOTE_MAX_LENGTH,
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = access.release_recipient_parties(item).select_related(
            "organisation"
        )

    def clean(self):
        data = super().clean()
        if data.get("audience") == ReleaseRequest.Audience.CHOSEN and not data.get("recipients"):
            self.add_error("recipients", _("Kies ten minste één partij."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("grant", _("Toestemming geven")), ("refuse", _("Weigeren"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of u toestemming geeft of weigert.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
    )


class PartyAddForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisatie"),
        max_length=200,
        error_messages={"required": _("Geef de naam van de organisatie.")},
    )
    role = forms.ChoiceField(
        label=_("Rol"), choices=Party.Role.choices, initial=Party.Role.CONTRACTOR
    )
    lead_email = forms.EmailField(
        label=_("E-mailadres van de trekker"),
        required=False,
        help_text=_("Wie nog geen account heeft, krijgt een uitnodiging."),
        error_messages={"invalid": _("Geef een geldig e-mailadres.")},
    )


class PartyRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Party.Role.choices)


class DropOutForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: go/no-go-besluit na fase 1."),
        error_messages={"required": _("Geef de reden van het afvallen.")},
        max_length=NOTE_MAX_LENGTH,
    )
    on = forms.DateField(
        label=_("Datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Geef een geldige datum.")},
    )
    confirm = forms.BooleanField(
        label=_("Ik begrijp dat deze partij geen toegang meer heeft tot gedeelde stukken."),
        error_messages={"required": _("Bevestig dat u deze partij wilt laten afvallen.")},
    )


class MemberAddForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Partij"),
        queryset=Party.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Kies een partij die u beheert.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={
            "required": _("Geef een e-mailadres."),
            "invalid": _("Geef een geldig e-mailadres."),
        },
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Rol"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Membership.Role.choices)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, per field where it names one.

    A save held by the reference guard adds the choice of ways on instead.
    """
    from .services.guard import ReferenceHeld

    if isinstance(exc, ReferenceHeld):
        hold_for_reference(form, exc)
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def hold_for_reference(form: forms.Form, held) -> None:
    """Offer the ways on of a held save as a required choice; the text stays as typed."""
    from .services.guard import CHOICES

    labels = dict(CHOICES)
    audit = held.audit
    if audit.narrow_to:
        labels["narrow"] = _("Maak de reikwijdte kleiner: %(scope)s") % {
            "scope": Scope(audit.narrow_to).label
        }
    widen_to = {gap.widen_to for gap in audit.gaps}
    if len(widen_to) == 1:
        labels["widen"] = _(
            "Verruim de reikwijdte van het item waarnaar u verwijst naar: %(scope)s"
        ) % {"scope": Scope(widen_to.pop()).label}
    form.fields["reference_choice"] = forms.ChoiceField(
        label=_("Hoe wilt u verder?"),
        choices=[(choice, labels[choice]) for choice in held.choices],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe u verder wilt.")},
    )
    form.held = held


class ThreadCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Onderwerp"),
        max_length=200,
        error_messages={"required": _("Geef de draad een onderwerp.")},
    )
    owner_party = forms.ModelChoiceField(
        label=_("Namens"),
        queryset=Party.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("U kunt alleen namens uw eigen partij beginnen.")},
    )
    scope = forms.ChoiceField(
        label=_("Wie mag meelezen?"),
        choices=Scope.choices,
        initial=Scope.SHARED,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een geldige reikwijdte.")},
    )
    tags = forms.CharField(
        label=_("Labels"),
        required=False,
        max_length=300,
        help_text=_("Gescheiden door komma's, bijvoorbeeld: materieel, planning."),
    )
    document = forms.ModelChoiceField(
        label=_("Over document"),
        queryset=Document.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies een document uit deze werkruimte.")},
    )
    lesson = forms.ModelChoiceField(
        label=_("Over les"),
        queryset=Lesson.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies een les uit deze werkruimte.")},
    )
    section = forms.ModelChoiceField(
        label=_("Over deeltraject"),
        queryset=Section.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies een deeltraject uit deze werkruimte.")},
    )
    body = forms.CharField(
        label=_("Eerste bericht"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown mag: **vet**, _cursief_, lijstjes en links. Noem iemand met @naam."),
        error_messages={"required": _("Het bericht is leeg.")},
    )

    def __init__(self, *args, own_party: Party, documents, sections, lessons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        self.fields["lesson"].queryset = lessons
        self.fields["owner_party"].queryset = Party.objects.filter(pk=own_party.pk).select_related(
            "organisation"
        )
        self.fields["owner_party"].initial = own_party.pk
        self.fields["document"].queryset = documents

    def clean_tags(self):
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()][:10]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Uw bericht"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown mag. Noem iemand met @naam; alleen wie de draad kan zien."),
        error_messages={"required": _("Het bericht is leeg.")},
    )


class LessonForm(forms.Form):
    """A lesson's text; owner party and scope only when it is created."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef de les een titel.")},
    )
    context = forms.CharField(
        label=_("Context"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De situatie: wat speelde er, en waarom was het lastig?"),
        error_messages={"required": _("Beschrijf de situatie.")},
        max_length=LESSON_TEXT_MAX_LENGTH,
    )
    what_worked = forms.CharField(
        label=_("Wat werkte"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=LESSON_TEXT_MAX_LENGTH,
    )
    what_did_not = forms.CharField(
        label=_("Wat werkte niet"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=LESSON_TEXT_MAX_LENGTH,
    )
    advice = forms.CharField(
        label=_("Advies"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat raadt u een collega aan die na u begint?"),
        error_messages={"required": _("Geef een advies aan wie na u komt.")},
        max_length=LESSON_TEXT_MAX_LENGTH,
    )
    theme = forms.CharField(
        label=_("Thema"),
        max_length=100,
        required=False,
        help_text=_("Bijvoorbeeld: samenwerking, materieel, aanbesteding."),
    )
    phase = forms.ChoiceField(
        label=_("Fase"),
        choices=[("", _("Geen bepaalde fase")), *PartnershipPage.Status.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies een geldige fase.")},
    )


class LessonCreateForm(LessonForm):
    owner_party = forms.ModelChoiceField(
        label=_("Eigenaar"),
        queryset=Party.objects.none(),
        empty_label=None,
        help_text=_("De partij die de les inbrengt en over publicatie meebeslist."),
        error_messages={
            "invalid_choice": _("U kunt alleen voor uw eigen partij een les vastleggen.")
        },
    )
    scope = forms.ChoiceField(
        label=_("Wie mag het zien?"),
        choices=Scope.choices,
        initial=Scope.CONFIDENTIAL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een geldige reikwijdte.")},
    )

    field_order = ["title", "owner_party", "scope"]

    def __init__(self, *args, own_party: Party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_party"].queryset = Party.objects.filter(pk=own_party.pk).select_related(
            "organisation"
        )
        self.fields["owner_party"].initial = own_party.pk


class PublicationProposeForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting voor wie moet instemmen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Waarom is deze les de moeite waard voor andere overheden?"),
    )
