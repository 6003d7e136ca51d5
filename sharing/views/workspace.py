from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from projects import services as project_services
from projects.models import Membership, Party

from .. import access, selectors
from ..filters import AuditFilter
from ..forms import (
    DropOutForm,
    MemberAddForm,
    MemberRoleForm,
    PartyAddForm,
    PartyRoleForm,
    apply_errors,
)
from .base import WorkspaceMixin, paginate
from .equipment import csv_response


class WorkspaceListView(LoginRequiredMixin, TemplateView):
    """/werkruimte/: the workspaces the user is a member of."""

    template_name = "sharing/workspace_list.html"

    def get(self, request, *args, **kwargs):
        workspaces = list(access.workspaces_for_user(request.user))
        if len(workspaces) == 1:
            return redirect("sharing:dashboard", slug=workspaces[0].slug)
        if not workspaces and request.user.has_perm("wagtailadmin.access_admin"):
            return redirect("wagtailadmin_home")  # an editor: their work is in the admin
        return self.render_to_response(self.get_context_data(workspaces=workspaces))


class DashboardView(WorkspaceMixin, TemplateView):
    template_name = "sharing/workspace_dashboard.html"
    nav = "dashboard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        previous_visit = project_services.membership_touch(membership=self.seat.membership)
        context.update(
            selectors.dashboard(
                user=self.request.user, partnership=self.partnership, seat=self.seat
            ),
            previous_visit=previous_visit,
            may_create_items=access.may_create_items(self.seat),
        )
        return context


class MembersView(WorkspaceMixin, TemplateView):
    """deelnemers/: parties and members; leads manage them here."""

    template_name = "sharing/members.html"
    nav = "members"

    def managed_parties(self):
        if access.may_manage_parties(self.seat):
            return Party.objects.active().filter(partnership=self.partnership)
        if access.may_manage_members(self.seat, self.seat.party):
            return Party.objects.filter(pk=self.seat.party.pk)
        return Party.objects.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parties = list(selectors.party_list(partnership=self.partnership))
        for party in parties:
            party.may_manage = access.may_manage_members(self.seat, party)
        managed = self.managed_parties().select_related("organisation").in_role_order()
        context.update(
            parties=parties,
            may_manage_parties=access.may_manage_parties(self.seat),
            party_form=kwargs.get("party_form") or PartyAddForm(auto_id="party-%s"),
            member_form=kwargs.get("member_form")
            or MemberAddForm(
                parties=managed, initial={"party": self.seat.party.pk}, auto_id="member-%s"
            ),
            may_add_members=managed.exists(),
            roles=Membership.Role.choices,
            party_roles=Party.Role.choices,
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        handler = {
            "add_party": self.add_party,
            "add_member": self.add_member,
            "member_role": self.member_role,
            "remove_member": self.remove_member,
            "party_role": self.party_role,
        }.get(action)
        if handler is None:
            messages.error(request, _("Onbekende actie."))
            return redirect("sharing:members", slug=self.partnership.slug)
        return handler(request)

    def add_party(self, request):
        self.require(access.may_manage_parties(self.seat))
        form = PartyAddForm(request.POST, auto_id="party-%s")
        if form.is_valid():
            try:
                organisation = project_services.organisation_get_or_create(
                    name=form.cleaned_data["organisation"]
                )
                party = project_services.party_create(
                    partnership=self.partnership,
                    organisation=organisation,
                    role=form.cleaned_data["role"],
                    actor=request.user,
                )
                if form.cleaned_data["lead_email"]:
                    project_services.membership_add(
                        party=party,
                        email=form.cleaned_data["lead_email"],
                        role=Membership.Role.LEAD,
                        actor=request.user,
                    )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("%(org)s is toegevoegd als partij.") % {"org": organisation.name}
                )
                return redirect("sharing:members", slug=self.partnership.slug)
        return self.render_to_response(self.get_context_data(party_form=form), status=400)

    def add_member(self, request):
        form = MemberAddForm(request.POST, parties=self.managed_parties(), auto_id="member-%s")
        if form.is_valid():
            party = form.cleaned_data["party"]
            self.require(access.may_manage_members(self.seat, party))
            try:
                membership, invited = project_services.membership_add(
                    party=party,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if invited:
                    messages.success(
                        request,
                        _("Er is een uitnodiging gestuurd naar %(email)s.")
                        % {"email": membership.user.email},
                    )
                else:
                    messages.success(
                        request,
                        _("%(name)s is toegevoegd.")
                        % {"name": membership.user.get_full_name() or membership.user.username},
                    )
                return redirect("sharing:members", slug=self.partnership.slug)
        return self.render_to_response(self.get_context_data(member_form=form), status=400)

    def _membership(self, request):
        membership = get_object_or_404(
            Membership.objects.select_related("party", "user"),
            pk=request.POST.get("membership"),
            partnership=self.partnership,
        )
        self.require(access.may_manage_members(self.seat, membership.party))
        return membership

    def member_role(self, request):
        membership = self._membership(request)
        form = MemberRoleForm(request.POST)
        if form.is_valid():
            try:
                project_services.membership_change_role(
                    membership=membership, role=form.cleaned_data["role"], actor=request.user
                )
                messages.success(request, _("De rol is gewijzigd."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Kies een geldige rol."))
        return redirect("sharing:members", slug=self.partnership.slug)

    def remove_member(self, request):
        membership = self._membership(request)
        try:
            project_services.membership_remove(membership=membership, actor=request.user)
            messages.success(
                request,
                _("%(name)s is verwijderd uit de partij.")
                % {"name": membership.user.get_full_name() or membership.user.username},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("sharing:members", slug=self.partnership.slug)

    def party_role(self, request):
        self.require(access.may_manage_parties(self.seat))
        party = get_object_or_404(Party, pk=request.POST.get("party"), partnership=self.partnership)
        form = PartyRoleForm(request.POST)
        if form.is_valid():
            try:
                project_services.party_change_role(
                    party=party, role=form.cleaned_data["role"], actor=request.user
                )
                messages.success(request, _("De rol van de partij is gewijzigd."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Kies een geldige rol."))
        return redirect("sharing:members", slug=self.partnership.slug)


class DropOutView(WorkspaceMixin, TemplateView):
    """deelnemers/<party>/afvallen/: a client lead marks a party as dropped out."""

    template_name = "sharing/party_drop_out.html"
    nav = "members"

    def get_party(self):
        self.require(access.may_manage_parties(self.seat))
        return get_object_or_404(
            Party.objects.select_related("organisation"),
            pk=self.kwargs["party"],
            partnership=self.partnership,
        )

    def get(self, request, *args, **kwargs):
        party = self.get_party()
        return self.render_to_response(self.get_context_data(party=party, form=DropOutForm()))

    def post(self, request, *args, **kwargs):
        party = self.get_party()
        form = DropOutForm(request.POST)
        if form.is_valid():
            try:
                project_services.party_drop_out(
                    party=party,
                    reason=form.cleaned_data["reason"],
                    on=form.cleaned_data["on"],
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(org)s is gemarkeerd als afgevallen.") % {"org": party.organisation.name},
                )
                return redirect("sharing:members", slug=self.partnership.slug)
        return self.render_to_response(self.get_context_data(party=party, form=form), status=400)


class AuditView(WorkspaceMixin, TemplateView):
    """logboek/: the workspace's audit log, for client leads: filtered, searched, as CSV.

    Entries about items the reader may not see are never shown or counted
    (`selectors.audit_entries`); an entry links to its item only where the
    reader may see it (`selectors.audit_links`).
    """

    template_name = "sharing/audit.html"
    nav = "audit"

    def get(self, request, *args, **kwargs):
        self.require(access.may_view_audit(self.seat))
        self.filterset = AuditFilter(
            request.GET or None,
            queryset=selectors.audit_entries(user=request.user, partnership=self.partnership),
            partnership=self.partnership,
        )
        if request.GET.get("export") == "csv":
            return audit_csv_response(self.filterset.qs, self.partnership)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page, query = paginate(self.request, self.filterset.qs, per_page=50)
        links = selectors.audit_links(
            user=self.request.user,
            seat=self.seat,
            partnership=self.partnership,
            entries=page.object_list,
        )
        for entry in page.object_list:
            entry.item_url = links.get(entry.pk)
        export_query = self.request.GET.copy()
        export_query.pop("pagina", None)
        export_query["export"] = "csv"
        context.update(
            page=page,
            query=query,
            filter=self.filterset,
            routine_folded=self.filterset.routine_folded_count(),
            routine_query=query + ("&" if query else "") + "routine=on",
            export_query=export_query.urlencode(),
        )
        return context


class MemberRemoveView(WorkspaceMixin, TemplateView):
    """deelnemers/leden/<pk>/verwijderen/: asks first (GET), removes on POST."""

    template_name = "sharing/confirm.html"
    nav = "members"

    def get_membership(self):
        membership = get_object_or_404(
            Membership.objects.select_related("party__organisation", "user"),
            pk=self.kwargs["pk"],
            partnership=self.partnership,
        )
        self.require(access.may_manage_members(self.seat, membership.party))
        return membership

    def get(self, request, *args, **kwargs):
        membership = self.get_membership()
        name = membership.user.get_full_name() or membership.user.username
        return self.render_to_response(
            self.get_context_data(
                confirm_title=_("%(name)s verwijderen?") % {"name": name},
                confirm_text=_(
                    "%(name)s verliest meteen de toegang tot deze werkruimte namens "
                    "%(party)s. Wat %(name)s schreef, blijft staan."
                )
                % {"name": name, "party": membership.party.organisation.name},
                confirm_action=request.path,
                confirm_button=_("Ja, verwijder"),
                cancel_url=reverse("sharing:members", args=[self.partnership.slug]),
            )
        )

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        try:
            project_services.membership_remove(membership=membership, actor=request.user)
            messages.success(
                request,
                _("%(name)s is verwijderd uit de partij.")
                % {"name": membership.user.get_full_name() or membership.user.username},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("sharing:members", slug=self.partnership.slug)


def audit_csv_response(entries, partnership):
    """The filtered Logboek as CSV, through the project's one CSV writer."""
    rows = (
        (
            localtime(e.timestamp).strftime("%Y-%m-%d %H:%M"),
            e.user_display_name,
            e.action,
            e.message,
            e.label,
        )
        for e in entries.select_related("user", "content_type").iterator()
    )
    header = [_("Wanneer"), _("Wie"), _("Handeling"), _("Wat"), _("Onderwerp")]
    return csv_response(f"logboek-{partnership.slug}.csv", header, rows)
