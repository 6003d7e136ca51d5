import pytest

pytestmark = pytest.mark.django_db


def test_workspace_dashboard_answers_200_to_member(ws, login):
    client = login(ws.users["a_lead"])
    assert client.get("/werkruimte/sterke-lekdijk/").status_code == 200
