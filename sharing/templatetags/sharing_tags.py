"""Template helpers for workspace pages."""

from django import template

from projects.models import Membership, Party

from ..models import Scope

register = template.Library()

_LABELS = {
    **dict(Scope.choices),
    **dict(Party.Role.choices),
    **dict(Membership.Role.choices),
}


@register.filter
def code_label(value):
    """The translated label of a stored scope or role code (audit log data)."""
    return _LABELS.get(value, value)
