import pytest

from tests.sharing.live_helpers import reset_channel_layer


@pytest.fixture
def fresh_channel_layer():
    """A fresh in-memory channel layer for one websocket test, and after it."""
    reset_channel_layer()
    yield
    reset_channel_layer()
