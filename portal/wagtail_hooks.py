"""Admin registration of the public site's own models."""

import django_filters

from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.permissions import register_permission_policy

from .admin_views import ReadOnlyPolicy, visit_registration_viewset
from .models import VisitRegistration

register_permission_policy(VisitRegistration, ReadOnlyPolicy(VisitRegistration))


@hooks.register("register_admin_viewset")
def register_visit_registration_viewset():
    return visit_registration_viewset


class YesNoFilterAdapter(BaseFilterAdapter):
    """An active yes/no filter reads "Actief: Ja", not Python's "Actief: True"."""

    def get_active_filters(self):
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            _("Ja") if self.value else _("Nee"),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(django_filters.BooleanFilter, YesNoFilterAdapter)
