import pytest

from tests.factories import build_workspace


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


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_teardown(django_db_setup, django_db_blocker):
    """Let pytest-django drop the PostgreSQL test database at the end.

    Consumers run database work in Channels' worker threads and skip the
    per-event connection cleanup for live events; a thread may still hold a
    connection when the session ends, and PostgreSQL refuses to drop a database
    in use. End those sessions just before the test database goes.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
