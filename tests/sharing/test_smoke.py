import pytest

pytestmark = pytest.mark.django_db


def test_workspace_dashboard_answers_200_to_member(ws, login):
    client = login(ws.users["a_lead"])
    assert client.get("/werkruimte/sterke-lekdijk/").status_code == 200


def test_dashboard_marks_documents_new_since_previous_visit(ws, login):
    client = login(ws.users["b_lead"])
    url = "/werkruimte/sterke-lekdijk/"
    first = client.get(url)
    assert first.context["previous_visit"] is None
    ws.upload("a_lead", "shared", title="Nieuw plan A")
    second = client.get(url)
    assert second.context["previous_visit"] is not None
    assert "nieuw</strong> <a" in second.content.decode()
    third = client.get(url).content.decode()
    assert "nieuw</strong> <a" not in third
