"""Threads over HTTP: visibility, posting, Markdown safety, edits, limits, queries."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharing import access, services
from sharing.models import Message, MessageRevision, Scope, Thread

pytestmark = pytest.mark.django_db


def _thread(ws, owner="a_lead", scope=Scope.SHARED, title="Draad", body="Start"):
    user = ws.users[owner]
    return services.thread_create(
        partnership=ws.partnership,
        actor=user,
        owner_party=user.memberships.get().party,
        title=title,
        scope=scope,
        body=body,
    )


def _url(ws, thread=None, suffix=""):
    base = f"/werkruimte/{ws.partnership.slug}/draden/"
    return f"{base}{thread.pk}/{suffix}" if thread else base


def test_contractor_cannot_see_other_contractors_confidential_thread(ws, client):
    thread = _thread(ws, scope=Scope.CONFIDENTIAL, title="Geheime aanpak A")
    client.force_login(ws.users["b_lead"])
    assert client.get(_url(ws, thread)).status_code == 404
    assert "Geheime aanpak A" not in client.get(_url(ws)).content.decode()
    response = client.post(_url(ws, thread), {"body": "Mag ik meelezen?"})
    assert response.status_code == 404
    assert Message.objects.filter(thread=thread).count() == 1
    client.force_login(ws.users["client_member"])
    assert client.get(_url(ws, thread)).status_code == 200


def test_start_thread_and_reply_without_javascript(ws, client):
    client.force_login(ws.users["b_member"])
    response = client.post(
        _url(ws) + "nieuw/",
        {
            "title": "Laadpaal bij trajectgrens",
            "owner_party": ws.parties["b"].pk,
            "scope": "shared",
            "tags": "materieel, energie",
            "body": "Wie heeft een **snellader**?",
        },
    )
    assert response.status_code == 302
    thread = Thread.objects.get(title="Laadpaal bij trajectgrens")
    assert sorted(thread.tags.names()) == ["energie", "materieel"]
    client.force_login(ws.users["a_lead"])
    page = client.get(_url(ws, thread))
    assert "<strong>snellader</strong>" in page.content.decode()
    response = client.post(_url(ws, thread), {"body": "Wij, bij km 12."})
    assert response.status_code == 302
    assert response["Location"].endswith("#bericht-2")
    assert list(thread.messages.values_list("sequence", flat=True)) == [1, 2]


def test_markdown_is_rendered_harmless(ws, client):
    thread = _thread(ws)
    client.force_login(ws.users["a_lead"])
    body = (
        "<script>alert('x')</script> [klik](javascript:alert(1)) "
        "<img src=x onerror=alert(1)> [data](data:text/html,<b>x</b>) "
        '<a href="javascript:alert(2)">a</a> [goed](https://hdsr.nl)'
    )
    client.post(_url(ws, thread), {"body": body})
    html = Message.objects.get(thread=thread, sequence=2).body_html
    page = client.get(_url(ws, thread)).content.decode()
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)
    assert tags, html
    for tag in tags:
        for dangerous in ("script", "javascript:", "onerror", "<img", "data:"):
            assert dangerous not in tag.lower(), tag
    assert "<script>alert" not in page
    assert 'href="https://hdsr.nl"' in html and "noopener" in html


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Het bericht is leeg."),
        ("x" * 10_001, "Het bericht is 10001 tekens lang; de grens is 10000."),
        ("Zie @nietbestaand", "@nietbestaand is geen deelnemer van deze werkruimte."),
    ],
)
def test_bad_reply_is_a_dutch_form_error_and_keeps_the_text(ws, client, body, message):
    thread = _thread(ws)
    client.force_login(ws.users["a_lead"])
    response = client.post(_url(ws, thread), {"body": body})
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    if body.strip():
        assert body[:50] in content  # nothing the user typed is lost
    assert thread.messages.count() == 1


def test_mention_of_someone_who_cannot_see_the_thread_is_refused(ws, client):
    thread = _thread(ws, scope=Scope.CONFIDENTIAL)
    client.force_login(ws.users["a_lead"])
    b = ws.users["b_lead"].username
    response = client.post(_url(ws, thread), {"body": f"Wat vind jij, @{b}?"})
    assert response.status_code == 400
    assert f"@{b.lower()} kan deze draad niet zien" in response.content.decode()
    client_lead = ws.users["client_lead"].username
    response = client.post(_url(ws, thread), {"body": f"Wat vind jij, @{client_lead}?"})
    assert response.status_code == 302


def test_rate_limit_is_a_clear_error(ws, client, settings):
    settings.MESSAGE_RATE_PER_MINUTE = 3
    thread = _thread(ws)  # the first message counts too
    client.force_login(ws.users["a_lead"])
    assert client.post(_url(ws, thread), {"body": "twee"}).status_code == 302
    assert client.post(_url(ws, thread), {"body": "drie"}).status_code == 302
    response = client.post(_url(ws, thread), {"body": "vier"})
    assert response.status_code == 400
    assert "al 3 berichten geplaatst" in response.content.decode()
    assert thread.messages.count() == 3


def test_edit_keeps_history_and_delete_is_soft(ws, client):
    thread = _thread(ws, body="Origineel")
    client.force_login(ws.users["b_lead"])
    url = _url(ws, thread, "berichten/1/bewerken/")
    assert client.post(url, {"body": "Gekaapt"}).status_code == 404
    client.force_login(ws.users["a_lead"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"body": "Verbeterd"}).status_code == 302
    message = Message.objects.get(thread=thread, sequence=1)
    assert message.body == "Verbeterd" and message.edited_at is not None
    assert list(MessageRevision.objects.values_list("body", flat=True)) == ["Origineel"]
    assert "(bewerkt)" in client.get(_url(ws, thread)).content.decode()
    # Another contractor cannot delete; the client lead can.
    client.force_login(ws.users["b_lead"])
    assert client.post(_url(ws, thread, "berichten/1/verwijderen/")).status_code == 404
    client.force_login(ws.users["client_lead"])
    delete = _url(ws, thread, "berichten/1/verwijderen/")
    assert "Bericht verwijderen?" in client.post(delete).content.decode()  # asks first
    assert client.post(delete, {"confirm": "1"}).status_code == 302
    message.refresh_from_db()
    assert message.is_deleted and message.body == "Verbeterd"
    page = client.get(_url(ws, thread)).content.decode()
    assert "Bericht verwijderd" in page and "Verbeterd" not in page


def test_dropped_out_party_reads_own_thread_but_cannot_post(ws, client):
    from projects import services as project_services

    thread = _thread(ws, owner="d_lead", scope=Scope.CONFIDENTIAL)
    project_services.party_drop_out(party=ws.parties["d"], reason="No-go")
    client.force_login(ws.users["d_lead"])
    page = client.get(_url(ws, thread))
    assert page.status_code == 200
    assert "er geen berichten in plaatsen" in page.content.decode()
    assert client.post(_url(ws, thread), {"body": "Nog iets"}).status_code == 404
    assert not access.may(ws.users["d_lead"], "contribute", thread)


def test_unread_counts_and_filter(ws, client):
    one = _thread(ws, title="Een")
    two = _thread(ws, owner="b_lead", title="Twee")
    services.message_post(thread=one, actor=ws.users["client_lead"], body="Nieuw")
    client.force_login(ws.users["b_member"])
    threads = {t.title: t.unread for t in client.get(_url(ws)).context["page"].object_list}
    assert threads == {"Een": 2, "Twee": 1}
    client.get(_url(ws, one))  # reading marks it read
    threads = {t.title: t.unread for t in client.get(_url(ws)).context["page"].object_list}
    assert threads == {"Een": 0, "Twee": 1}
    unread_only = client.get(_url(ws) + "?unread=on").context["page"].object_list
    assert [t.title for t in unread_only] == ["Twee"]
    assert two.pk in [t.pk for t in unread_only]
    assert [t.title for t in client.get(_url(ws) + "?q=nieuw").context["page"].object_list] == [
        "Een"
    ]


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _bulk_messages(thread, author, n):
    thread.refresh_from_db()
    start = thread.last_sequence
    Message.objects.bulk_create(
        [
            Message(
                thread=thread,
                sequence=start + i + 1,
                author=author,
                body=f"m{i}",
                body_html=f"<p>m{i}</p>",
            )
            for i in range(n)
        ]
    )
    Thread.objects.filter(pk=thread.pk).update(last_sequence=start + n)
    thread.refresh_from_db()


def _bulk_threads(ws, n):
    owner = ws.parties["a"]
    threads = Thread.objects.bulk_create(
        [
            Thread(
                partnership=ws.partnership,
                owner_party=owner,
                scope=Scope.SHARED,
                title=f"Draad {i}",
                created_by=ws.users["a_lead"],
                last_sequence=0,
            )
            for i in range(n)
        ]
    )
    access.sync_partnership(ws.partnership)
    return threads


def test_thread_list_and_page_run_constant_queries(ws, client):
    client.force_login(ws.users["client_lead"])
    thread = _thread(ws)
    _bulk_threads(ws, 9)
    _bulk_messages(thread, ws.users["b_lead"], 9)
    client.get(_url(ws))
    client.get(_url(ws, thread))  # warms caches and marks everything read
    # Measure both sizes in the same state: with unread messages to mark read.
    _bulk_messages(thread, ws.users["b_lead"], 1)
    small_list, small_page = _count(client, _url(ws)), _count(client, _url(ws, thread))
    _bulk_threads(ws, 490)
    _bulk_messages(thread, ws.users["b_lead"], 489)
    large_list, large_page = _count(client, _url(ws)), _count(client, _url(ws, thread))
    assert Thread.objects.count() == 500 and thread.messages.count() == 500
    assert (large_list, large_page) == (small_list, small_page)


def test_mention_and_followed_reply_notify_in_app_and_by_mail(
    ws, client, mailoutbox, django_capture_on_commit_callbacks
):
    from sharing.models import Notification

    thread = _thread(ws, owner="a_lead", scope=Scope.SHARED)  # a_lead follows it
    client.force_login(ws.users["b_lead"])
    member = ws.users["client_member"].username
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(ws, thread), {"body": f"Graag je mening, @{member}"})
    assert response.status_code == 302
    notes = {(n.user.username, n.kind) for n in Notification.objects.select_related("user")}
    assert notes == {(member, "mention"), (ws.users["a_lead"].username, "reply")}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [ws.users["client_member"].email, ws.users["a_lead"].email]
    )
    # The bell shows the count; reading clears it.
    client.force_login(ws.users["client_member"])
    page = client.get(f"/werkruimte/{ws.partnership.slug}/meldingen/")
    assert page.context["notification_count"] == 1
    client.post(f"/werkruimte/{ws.partnership.slug}/meldingen/")
    page = client.get(f"/werkruimte/{ws.partnership.slug}/meldingen/")
    assert page.context["notification_count"] == 0


def test_muted_thread_sends_no_notifications_and_hidden_threads_are_not_counted(
    ws, client, django_capture_on_commit_callbacks
):
    from sharing.models import Notification

    thread = _thread(ws, owner="a_lead", scope=Scope.SHARED)
    services.thread_set_following(thread=thread, user=ws.users["a_lead"], muted=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(thread=thread, actor=ws.users["b_lead"], body="Hallo")
    assert not Notification.objects.filter(user=ws.users["a_lead"]).exists()
    # b_lead now follows (took part); the thread becomes internal to A: no counting.
    services.thread_set_following(thread=thread, user=ws.users["a_lead"], muted=False)
    services.message_post(thread=thread, actor=ws.users["a_lead"], body="Reactie")
    assert Notification.objects.filter(user=ws.users["b_lead"]).count() == 1
    services.item_change_scope(item=thread, actor=ws.users["a_lead"], scope=Scope.INTERNAL)
    client.force_login(ws.users["b_lead"])
    page = client.get(f"/werkruimte/{ws.partnership.slug}/meldingen/")
    assert page.context["notification_count"] == 0
    assert "Draad" not in [n.thread.title for n in page.context["page"].object_list]


def test_thread_about_a_document_and_filter_by_tag(ws, client):
    doc = ws.upload("a_lead", Scope.SHARED, title="Ontwerpnota")
    hidden = ws.upload("b_lead", Scope.INTERNAL, title="Intern B")
    client.force_login(ws.users["a_member"])
    data = {
        "title": "Vragen over de nota",
        "owner_party": ws.parties["a"].pk,
        "scope": "shared",
        "tags": "ontwerp",
        "document": doc.pk,
        "body": "Zie hoofdstuk 3.",
    }
    assert client.post(_url(ws) + "nieuw/", data).status_code == 302
    thread = Thread.objects.get(title="Vragen over de nota")
    assert thread.document == doc
    # A document the user cannot see is not a valid choice (tampered POST).
    response = client.post(_url(ws) + "nieuw/", {**data, "title": "X", "document": hidden.pk})
    assert response.status_code == 400
    assert "Kies een document uit deze werkruimte." in response.content.decode()
    _thread(ws, title="Zonder label")
    titles = [t.title for t in client.get(_url(ws) + "?tag=ONTWERP").context["page"].object_list]
    assert titles == ["Vragen over de nota"]
