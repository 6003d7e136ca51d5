"""Wagtail admin for parties: how a new partnership gets its first lead.

Editors create a PartnershipPage; here they (or a superuser) add its parties
and, for each, a lead by e-mail. Creating and changing parties goes through
`projects.services`, so groups, permissions and the audit log follow. Parties
are never deleted (drop-out is a status, set in the workspace).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from . import services
from .models import Membership, Party


class PartyCreateForm(WagtailAdminModelForm):
    lead_email = forms.EmailField(
        label=_("E-mailadres van de trekker"),
        required=False,
        help_text=_(
            "Wie nog geen account heeft, krijgt een uitnodiging om een wachtwoord te kiezen."
        ),
    )

    class Meta:
        model = Party
        fields = ["partnership", "organisation", "role"]

    def clean(self):
        data = super().clean()
        partnership, organisation = data.get("partnership"), data.get("organisation")
        if (
            partnership
            and organisation
            and Party.objects.filter(partnership=partnership, organisation=organisation).exists()
        ):
            self.add_error("organisation", _("Deze organisatie is al partij in dit partnerschap."))
        email = data.get("lead_email")
        if (
            partnership
            and email
            and Membership.objects.filter(
                partnership=partnership, user__email__iexact=email
            ).exists()
        ):
            self.add_error(
                "lead_email", _("Deze persoon is al lid van een partij in dit partnerschap.")
            )
        return data


class PartyEditForm(WagtailAdminModelForm):
    class Meta:
        model = Party
        fields = ["role"]


class PartyCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        party = services.party_create(
            partnership=data["partnership"],
            organisation=data["organisation"],
            role=data["role"],
            actor=self.request.user,
        )
        if data.get("lead_email"):
            # Validated in the form's clean(); the service re-checks.
            services.membership_add(
                party=party,
                email=data["lead_email"],
                role=Membership.Role.LEAD,
                actor=self.request.user,
            )
        return party


class PartyEditView(generic.EditView):
    def save_instance(self):
        party = Party.objects.get(pk=self.object.pk)
        return services.party_change_role(
            party=party, role=self.form.cleaned_data["role"], actor=self.request.user
        )


class PartyViewSet(ModelViewSet):
    model = Party
    icon = "group"
    menu_label = _("Partijen")
    add_to_admin_menu = True
    menu_order = 250
    form_fields = ["partnership", "organisation", "role"]
    list_display = ["organisation", "partnership", "role", "status"]
    list_filter = ["role", "status"]
    search_fields = ["organisation__name"]
    add_view_class = PartyCreateView
    edit_view_class = PartyEditView
    delete_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return PartyEditForm if for_update else PartyCreateForm


party_viewset = PartyViewSet("parties")
