import pytest
from asgiref.sync import SyncToAsync

from django.core.cache import caches
from django.db import connections

from portal import routing
from tests.factories import build_workspace


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches: no page (or count) cached by an earlier test."""
    for cache in caches.all():
        cache.clear()
    routing.forget()
    yield


@pytest.fixture
def ws(db):
    """A workspace with every role of the access model (see tests/factories.py)."""
    return build_workspace()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _close_sync_thread_connections():
    """Close the database connection of asgiref's sync thread after each test.

    Consumers and `database_sync_to_async` run in that one thread, and live
    events skip Channels' per-event connection cleanup; a connection left open
    there keeps PostgreSQL from dropping the test database at the end.
    """
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()
