"""Template helpers for visit registrations; the decision stays in `sharing.access`."""

from django import template

from .. import access

register = template.Library()


@register.filter
def may_view_visit_registrations(seat) -> bool:
    return seat is not None and access.may_view_visit_registrations(seat)
