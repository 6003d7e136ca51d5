"""Wagtail's users app, with the user and group admin of `sharing.admin_users`.

Its own module, because an app config is imported while the app registry is
still loading: the viewsets are named by dotted path and imported later.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class PartnerwerkUsersAppConfig(WagtailUsersAppConfig):
    """`wagtail.users`, whose admin neither lists nor gives party groups."""

    user_viewset = "sharing.admin_users.UserViewSet"
    group_viewset = "sharing.admin_users.GroupViewSet"
