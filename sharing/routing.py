"""Websocket routes. The workspace consumer arrives with live threads."""

websocket_urlpatterns: list = []
