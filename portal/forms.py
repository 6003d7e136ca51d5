from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(AuthenticationForm):
    """Django's login form without autofocus.

    Autofocus would skip the skip link and the page's introduction for keyboard
    and screen-reader users (WCAG 2.4.3, focus order).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


class AdminLoginForm(WagtailLoginForm):
    """Wagtail's admin sign-in, whose password field has no label of its own
    (Django then shows the field name, "Password", in every language)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Wachtwoord")


class VisitRegistrationForm(forms.Form):
    """Register for a visit: name, organisation, e-mail, and a honeypot for bots.

    `website` is the honeypot: hidden from people (visually and for screen
    readers, out of the tab order, no autofill); bots that fill in every
    field give themselves away.
    """

    HONEYPOT = "website"

    name = forms.CharField(
        label=_("Naam"),
        max_length=200,
        error_messages={
            "required": _("Vul uw naam in."),
            "max_length": _("Gebruik hoogstens %(limit_value)d tekens."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organisatie"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Gebruik hoogstens %(limit_value)d tekens.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        help_text=_("Hierheen sturen we de bevestiging en de afspraak voor uw agenda."),
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
            "max_length": _("Gebruik hoogstens %(limit_value)d tekens."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        """True when the honeypot was filled in."""
        return bool(self.data.get(self.HONEYPOT, "").strip())

    def full_clean(self):
        super().full_clean()
        # Tie each error message to its input, so screen readers read it out.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                ids = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text:
                    ids.append(f"{self[name].auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(ids)
                widget.attrs["aria-invalid"] = "true"
