"""Workspace lessons: who reads them, and the consent-bound way to the public site."""

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import WorkflowState

from portal.models import LessonPage
from projects import services as project_services
from projects.models import PartnershipLogEntry
from sharing.models import Lesson, LessonPublication, Scope
from sharing.services import lessons as services
from tests.portal.public_builders import lesson_index

SECRET = "zandmeevoerproef"
TITLE = "Kwelscherm korter"


def make_lesson(ws, user_key="a_member", scope=Scope.CONFIDENTIAL, title=TITLE):
    user = ws.users[user_key]
    party = user.memberships.get(partnership=ws.partnership).party
    return services.lesson_create(
        partnership=ws.partnership,
        actor=user,
        owner_party=party,
        scope=scope,
        title=title,
        context=f"De {SECRET} liet zien dat het kwelscherm\nkorter kon.",
        what_worked="Samen meten.",
        what_did_not="",
        advice="Begin met meten.",
        theme="techniek",
        phase="research",
    )


def url(ws, lesson=None, suffix=""):
    base = f"/werkruimte/{ws.partnership.slug}/lessen/"
    return f"{base}{lesson.pk}/{suffix}" if lesson else f"{base}{suffix}"


def post_action(client, ws, lesson, user_key, action, **data):
    client.force_login(ws.users[user_key])
    return client.post(url(ws, lesson, f"publicatie/{action}/"), data)


def public_traces(client):
    """What the public can find: search hits, feed entries and live lesson pages."""
    client.logout()
    search = client.get("/zoeken/", {"q": SECRET}).content.decode()
    feed = client.get("/feed/").content.decode()
    return (
        TITLE in search,
        TITLE in feed,
        LessonPage.objects.live().filter(context__icontains=SECRET).exists(),
    )


@pytest.fixture
def editor(db):
    from tests.factories import make_user

    user = make_user("redactie")
    user.groups.add(Group.objects.get(name="Moderatoren"))
    return user


@pytest.fixture
def index(ws):
    return lesson_index()


VIEWERS = {
    Scope.SHARED: {"a_member", "a_lead", "client_lead", "client_member", "b_lead", "b_member"}
    | {"advisor", "d_lead"},
    Scope.CONFIDENTIAL: {"a_member", "a_lead", "client_lead", "client_member"},
    Scope.INTERNAL: {"a_member", "a_lead"},
}
EVERYONE = {"a_member", "a_lead", "client_lead", "client_member", "b_lead", "b_member"}
EVERYONE |= {"advisor", "d_lead", "outsider", "superuser"}


@pytest.mark.parametrize("scope", list(VIEWERS))
def test_who_reads_a_lesson_over_http(ws, client, scope):
    lesson = make_lesson(ws, scope=scope)
    for key in sorted(EVERYONE):
        client.force_login(ws.users[key])
        detail = client.get(url(ws, lesson))
        listing = client.get(url(ws))
        allowed = key in VIEWERS[scope]
        assert detail.status_code == (200 if allowed else 404), (scope, key)
        if listing.status_code == 200:
            assert (lesson.title in listing.content.decode()) == allowed, (scope, key)
            assert (SECRET in listing.content.decode()) is False
    client.logout()
    assert client.get(url(ws, lesson)).status_code == 302


def test_create_lesson_with_dutch_errors_that_keep_input(ws, client):
    client.force_login(ws.users["a_member"])
    response = client.post(
        url(ws, suffix="nieuw/"),
        {"title": "", "context": "Wat er speelde", "advice": "", "scope": "confidential"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Geef de les een titel." in text
    assert "Geef een advies aan wie na u komt." in text
    assert "Wat er speelde" in text
    assert not Lesson.objects.exists()

    party_b = ws.parties["b"]
    response = client.post(
        url(ws, suffix="nieuw/"),
        {
            "title": "Les",
            "context": "C",
            "advice": "A",
            "scope": "shared",
            "owner_party": party_b.pk,
        },
    )
    assert response.status_code == 400
    assert "U kunt alleen voor uw eigen partij een les vastleggen." in response.content.decode()

    response = client.post(
        url(ws, suffix="nieuw/"),
        {
            "title": "Samen meten",
            "context": "C",
            "advice": "A",
            "scope": "shared",
            "owner_party": ws.parties["a"].pk,
            "phase": "research",
        },
    )
    lesson = Lesson.objects.get()
    assert response.status_code == 302 and response["Location"] == url(ws, lesson)
    assert lesson.owner_party == ws.parties["a"] and lesson.scope == Scope.SHARED


def test_advisor_and_dropped_party_cannot_create(ws, client):
    project_services.party_drop_out(party=ws.parties["d"], reason="No-go na fase 1")
    for key in ("advisor", "d_lead"):
        client.force_login(ws.users[key])
        assert client.get(url(ws, suffix="nieuw/")).status_code == 404


def test_publication_needs_both_consents_then_the_editor(ws, client, index, editor):
    lesson = make_lesson(ws)

    response = post_action(client, ws, lesson, "a_member", "voorstellen", note="Nuttig")
    assert response.status_code == 302
    publication = LessonPublication.objects.get()
    assert publication.status == LessonPublication.Status.PENDING
    assert not LessonPage.objects.exists()
    assert public_traces(client) == (False, False, False)

    # Parties that cannot see the lesson, or hold no consenting role, are refused.
    for key in ("b_lead", "b_member", "advisor", "outsider"):
        assert post_action(client, ws, lesson, key, "toestemming").status_code == 404, key
    assert post_action(client, ws, lesson, "client_member", "toestemming").status_code == 404
    assert post_action(client, ws, lesson, "a_member", "toestemming").status_code == 404

    post_action(client, ws, lesson, "a_lead", "toestemming")
    publication.refresh_from_db()
    assert publication.owner_consent_by == ws.users["a_lead"]
    assert publication.status == LessonPublication.Status.PENDING
    assert not LessonPage.objects.exists()

    post_action(client, ws, lesson, "client_lead", "toestemming")
    publication.refresh_from_db()
    assert publication.status == LessonPublication.Status.IN_MODERATION
    page = publication.page
    assert page is not None and not page.live
    assert page.get_parent().specific == index
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    client.logout()
    assert client.get(page.url).status_code == 404
    assert public_traces(client) == (False, False, False)

    # The editor approves the last task of the workflow: the page goes live.
    state.current_task_state.approve(user=editor)
    page.refresh_from_db()
    assert page.live
    publication.refresh_from_db()
    assert publication.status == LessonPublication.Status.PUBLISHED
    assert publication.closed_by == editor
    response = client.get(page.url)
    assert response.status_code == 200 and SECRET in response.content.decode()
    assert public_traces(client) == (True, True, True)

    actions = set(
        PartnershipLogEntry.objects.filter(object_id=str(lesson.pk)).values_list(
            "action", flat=True
        )
    )
    assert {
        "partnerwerk.publication.propose",
        "partnerwerk.publication.consent",
        "partnerwerk.publication.moderation",
        "partnerwerk.publication.published",
    } <= actions


def test_withdrawn_consent_stops_publication_and_removes_the_draft(ws, client, index, editor):
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "a_lead", "voorstellen")
    post_action(client, ws, lesson, "client_lead", "toestemming")
    publication = LessonPublication.objects.get()
    assert publication.status == LessonPublication.Status.IN_MODERATION
    page_id = publication.page_id
    state = WorkflowState.objects.get(object_id=str(page_id))

    response = post_action(client, ws, lesson, "a_lead", "intrekken")
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.status == LessonPublication.Status.WITHDRAWN
    assert not LessonPage.objects.filter(pk=page_id).exists()
    # The workflow was cancelled, then went with the deleted draft.
    assert not WorkflowState.objects.filter(pk=state.pk, status="in_progress").exists()
    assert public_traces(client) == (False, False, False)

    # A new proposal starts from scratch.
    post_action(client, ws, lesson, "a_member", "voorstellen")
    assert LessonPublication.objects.filter(status="pending").count() == 1


def test_withdraw_before_any_consent_and_who_may(ws, client, index):
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "a_member", "voorstellen")
    assert post_action(client, ws, lesson, "client_member", "intrekken").status_code == 404
    assert post_action(client, ws, lesson, "b_lead", "intrekken").status_code == 404
    post_action(client, ws, lesson, "client_lead", "intrekken")
    assert LessonPublication.objects.get().status == LessonPublication.Status.WITHDRAWN


def test_published_lesson_cannot_be_withdrawn_from_the_workspace(ws, client, index, editor):
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "a_lead", "voorstellen")
    post_action(client, ws, lesson, "client_lead", "toestemming")
    publication = LessonPublication.objects.get()
    publication.page.get_latest_revision().publish(user=editor)
    publication.refresh_from_db()
    assert publication.status == LessonPublication.Status.PUBLISHED
    response = post_action(client, ws, lesson, "a_lead", "intrekken")
    assert response.status_code == 302
    assert LessonPage.objects.live().filter(pk=publication.page_id).exists()


def test_changing_the_text_lets_given_consents_lapse(ws, client, index):
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "a_lead", "voorstellen")
    publication = LessonPublication.objects.get()
    assert publication.owner_consent_at is not None
    client.force_login(ws.users["a_member"])
    response = client.post(
        url(ws, lesson, "wijzigen/"),
        {"title": lesson.title, "context": "Andere tekst", "advice": "Ander advies"},
        follow=True,
    )
    assert "zijn vervallen" in response.content.decode()
    publication.refresh_from_db()
    assert publication.owner_consent_at is None and publication.client_consent_at is None
    assert publication.status == LessonPublication.Status.PENDING
    # After the client lead consents, the owner's consent is still needed.
    post_action(client, ws, lesson, "client_lead", "toestemming")
    publication.refresh_from_db()
    assert publication.status == LessonPublication.Status.PENDING


def test_internal_lesson_cannot_be_proposed(ws, client, index):
    lesson = make_lesson(ws, scope=Scope.INTERNAL)
    response = post_action(client, ws, lesson, "a_lead", "voorstellen")
    assert response.status_code == 302
    assert not LessonPublication.objects.exists()
    page = client.get(url(ws, lesson)).content.decode()
    assert "Maak haar eerst vertrouwelijk of gedeeld" in page


def test_client_lead_proposing_gives_the_client_consent(ws, client, index):
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "client_lead", "voorstellen")
    publication = LessonPublication.objects.get()
    assert publication.client_consent_by == ws.users["client_lead"]
    assert publication.owner_consent_at is None
    # Consenting twice is refused with a message, not an error page.
    response = post_action(client, ws, lesson, "client_lead", "toestemming")
    assert response.status_code == 302
    post_action(client, ws, lesson, "a_lead", "toestemming")
    publication.refresh_from_db()
    assert publication.status == LessonPublication.Status.IN_MODERATION


def test_editor_deleting_the_draft_ends_the_proposal(ws, client, index):
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "a_lead", "voorstellen")
    post_action(client, ws, lesson, "client_lead", "toestemming")
    publication = LessonPublication.objects.get()
    publication.page.delete()
    publication.refresh_from_db()
    assert publication.status == LessonPublication.Status.REJECTED
    client.force_login(ws.users["a_lead"])
    assert "Voorstellen voor publicatie" in client.get(url(ws, lesson)).content.decode()


def test_without_a_lesson_index_the_consent_rolls_back_with_a_message(ws, client):
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "a_lead", "voorstellen")
    response = post_action(client, ws, lesson, "client_lead", "toestemming")
    assert response.status_code == 302
    publication = LessonPublication.objects.get()
    # The whole consent step rolled back: nothing half-done.
    assert publication.client_consent_at is None
    assert publication.status == LessonPublication.Status.PENDING
    messages = client.get(url(ws, lesson)).content.decode()
    assert "nog geen overzicht van lessen" in messages


def test_unknown_action_and_hidden_lesson_answer_404(ws, client, index):
    lesson = make_lesson(ws)
    assert post_action(client, ws, lesson, "a_lead", "publiceren").status_code == 404
    assert post_action(client, ws, lesson, "b_lead", "voorstellen").status_code == 404
    assert not LessonPublication.objects.exists()


def test_lesson_list_filters(ws, client):
    make_lesson(ws)
    other = make_lesson(ws, title="Planning", scope=Scope.SHARED)
    other.theme = "samenwerking"
    other.save()
    client.force_login(ws.users["client_lead"])
    text = client.get(url(ws), {"theme": "samenwerking"}).content.decode()
    assert "Planning" in text and TITLE not in text
    text = client.get(url(ws), {"q": SECRET, "scope": "confidential"}).content.decode()
    assert TITLE in text and "Planning" not in text


def test_lesson_list_query_count_is_constant(ws, client, index):
    def count_queries():
        client.force_login(ws.users["client_lead"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(ws)).status_code == 200
        return len(ctx)

    for n in range(3):
        lesson = make_lesson(ws, title=f"Les {n}")
    post_action(client, ws, lesson, "a_lead", "voorstellen")
    first = count_queries()
    for n in range(3, 20):
        lesson = make_lesson(ws, title=f"Les {n}")
        if n % 3 == 0:
            post_action(client, ws, lesson, "a_lead", "voorstellen")
    assert count_queries() == first


def test_demo_lessons(db, settings, client):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo")
    call_command("demo")
    lessons = Lesson.objects.filter(partnership__slug="sterke-lekdijk")
    assert lessons.count() == 4
    assert set(lessons.values_list("scope", flat=True)) == set(Scope.values)
    statuses = sorted(LessonPublication.objects.values_list("status", flat=True))
    assert statuses == ["moderation", "pending"]
    draft = LessonPublication.objects.get(status="moderation").page
    assert draft is not None and not draft.live
    assert WorkflowState.objects.filter(object_id=str(draft.pk), status="in_progress").exists()
    # The client lead sees the pending one waiting for consent.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="opdrachtgever"))
    body = client.get("/werkruimte/sterke-lekdijk/lessen/").content.decode()
    assert "Wacht op uw toestemming" in body
    assert "Kwelscherm: eerst meten, dan ontwerpen" in body
    # Contractor B does not see A's confidential lesson nor C's internal one.
    client.force_login(get_user_model().objects.get(username="aannemer-b"))
    body = client.get("/werkruimte/sterke-lekdijk/lessen/").content.decode()
    assert "Kwelscherm" not in body and "Prijsopbouw" not in body
    assert "laadplan" in body


def test_dashboard_lists_lessons_waiting_for_my_consent_only(ws, client, index):
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "a_member", "voorstellen")
    dashboard = f"/werkruimte/{ws.partnership.slug}/"
    for key, expected in (
        ("a_lead", True),
        ("client_lead", True),
        ("a_member", False),
        ("client_member", False),
        ("b_lead", False),
    ):
        client.force_login(ws.users[key])
        assert (TITLE in client.get(dashboard).content.decode()) == expected, key


def test_demo_editor_approves_the_proposed_lesson_in_the_wagtail_admin(db, settings, client):
    """The demo's `redacteur` sees the draft awaiting review and approves it over HTTP."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo")
    publication = LessonPublication.objects.get(status="moderation")
    page = publication.page
    client.force_login(get_user_model().objects.get(username="redacteur"))
    dashboard = client.get("/admin/").content.decode()
    assert page.title in dashboard
    # The edit form tells the editor where the draft came from and who consented.
    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Herkomst en toestemming" in edit
    assert "Voorgesteld vanuit de werkruimte van Sterke Lekdijk" in edit
    assert "Wendy Molenaar" in edit  # the client lead, who proposed and so consented
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    publication.refresh_from_db()
    assert publication.status == LessonPublication.Status.PUBLISHED
    assert publication.closed_by.username == "redacteur"
    client.logout()
    assert client.get(page.url).status_code == 200


def test_proposal_mails_those_whose_consent_is_missing(
    ws, client, index, mailoutbox, django_capture_on_commit_callbacks
):
    lesson = make_lesson(ws)
    with_leads = {ws.users["a_lead"].email, ws.users["client_lead"].email}

    with django_capture_on_commit_callbacks(execute=True):
        post_action(client, ws, lesson, "a_member", "voorstellen")
    assert {m.to[0] for m in mailoutbox} == with_leads
    assert all(TITLE in m.subject for m in mailoutbox)
    assert url(ws, lesson) in mailoutbox[0].body

    # Withdrawn and proposed again by A's lead: only the client lead is asked.
    post_action(client, ws, lesson, "a_lead", "intrekken")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_action(client, ws, lesson, "a_lead", "voorstellen")
    assert [m.to for m in mailoutbox] == [[ws.users["client_lead"].email]]

    # A text change lets A's consent lapse: A's lead is asked again.
    mailoutbox.clear()
    client.force_login(ws.users["a_member"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(ws, lesson, "wijzigen/"), {"title": TITLE, "context": "Nieuw", "advice": "A"}
        )
    assert {m.to[0] for m in mailoutbox} == with_leads
    # Nobody who cannot read the lesson is ever mailed.
    assert not any(
        ws.users[k].email in m.to for m in mailoutbox for k in ("b_lead", "advisor", "d_lead")
    )


def test_audit_log_hides_entries_about_lessons_the_reader_cannot_see(ws, client):
    internal = make_lesson(ws, scope=Scope.INTERNAL, title="Onze marge")
    confidential = make_lesson(ws, title="Kwelscherm korter")
    client.force_login(ws.users["client_lead"])
    audit = client.get(f"/werkruimte/{ws.partnership.slug}/logboek/")
    assert audit.status_code == 200
    entries = [e for e in audit.context["page"].object_list if e.action.startswith("partnerwerk.")]
    object_ids = {e.object_id for e in entries if e.action == "partnerwerk.lesson.create"}
    assert str(confidential.pk) in object_ids
    assert str(internal.pk) not in object_ids
    assert "Onze marge" not in audit.content.decode()


def test_workspace_sees_when_the_editors_ask_for_changes(ws, client, index, editor):
    lesson = make_lesson(ws)
    post_action(client, ws, lesson, "a_lead", "voorstellen")
    post_action(client, ws, lesson, "client_lead", "toestemming")
    page_id = LessonPublication.objects.get().page_id
    client.force_login(ws.users["a_member"])
    assert "vraagt om wijzigingen" not in client.get(url(ws, lesson)).content.decode()

    state = WorkflowState.objects.get(object_id=str(page_id))
    state.current_task_state.reject(user=editor, comment="Graag de naam van het vak weglaten.")
    body = client.get(url(ws, lesson)).content.decode()
    assert "De redactie vraagt om wijzigingen" in body
    assert "Graag de naam van het vak weglaten." in body
    # Contractor B still sees nothing of it.
    client.force_login(ws.users["b_lead"])
    assert client.get(url(ws, lesson)).status_code == 404


def test_lesson_text_over_the_limit_is_a_dutch_form_error_that_keeps_the_saved_text(ws, client):
    from sharing.forms import LESSON_TEXT_MAX_LENGTH

    lesson = make_lesson(ws)
    saved = lesson.context
    client.force_login(ws.users["a_member"])
    huge = "x" * (LESSON_TEXT_MAX_LENGTH + 1)
    response = client.post(
        url(ws, lesson, "wijzigen/"),
        {"title": lesson.title, "context": huge, "advice": "Ander advies"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "niet meer dan 5000 tekens" in page
    # What was typed comes back in the form; what was saved stays saved.
    assert huge in page
    lesson.refresh_from_db()
    assert lesson.context == saved
    # A new lesson of 1 MB is refused the same way, and nothing is stored.
    before = Lesson.objects.count()
    response = client.post(
        url(ws, suffix="nieuw/"),
        {"title": "Groot", "context": "y" * 1_000_000, "advice": "a", "scope": "shared"},
    )
    assert response.status_code == 400
    assert Lesson.objects.count() == before
