"""Item rules: who may do what to a scoped workspace item.

Item rules follow from an item's scope and owner party. They are
materialised as django-guardian object permissions (see `sync`); this
module reads them, with a fixed number of queries per list.
"""

import copy
from collections.abc import Iterable
from typing import Literal

from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404

Action = Literal[
    "view", "download", "contribute", "change", "change_scope", "request_release", "grant_release"
]

# Which object permission answers which action.
_ACTION_CODENAME = {
    "view": "view_{model}",
    "download": "view_{model}",
    "contribute": "contribute_{model}",
    "change": "change_{model}",
    "change_scope": "change_scope_{model}",
    "request_release": "request_release_{model}",
    "grant_release": "grant_release_{model}",
}

_registry: list[type[models.Model]] = []


def register(model: type[models.Model]) -> type[models.Model]:
    """Register a scoped item model; it needs direct FK permission models."""
    if model not in _registry:
        _registry.append(model)
    return model


def registered_models() -> list[type[models.Model]]:
    return list(_registry)


def _codename(model: type[models.Model], action: Action) -> str:
    return _ACTION_CODENAME[action].format(model=model._meta.model_name)


def _plain(user):
    # Guardian lets superusers do anything; here they are ordinary users.
    if getattr(user, "is_superuser", False):
        user = copy.copy(user)
        user.is_superuser = False
    return user


class ItemChecker:
    """Answers item questions for one user with a fixed number of queries.

    Call `prefetch(items)` before looping over a list; then `may()` costs no
    query per item.
    """

    def __init__(self, user):
        self.user = user
        self._checker = ObjectPermissionChecker(_plain(user)) if user.is_authenticated else None

    def prefetch(self, items: Iterable[models.Model]) -> None:
        items = [item for item in items if item is not None]
        if self._checker is not None and items:
            self._checker.prefetch_perms(items)

    def may(self, action: Action, item: models.Model) -> bool:
        if self._checker is None or not self.user.is_active:
            return False
        return self._checker.has_perm(_codename(type(item), action), item)

    def actions(self, item: models.Model) -> set[str]:
        return {action for action in _ACTION_CODENAME if self.may(action, item)}


def may(user, action: Action, item: models.Model) -> bool:
    return ItemChecker(user).may(action, item)


def visible(user, queryset: models.QuerySet, action: Action = "view") -> models.QuerySet:
    """Narrow a queryset of scoped items to those the user may `action`."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return get_objects_for_user(
        _plain(user),
        _codename(queryset.model, action),
        klass=queryset,
        with_superuser=False,
        accept_global_perms=False,
    )


def users_with(action: Action, item: models.Model) -> models.QuerySet:
    """The active users who may `action` the item: the recipients of its live events."""
    model = type(item)
    codename = _codename(model, action)
    group_model = get_group_obj_perms_model(model)
    user_model = get_user_obj_perms_model(model)
    group_ids = group_model.objects.filter(
        content_object_id=item.pk, permission__codename=codename
    ).values("group_id")
    direct = user_model.objects.filter(
        content_object_id=item.pk, permission__codename=codename
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(models.Q(groups__in=group_ids) | models.Q(pk__in=direct), is_active=True)
        .distinct()
    )


def item_for_user(user, queryset: models.QuerySet, action: Action = "view", **lookup):
    """One item the user may `action`; 404 both for 'does not exist' and 'not yours'."""
    item = queryset.filter(**lookup).first()
    if item is None or not may(user, action, item):
        raise Http404
    return item
