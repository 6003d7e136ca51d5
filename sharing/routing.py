"""Websocket routes: one socket per workspace."""

from django.urls import path

from .consumers import WorkspaceConsumer

websocket_urlpatterns = [
    path("ws/werkruimte/<slug:slug>/", WorkspaceConsumer.as_asgi()),
]
