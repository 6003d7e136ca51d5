"""Sign-in: the real form, throttled against guessing."""

import pytest

from tests.factories import PASSWORD, build_workspace

pytestmark = pytest.mark.django_db


def test_login_form_signs_in_and_redirects_to_next(client):
    ws = build_workspace()
    user = ws.users["a_lead"]
    response = client.post(
        "/accounts/login/?next=/werkruimte/sterke-lekdijk/",
        {"username": user.username, "password": PASSWORD, "next": "/werkruimte/sterke-lekdijk/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/werkruimte/sterke-lekdijk/"


def test_wrong_password_is_a_dutch_form_error(client):
    ws = build_workspace()
    response = client.post(
        "/accounts/login/", {"username": ws.users["a_lead"].username, "password": "fout"}
    )
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def test_five_failures_lock_the_username_out_for_a_while(client, settings):
    ws = build_workspace()
    username = ws.users["a_lead"].username
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": username, "password": "raden"})
    # Even the right password is refused now, with a clear page, not a 500.
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 429
    assert "te vaak een verkeerd wachtwoord" in response.content.decode()
    # Another user from the same address is not affected.
    other = ws.users["b_lead"].username
    response = client.post("/accounts/login/", {"username": other, "password": PASSWORD})
    assert response.status_code == 302
