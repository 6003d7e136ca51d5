"""Notices: each to the people it concerns, in the bell and by e-mail, and never
to someone who may not see its item. Mentioning or replying follows a thread."""

import datetime

import pytest

from projects import services as pool_services
from projects.models import EquipmentItem
from sharing import services
from sharing.models import LessonPublication, Notification, ReleaseRequest, Scope, ThreadReadState
from tests.factories import build_pool
from tests.sharing.test_lessons import make_lesson, post_action

pytestmark = pytest.mark.django_db


def told(kind):
    return {n.user.username.split("-")[0] for n in Notification.objects.filter(kind=kind)}


def names(ws, *keys):
    return {ws.users[k].username.split("-")[0] for k in keys}


def bell(client, ws, user_key):
    client.force_login(ws.users[user_key])
    page = client.get(f"/werkruimte/{ws.partnership.slug}/meldingen/")
    return page


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group

    from tests.factories import make_user

    user = make_user("redactie")
    user.groups.add(Group.objects.get(name="Moderatoren"))
    return user


@pytest.fixture
def index(ws):
    from tests.portal.public_builders import lesson_index

    return lesson_index()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_release_requested_reaches_owner_leads_only_and_by_mail(ws, mailoutbox, commit):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL, title="Kwelscherm")
    with commit():
        services.release_request_create(
            item=doc, actor=ws.users["client_lead"], purpose="Leren van het scherm"
        )
    # a_lead decides; a_member, B and the advisor are not told (B may not see it).
    assert told("release_requested") == names(ws, "a_lead")
    assert [m.to for m in mailoutbox] == [[ws.users["a_lead"].email]]
    assert "Kwelscherm" in mailoutbox[0].subject and "Leren van het scherm" in mailoutbox[0].body


@pytest.mark.parametrize("decision", ["grant", "refuse"])
def test_release_decision_reaches_the_requester_with_its_note(ws, client, commit, decision):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL, title="Kwelscherm")
    request = services.release_request_create(
        item=doc, actor=ws.users["client_lead"], purpose="Leren"
    )
    decide = getattr(services, f"release_request_{decision}")
    with commit():
        decide(request=request, actor=ws.users["a_lead"], note="Alleen de schets")
    kind = "release_refused" if decision == "refuse" else "release_granted"
    assert told(kind) == names(ws, "client_lead")
    text = bell(client, ws, "client_lead").content.decode()
    assert "Kwelscherm" in text and "Alleen de schets" in text


def test_release_withdrawn_reaches_the_owner_leads(ws, commit):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    request = services.release_request_create(
        item=doc, actor=ws.users["client_lead"], purpose="Leren"
    )
    with commit():
        request = services.release_request_withdraw(request=request, actor=ws.users["client_lead"])
    assert request.status == ReleaseRequest.Status.WITHDRAWN
    assert told("release_withdrawn") == names(ws, "a_lead")


def test_notice_never_reaches_someone_who_may_not_see_the_item(ws, commit):
    doc = ws.upload("a_lead", Scope.INTERNAL, title="Intern A")
    with commit():
        services.notice_send(
            kind=Notification.Kind.RELEASE_GRANTED,
            target=doc,
            partnership=ws.partnership,
            recipients=[ws.users[k] for k in ("a_member", "b_lead", "client_lead", "outsider")],
        )
    assert told("release_granted") == names(ws, "a_member")


def test_notice_disappears_from_the_bell_when_its_item_becomes_hidden(ws, client, commit):
    doc = ws.upload("a_lead", Scope.SHARED, title="Gedeeld ontwerp")
    with commit():
        services.notice_send(
            kind=Notification.Kind.RELEASE_GRANTED,
            target=doc,
            partnership=ws.partnership,
            recipients=[ws.users["b_lead"]],
        )
    assert bell(client, ws, "b_lead").context["notification_count"] == 1
    services.item_change_scope(item=doc, actor=ws.users["a_lead"], scope=Scope.INTERNAL)
    page = bell(client, ws, "b_lead")
    assert page.context["notification_count"] == 0
    assert "Gedeeld ontwerp" not in page.content.decode()


def test_lesson_published_reaches_owner_leads_and_proposer(ws, client, commit, index, editor):
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "a_member", "voorstellen")
    post_action(client, ws, lesson, "a_lead", "toestemming")
    post_action(client, ws, lesson, "client_lead", "toestemming")
    publication = LessonPublication.objects.get()
    with commit():
        publication.page.get_latest_revision().publish(user=editor)
    assert told("lesson_published") == names(ws, "a_lead", "a_member")


def test_maintenance_notifies_the_parties_of_future_bookings_only(ws, commit):
    pool = build_pool(ws)
    now = datetime.datetime.now(datetime.UTC)
    item = pool.items["dumper"]

    def book(party, user, days):
        return pool_services.booking_create(
            item=item,
            party=ws.parties[party],
            section=pool.sections[1],
            starts_at=now + datetime.timedelta(days=days),
            ends_at=now + datetime.timedelta(days=days, hours=8),
            purpose="x",
            actor=ws.users[user],
        )

    book("b", "b_member", -10)  # over: nobody to tell
    future = book("a", "a_member", 3)
    assert list(pool_services.affected_bookings(item=item)) == [future]
    with commit():
        pool_services.equipment_item_update(
            item=item, status=EquipmentItem.Status.MAINTENANCE, actor=ws.users["client_lead"]
        )
    assert told("booking_maintenance") == names(ws, "a_member", "a_lead")


def test_mention_and_reply_follow_the_thread_unless_muted(ws):
    lead = ws.users["a_lead"]
    thread = services.thread_create(
        partnership=ws.partnership,
        actor=lead,
        owner_party=lead.memberships.get().party,
        title="Draad",
        scope=Scope.SHARED,
        body="Start",
    )
    b_lead, member = ws.users["b_lead"], ws.users["client_member"]
    # b_lead has read the thread (a state without following), then replies.
    ThreadReadState.objects.create(thread=thread, user=b_lead, following=False)
    services.thread_set_following(thread=thread, user=ws.users["advisor"], muted=True)
    services.message_post(
        thread=thread,
        actor=b_lead,
        body=f"Zie @{member.username} en @{ws.users['advisor'].username}",
    )
    following = set(
        ThreadReadState.objects.filter(thread=thread, following=True).values_list(
            "user__username", flat=True
        )
    )
    assert {b_lead.username, member.username} <= following
    assert ws.users["advisor"].username not in following


def test_mention_completion_lists_only_people_who_may_see_the_thread(ws, client):
    lead = ws.users["a_lead"]
    thread = services.thread_create(
        partnership=ws.partnership,
        actor=lead,
        owner_party=lead.memberships.get().party,
        title="Vertrouwelijk",
        scope=Scope.CONFIDENTIAL,
        body="Start",
    )
    url = f"/werkruimte/{ws.partnership.slug}/draden/{thread.pk}/mensen/"
    client.force_login(ws.users["a_member"])
    people = client.get(url).json()["people"]
    usernames = {p["username"].split("-")[0] for p in people}
    assert usernames == names(ws, "a_lead", "a_member", "client_lead", "client_member")
    assert all(p["name"] for p in people)
    # A query narrows, never widens: B's lead is not offered even by name.
    assert client.get(url, {"q": "b_lead"}).json()["people"] == []
    assert [p["username"] for p in client.get(url, {"q": "client_l"}).json()["people"]] == [
        ws.users["client_lead"].username
    ]
    # Someone who may not see the thread gets 404, not a list.
    client.force_login(ws.users["b_lead"])
    assert client.get(url).status_code == 404
