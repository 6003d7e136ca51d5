"""What a new user stumbled on: landing after sign-in, confirmations before
destructive actions, party order, one release request at a time, a published
lesson, thread moderation by client leads (logged)."""

import pytest

from projects.models import Membership, PartnershipLogEntry
from sharing import services
from sharing.models import Message, Scope, Thread

pytestmark = pytest.mark.django_db


def ws_url(ws, path=""):
    return f"/werkruimte/{ws.partnership.slug}/{path}"


def _thread(ws, owner="a_lead"):
    user = ws.users[owner]
    return services.thread_create(
        partnership=ws.partnership,
        actor=user,
        owner_party=user.memberships.get().party,
        title="Draad",
        scope=Scope.SHARED,
        body="Start",
    )


def test_sign_in_lands_in_the_only_workspace(ws, client):
    from tests.factories import PASSWORD

    user = ws.users["a_lead"]
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/werkruimte/"
    assert client.get("/werkruimte/")["Location"] == ws_url(ws)


def test_public_login_link_does_not_send_back_to_the_public_page(ws, client):
    body = client.get("/accounts/login/").content.decode()
    assert "?next=/" not in body


def test_removing_a_member_asks_first(ws, client):
    membership = Membership.objects.get(user=ws.users["a_member"])
    client.force_login(ws.users["a_lead"])
    url = ws_url(ws, f"deelnemers/leden/{membership.pk}/verwijderen/")
    page = client.get(ws_url(ws, "deelnemers/")).content.decode()
    assert url in page
    assert "verwijderen?" in client.get(url).content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_contractor_lead_cannot_remove_another_partys_member(ws, client):
    membership = Membership.objects.get(user=ws.users["b_member"])
    client.force_login(ws.users["a_lead"])
    url = ws_url(ws, f"deelnemers/leden/{membership.pk}/verwijderen/")
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_deleting_a_message_asks_first(ws, client):
    thread = _thread(ws)
    message = thread.messages.get()
    client.force_login(ws.users["a_lead"])
    url = ws_url(ws, f"draden/{thread.pk}/berichten/{message.sequence}/verwijderen/")
    assert "Bericht verwijderen?" in client.get(url).content.decode()
    # The delete button (also on live messages) posts without confirming: it asks.
    assert "Bericht verwijderen?" in client.post(url).content.decode()
    assert Message.objects.get(pk=message.pk).deleted_at is None
    client.post(url, {"confirm": "1"})
    assert Message.objects.get(pk=message.pk).deleted_at is not None
    client.force_login(ws.users["b_lead"])
    assert client.get(url).status_code == 404


def test_party_list_in_add_member_starts_with_the_client(ws, client):
    client.force_login(ws.users["client_lead"])
    form = client.get(ws_url(ws, "deelnemers/")).context["member_form"]
    roles = [p.role for p in form.fields["party"].queryset]
    assert roles == sorted(roles, key=["client", "co_client", "contractor", "advisor"].index)
    assert roles[0] == "client" and roles[-1] == "advisor"


def test_no_release_form_while_a_request_is_pending(ws, client):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL, title="Kwelscherm")
    url = ws_url(ws, f"documenten/{doc.pk}/")
    client.force_login(ws.users["client_member"])
    assert "vrijgave/" in client.get(url).content.decode()
    services.release_request_create(item=doc, actor=ws.users["client_lead"], purpose="Leren")
    body = client.get(url).content.decode()
    assert f"documenten/{doc.pk}/vrijgave/" not in body
    assert "Er loopt een verzoek om vrijgave" in body


def test_client_lead_closes_reopens_and_pins_a_thread_logged(ws, client):
    thread = _thread(ws)
    client.force_login(ws.users["client_lead"])
    assert client.post(ws_url(ws, f"draden/{thread.pk}/sluiten/")).status_code == 302
    thread.refresh_from_db()
    assert thread.closed_at is not None
    with pytest.raises(Exception, match="gesloten"):
        services.message_post(thread=thread, actor=ws.users["b_lead"], body="Nog iets")
    client.post(ws_url(ws, f"draden/{thread.pk}/vastzetten/"))
    client.post(ws_url(ws, f"draden/{thread.pk}/heropenen/"))
    thread.refresh_from_db()
    assert thread.closed_at is None and thread.pinned
    assert Thread.objects.filter(partnership=ws.partnership).first() == thread
    services.message_post(thread=thread, actor=ws.users["b_lead"], body="Weer open")
    actions = list(
        PartnershipLogEntry.objects.filter(action__startswith="partnerwerk.thread.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "partnerwerk.thread.close",
        "partnerwerk.thread.pin",
        "partnerwerk.thread.reopen",
    ]


@pytest.mark.parametrize("user", ["a_lead", "client_member", "advisor"])
def test_only_client_leads_moderate_threads(ws, client, user):
    thread = _thread(ws)
    client.force_login(ws.users[user])
    assert client.post(ws_url(ws, f"draden/{thread.pk}/sluiten/")).status_code == 404
    thread.refresh_from_db()
    assert thread.closed_at is None


def test_published_lesson_shows_where_and_when_instead_of_proposing_again(ws, client):
    from django.contrib.auth.models import Group

    from sharing.models import LessonPublication
    from tests.factories import make_user
    from tests.portal.public_builders import lesson_index
    from tests.sharing.test_lessons import make_lesson, post_action

    lesson_index()
    editor = make_user("redactie")
    editor.groups.add(Group.objects.get(name="Moderatoren"))
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "a_lead", "voorstellen")
    post_action(client, ws, lesson, "client_lead", "toestemming")
    publication = LessonPublication.objects.get()
    publication.page.get_latest_revision().publish(user=editor)
    client.force_login(ws.users["a_lead"])
    body = client.get(ws_url(ws, f"lessen/{lesson.pk}/")).content.decode()
    assert "Voorstellen voor publicatie" not in body
    assert "door de redactie gepubliceerd" in body
    publication.refresh_from_db()
    assert publication.page.url in body


def test_dutch_content_keeps_lang_nl_in_an_english_interface(ws, client):
    from tests.portal import public_builders as build

    story = build.story("Dijk in de klei", summary="Wat de klei ons leerde.")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(story.url).content.decode()
    assert '<html lang="en">' in body
    assert '<h1 class="utrecht-heading-1" lang="nl">Dijk in de klei</h1>' in body
    assert 'lang="nl">Wat de klei ons leerde.</p>' in body


def test_dashboard_blocks_each_have_a_heading(ws, client):
    ws.upload("client_lead", "shared", title="Projectplan")
    client.force_login(ws.users["a_lead"])
    html = client.get(f"/werkruimte/{ws.partnership.slug}/").content.decode()
    heading = '<h3 class="utrecht-heading-4">Recente documenten</h3>'
    assert heading in html
    # The list of documents follows its heading.
    assert html.index(heading) < html.index("Projectplan")
