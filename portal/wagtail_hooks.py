"""Admin registration of the public site's own models."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import ReadOnlyPolicy, visit_registration_viewset
from .models import VisitRegistration

register_permission_policy(VisitRegistration, ReadOnlyPolicy(VisitRegistration))


@hooks.register("register_admin_viewset")
def register_visit_registration_viewset():
    return visit_registration_viewset
