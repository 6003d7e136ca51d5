import pytest

from django.test import override_settings


@pytest.mark.django_db
def test_healthz_reports_database_and_channel_layer(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"]["ok"] is True
    assert data["channel_layer"]["ok"] is True
    assert data["channel_layer"]["backend"] == "InMemoryChannelLayer"


@pytest.mark.django_db
def test_healthz_says_degraded_not_down_when_only_the_channel_layer_is_down(client):
    # A Redis on a port where nothing listens: the layer cannot deliver.
    broken = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    from channels.layers import channel_layers

    with override_settings(CHANNEL_LAYERS=broken):
        channel_layers.backends.clear()
        try:
            response = client.get("/healthz/")
        finally:
            channel_layers.backends.clear()
    # Pages still work without Redis: a load balancer must keep this process.
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "degraded"
    assert data["channel_layer"]["ok"] is False
    assert data["database"]["ok"] is True


@pytest.mark.django_db
def test_healthz_says_degraded_when_the_redis_cache_is_unreachable(client):

    broken = {
        "default": {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    # Django resets its cache handlers when CACHES changes.
    with override_settings(CACHES=broken):
        response = client.get("/healthz/")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "degraded"
    assert data["cache"] == {"ok": False, "backend": "DegradingRedisCache", "error": "unreachable"}
    assert data["database"]["ok"] is True


@pytest.mark.django_db
def test_healthz_says_down_with_503_when_the_database_is_unreachable(client, monkeypatch):
    from portal import health

    monkeypatch.setattr(
        health, "_check_database", lambda: {"ok": False, "error": "OperationalError"}
    )
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
