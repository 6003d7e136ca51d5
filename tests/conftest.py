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
