"""Wagtail's user and group admin, without the party groups.

A party's auth group carries its guardian permissions, so being in it is the
access to the party's confidential work; who is in it follows from the
memberships alone (`sharing.access.groups`). The admin therefore does not list
party groups, refuses them when posted (a Dutch form error and a "refused"
entry in the workspace's audit log) and keeps a user's party groups when the
roles it does show are saved. `sharing.wagtail_users.PartnerwerkUsersAppConfig`
points Wagtail at these viewsets (INSTALLED_APPS names it instead of
`wagtail.users`).
"""

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.generic.history import HistoryView
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import groups as group_views
from wagtail.users.views import users as user_views

from . import access


def _non_party_groups():
    return Group.objects.exclude(pk__in=access.party_group_ids())


class RolesField(forms.ModelMultipleChoiceField):
    """The groups an admin may give: every group except the party groups.

    A posted party-group id is refused with its own message (and remembered in
    `refused_group_ids` for the audit log), not as an unknown choice.
    """

    refused_group_ids: list[int]

    def clean(self, value):
        self.refused_group_ids = []
        ids = [v for v in (value or []) if str(v).isdigit()]
        party_group_ids = list(
            access.party_group_ids().filter(group_id__in=ids).values_list("group_id", flat=True)
        )
        if party_group_ids:
            self.refused_group_ids = party_group_ids
            raise ValidationError(
                _(
                    "Partijgroepen worden niet hier toegekend: iemand hoort bij een partij "
                    "door lidmaatschap, toegevoegd door de trekker in de werkruimte."
                ),
                code="party_group",
            )
        return super().clean(value)


class PartyGroupsKeptMixin:
    """Shows only non-party groups, refuses party groups, keeps the user's own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        old = self.fields["groups"]
        self.fields["groups"] = RolesField(
            queryset=_non_party_groups(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=old.label,
            help_text=old.help_text,
        )

    def clean(self):
        cleaned = super().clean()
        refused = getattr(self.fields["groups"], "refused_group_ids", [])
        if refused:
            username = self.instance.get_username() or self.data.get(
                self.instance.USERNAME_FIELD, ""
            )
            access.log_refused_party_groups(username=username, group_ids=refused)
        return cleaned

    def clean_groups(self):
        # ModelForm saves m2m with .set(): without the user's party groups in
        # the value, saving the roles would take the user out of their party.
        groups = list(self.cleaned_data["groups"])
        if self.instance.pk:
            groups += list(self.instance.groups.filter(pk__in=access.party_group_ids()))
        return groups


class RolesUserEditForm(PartyGroupsKeptMixin, UserEditForm):
    pass


class RolesUserCreationForm(PartyGroupsKeptMixin, UserCreationForm):
    pass


class UserFilterSet(user_views.UserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].queryset = _non_party_groups()


class UserViewSet(user_views.UserViewSet):
    filterset_class = UserFilterSet

    def get_form_class(self, for_update=False):
        return RolesUserEditForm if for_update else RolesUserCreationForm


class NonPartyGroupsMixin:
    """Group admin views that do not know party groups exist (404 on their URLs)."""

    def get_queryset(self):
        return super().get_queryset().exclude(pk__in=access.party_group_ids())

    def get_base_object_queryset(self):
        return super().get_base_object_queryset().exclude(pk__in=access.party_group_ids())


class GroupIndexView(group_views.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().exclude(pk__in=access.party_group_ids())


class GroupEditView(NonPartyGroupsMixin, group_views.EditView):
    pass


class GroupDeleteView(NonPartyGroupsMixin, group_views.DeleteView):
    pass


class GroupHistoryView(NonPartyGroupsMixin, HistoryView):
    pass


class GroupViewSet(group_views.GroupViewSet):
    index_view_class = GroupIndexView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView
    history_view_class = GroupHistoryView
