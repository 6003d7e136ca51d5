from pathlib import Path

import pytest
from asgiref.sync import SyncToAsync

from django.core.cache import caches
from django.db import connections

from portal import routing
from tests.factories import build_workspace

TESTS = Path(__file__).resolve().parent
# Real server processes and benchmarks: they measure or restart what the
# whole machine shares, so they never run beside other tests.
SERIAL_DIRS = (TESTS / "live", TESTS / "bench")


def pytest_collection_modifyitems(config, items):
    """Mark what must run alone as `serial` (`make test-unit` runs it after the rest).

    A real Redis (`redis`: some tests stop and freeze it), anything `slow`, and
    everything under tests/live and tests/bench.
    """
    for item in items:
        path = Path(str(item.path))
        if (
            item.get_closest_marker("redis")
            or item.get_closest_marker("slow")
            or any(path.is_relative_to(d) for d in SERIAL_DIRS)
        ):
            item.add_marker(pytest.mark.serial)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases; at the end, first end what still holds
    the PostgreSQL test database open.

    A socket's database work runs in pool threads that die with each test's
    event loop; one that was mid-call when its test ended can keep its
    connection (the test settings already close them after each call). Left
    open, PostgreSQL refuses to drop the test database ("being accessed by
    other users") and the next run starts with a stale one.
    """
    yield
    with django_db_blocker.unblock():
        connection = connections["default"]
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


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
