"""References never reveal: a referenced item's title reaches only those who may see it.

Every channel a reference travels is tested with a party that may not see the
target: the thread page ("about" and pasted links), the dashboard, the
notification e-mail, the Logboek. Live frames are in test_references_live.py.
"""

import pytest

from django.core import mail

from projects.models import PartnershipLogEntry
from sharing import services
from sharing.models import Scope, Thread
from sharing.services.guard import ReferenceHeld

pytestmark = pytest.mark.django_db

SECRET = "Proefvak damwand deeltraject 4 – meetresultaten"


@pytest.fixture
def secret(ws):
    """Contractor A's confidential document: the client and A may see it, B may not."""
    return ws.upload("a_lead", Scope.CONFIDENTIAL, title=SECRET)


def _party(ws, key):
    return ws.users[key].memberships.get(partnership=ws.partnership).party


def _thread(ws, user_key, scope=Scope.SHARED, body="Zie hierboven.", **kwargs):
    return services.thread_create(
        partnership=ws.partnership,
        actor=ws.users[user_key],
        owner_party=_party(ws, user_key),
        title="Trillingen bij de damwand",
        scope=scope,
        body=body,
        **kwargs,
    )


def _page(client, ws, user_key, url):
    client.force_login(ws.users[user_key])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _narrowed_after(ws, doc, **thread_kwargs):
    """A shared thread about a document that was shared then, and is confidential now."""
    services.item_change_scope(item=doc, actor=ws.users["a_lead"], scope=Scope.SHARED)
    thread = _thread(ws, "a_lead", **thread_kwargs)
    services.item_change_scope(item=doc, actor=ws.users["a_lead"], scope=Scope.CONFIDENTIAL)
    return thread


def test_thread_about_hidden_document_never_shows_its_title_to_a_non_audience_party(
    client, ws, secret
):
    thread = _narrowed_after(ws, secret, document=secret)
    url = thread.get_absolute_url()
    for allowed in ("a_member", "client_member"):
        assert SECRET in _page(client, ws, allowed, url)
    for forbidden in ("b_lead", "b_member", "advisor"):
        page = _page(client, ws, forbidden, url)
        assert "Trillingen bij de damwand" in page
        assert SECRET not in page
        assert secret.get_absolute_url() not in page


@pytest.mark.parametrize(
    "written",
    [
        "[de meetresultaten]({url})",
        "[de meetresultaten](http://127.0.0.1:8000{url}?versie=2#top)",
        "<https://partnerwerk.example{url}>",
        "[de meetresultaten]({url}download/)",
    ],
)
def test_pasted_link_to_hidden_item_is_plain_text_without_title_for_a_non_audience_party(
    client, ws, secret, written
):
    body = "Kijk naar " + written.format(url=secret.get_absolute_url())
    thread = _narrowed_after(ws, secret, body=body)
    url = thread.get_absolute_url()
    page_a = _page(client, ws, "a_member", url)
    assert f'title="Document: {SECRET}"' in page_a
    page_b = _page(client, ws, "b_member", url)
    assert SECRET not in page_b
    assert f'href="{secret.get_absolute_url()}' not in page_b
    assert f'/documenten/{secret.pk}/"' not in page_b.split('id="berichten"')[1]
    assert "pw-ref--hidden" in page_b


def test_dashboard_and_thread_list_never_show_a_hidden_reference(client, ws, secret):
    thread = _narrowed_after(
        ws, secret, document=secret, body=f"[{SECRET}]({secret.get_absolute_url()})"
    )
    services.message_post(thread=thread, actor=ws.users["a_lead"], body="Nog een.")
    for url in (
        f"/werkruimte/{ws.partnership.slug}/",
        f"/werkruimte/{ws.partnership.slug}/draden/",
    ):
        page = _page(client, ws, "b_member", url)
        assert "Trillingen bij de damwand" in page
        assert SECRET not in page


def test_notification_email_shows_a_linked_item_only_to_readers_who_may_see_it(
    ws, secret, django_capture_on_commit_callbacks
):
    thread = _thread(ws, "client_lead")
    for key in ("b_member", "a_member"):
        services.thread_set_following(thread=thread, user=ws.users[key], following=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(
            thread=thread,
            actor=ws.users["client_lead"],
            body=f"Zie [de meting](http://localhost{secret.get_absolute_url()}) en dit.",
            reference_choice="release",
        )
    by_recipient = {m.to[0]: m for m in mail.outbox}
    to_b = by_recipient[ws.users["b_member"].email]
    assert SECRET not in to_b.subject + to_b.body
    assert f"/documenten/{secret.pk}/" not in to_b.body
    to_a = by_recipient[ws.users["a_member"].email]
    assert SECRET in to_a.body


def test_logboek_hides_a_guard_entry_whose_target_the_reader_may_not_see(client, ws):
    internal = ws.upload("a_lead", Scope.INTERNAL, title="Interne kostprijs")
    confidential = ws.upload("b_lead", Scope.CONFIDENTIAL, title="Offerte B")
    # A points a confidential thread at its internal document: the client may not see it.
    _thread(ws, "a_lead", scope=Scope.CONFIDENTIAL, document=internal, reference_choice="drop")
    # The client points a shared thread at B's confidential offer: the client may see it.
    _thread(ws, "client_lead", document=confidential, reference_choice="drop")
    entries = PartnershipLogEntry.objects.filter(action="partnerwerk.reference.guard")
    assert entries.count() == 2
    audit = _page(client, ws, "client_lead", f"/werkruimte/{ws.partnership.slug}/logboek/")
    assert audit.count("Verwijzing buiten het bereik") == 1


# --------------------------------------------------------------------------
# The guard
# --------------------------------------------------------------------------


def _create_url(ws):
    return f"/werkruimte/{ws.partnership.slug}/draden/nieuw/"


def _post_thread(client, ws, user_key, doc, **extra):
    client.force_login(ws.users[user_key])
    data = {
        "title": "Over de meetresultaten",
        "owner_party": _party(ws, user_key).pk,
        "scope": Scope.SHARED,
        "document": doc.pk,
        "body": "Wat vinden jullie?",
        **extra,
    }
    return client.post(_create_url(ws), data)


def test_guard_holds_a_shared_thread_about_a_confidential_document_and_saves_nothing(
    client, ws, secret
):
    before = Thread.objects.count()
    response = _post_thread(client, ws, "a_lead", secret)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nog niet opgeslagen" in page
    assert "Aannemer B" in page and "Adviesbureau" in page
    assert 'value="narrow"' in page and 'value="widen"' in page and 'value="drop"' in page
    assert 'value="release"' not in page  # only a client member may ask for a release
    assert "Wat vinden jullie?" in page  # what was typed is kept
    assert Thread.objects.count() == before


def test_guard_narrow_saves_the_thread_with_the_targets_scope(client, ws, secret):
    response = _post_thread(client, ws, "a_lead", secret, reference_choice="narrow")
    assert response.status_code == 302
    thread = Thread.objects.get(title="Over de meetresultaten")
    assert thread.scope == Scope.CONFIDENTIAL and thread.document == secret
    client.force_login(ws.users["b_member"])
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_guard_lets_the_owners_lead_widen_the_target_in_the_same_step(client, ws, secret):
    response = _post_thread(client, ws, "a_lead", secret, reference_choice="widen")
    assert response.status_code == 302
    secret.refresh_from_db()
    assert secret.scope == Scope.SHARED
    actions = set(PartnershipLogEntry.objects.values_list("action", flat=True))
    assert {"partnerwerk.scope.change", "partnerwerk.reference.guard"} <= actions


def test_guard_refuses_a_way_on_the_author_may_not_take(client, ws, secret):
    # A's member is not the lead: widening is the lead's to decide.
    response = _post_thread(client, ws, "a_member", secret, reference_choice="widen")
    assert response.status_code == 400
    secret.refresh_from_db()
    assert secret.scope == Scope.CONFIDENTIAL
    assert not Thread.objects.filter(title="Over de meetresultaten").exists()


def test_guard_release_asks_the_owners_consent_for_a_client_member(client, ws, secret):
    response = _post_thread(client, ws, "client_member", secret)
    assert 'value="release"' in response.content.decode()
    assert 'value="widen"' not in response.content.decode()
    response = _post_thread(client, ws, "client_member", secret, reference_choice="release")
    assert response.status_code == 302
    from sharing.models import ReleaseRequest

    request = ReleaseRequest.objects.get(object_id=secret.pk)
    assert request.status == ReleaseRequest.Status.PENDING
    assert {p.pk for p in request.recipients.all()} == {
        ws.parties["b"].pk,
        ws.parties["d"].pk,
        ws.parties["advisor"].pk,
    }
    thread = Thread.objects.get(title="Over de meetresultaten")
    assert SECRET not in _page(client, ws, "b_member", thread.get_absolute_url())


def test_guard_drop_posts_a_message_without_the_link(client, ws, secret):
    thread = _thread(ws, "a_lead")
    held = None
    try:
        services.message_post(
            thread=thread,
            actor=ws.users["a_member"],
            body=f"Zie [de meting]({secret.get_absolute_url()}) hier.",
        )
    except ReferenceHeld as exc:
        held = exc
    assert held is not None and held.choices == ["drop"]
    message = services.message_post(
        thread=thread,
        actor=ws.users["a_member"],
        body=f"Zie [de meting]({secret.get_absolute_url()}) hier.",
        reference_choice="drop",
    )
    assert message.body == "Zie de meting hier."
    assert "/documenten/" not in message.body_html
    assert PartnershipLogEntry.objects.filter(
        action="partnerwerk.reference.guard", data__choice="drop"
    ).exists()


def test_guard_does_not_hold_a_reference_every_reader_may_see(ws):
    shared = ws.upload("b_lead", Scope.SHARED, title="Gedeelde planning")
    thread = _thread(ws, "a_lead", document=shared, body=f"Zie <{shared.get_absolute_url()}>")
    assert thread.document == shared
    assert not PartnershipLogEntry.objects.filter(action="partnerwerk.reference.guard").exists()


def test_guard_holds_a_shared_lesson_linking_to_a_confidential_document(client, ws, secret):
    client.force_login(ws.users["a_lead"])
    url = f"/werkruimte/{ws.partnership.slug}/lessen/nieuw/"
    data = {
        "title": "Meten bij damwanden",
        "owner_party": _party(ws, "a_lead").pk,
        "scope": Scope.SHARED,
        "context": f"Zie http://localhost{secret.get_absolute_url()} voor de cijfers.",
        "advice": "Meet vroeg.",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Nog niet opgeslagen" in response.content.decode()
    from sharing.models import Lesson

    assert not Lesson.objects.filter(title="Meten bij damwanden").exists()
    response = client.post(url, {**data, "reference_choice": "drop"})
    assert response.status_code == 302
    lesson = Lesson.objects.get(title="Meten bij damwanden")
    assert lesson.scope == Scope.SHARED and "/documenten/" not in lesson.context
