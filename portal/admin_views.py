"""Wagtail admin for visit registrations: editors look them up and export them.

Read only: places and the waiting list change through `portal.services.visits`
(the visitor's cancel link), never through an admin form. The permission
policy grants "view" to whoever holds `portal.view_visitregistration` (the
editors' group "Redacteuren", see migrations 0003 and 0004) and nothing else,
not even to superusers.
"""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from . import csvexport
from .models import VisitRegistration


class ReadOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(["view"])


class RegistrationIndexView(generic.IndexView):
    def stream_csv(self, queryset):
        # Names come from a public form: the one CSV writer keeps spreadsheets
        # from reading any cell as a formula (XLSX marks formulas as text itself).
        header = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (self.to_row_dict(item).values() for item in queryset)
        return csvexport.stream_rows(header, rows)

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("visit")


class RegistrationInspectView(generic.InspectView):
    def get_field_display_value(self, field_name, field):
        # An empty field reads as a dash, not as Python's "None".
        value = super().get_field_display_value(field_name, field)
        return "–" if value is None or value == "" else value


class VisitRegistrationViewSet(ModelViewSet):
    model = VisitRegistration
    icon = "group"
    menu_label = _("Aanmeldingen bezoeken")
    add_to_admin_menu = True
    menu_order = 260
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    # Required by ModelViewSet; the add and edit views are closed by the policy.
    form_fields = ["name", "organisation", "email"]
    list_display = ["name", "organisation", "email", "visit", "status", "position", "created_at"]
    list_filter = ["visit", "status"]
    list_export = [
        "visit",
        "name",
        "organisation",
        "email",
        "get_status_display",
        "position",
        "created_at",
        "cancelled_at",
    ]
    export_headings = {
        "visit": _("Bezoek"),
        "get_status_display": _("Status"),
        "position": _("Volgnummer"),
    }
    export_filename = "aanmeldingen-bezoeken"
    search_fields = ["name", "organisation", "email"]
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "visit",
        "name",
        "organisation",
        "email",
        "status",
        "position",
        "created_at",
        "cancelled_at",
    ]
    copy_view_enabled = False

    def get_permissions_to_register(self):
        # Only "view" means anything for this read-only listing.
        return Permission.objects.filter(
            content_type__app_label="portal", codename="view_visitregistration"
        )


visit_registration_viewset = VisitRegistrationViewSet("visit-registrations")
