"""Registering for a visit: places, waiting list, e-mails with .ics, spam defence, cancelling."""

import datetime
import email
import threading

import icalendar
import pytest

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from portal.ical import registration_uid
from portal.models import VisitPage, VisitRegistration
from portal.services import registration_cancel, registration_create
from tests.factories import make_user
from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limit(settings):
    settings.VISIT_REGISTRATION_RATE = "5/600"
    settings.RATELIMIT_TRUSTED_PROXIES = 0
    cache.clear()
    yield
    cache.clear()


def open_visit(capacity=2, days=10, title="Kijkje bij de dijk"):
    page = build.visit(title=title, days=days)
    page.capacity = capacity
    page.ends_at = page.starts_at + datetime.timedelta(hours=3)
    page.save_revision().publish()
    return VisitPage.objects.get(pk=page.pk)


def form(name="Anna de Vries", email="anna@example.org", organisation="Gemeente Houten", **extra):
    return {"name": name, "organisation": organisation, "email": email, "website": "", **extra}


def register(client, visit, **fields):
    return client.post(visit.url, form(**fields))


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def calendar_part(message):
    """The text/calendar part of a sent e-mail, as the mail client sees it."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0]


# --------------------------------------------------------------------------
# Places and the waiting list
# --------------------------------------------------------------------------


def test_capacity_two_gives_two_places_and_puts_the_third_on_the_waiting_list(
    client, django_capture_on_commit_callbacks
):
    visit = open_visit(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            response = register(client, visit, name=f"Bezoeker {i}", email=f"b{i}@example.org")
            assert response.status_code == 302
            assert response["Location"] == visit.url
    statuses = list(
        VisitRegistration.objects.filter(visit=visit).values_list("email", "status", "position")
    )
    assert statuses == [
        ("b0@example.org", "confirmed", 1),
        ("b1@example.org", "confirmed", 2),
        ("b2@example.org", "waiting", 3),
    ]
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Aangemeld: Kijkje bij de dijk",
        "Aangemeld: Kijkje bij de dijk",
        "Op de wachtlijst: Kijkje bij de dijk",
    ]
    assert "plaats 1" in mail.outbox[2].body
    # The waiting-list mail carries no appointment; confirmations do.
    assert not [
        p for p in mail.outbox[2].message().walk() if p.get_content_type() == "text/calendar"
    ]
    calendar_part(mail.outbox[0])


def test_success_message_says_whether_confirmed_or_waiting(client):
    visit = open_visit(capacity=1)
    response = client.post(visit.url, form(email="een@example.org"), follow=True)
    assert any("U bent aangemeld" in m for m in messages_of(response))
    response = client.post(visit.url, form(email="twee@example.org"), follow=True)
    assert any("u staat op de wachtlijst (plaats 1)" in m for m in messages_of(response))
    body = response.content.decode()
    assert "Vol: u komt op de wachtlijst." in body


def test_page_shows_places_left(client):
    visit = open_visit(capacity=3)
    registration_create(visit=visit, name="A", email="a@example.org", notify=False)
    body = client.get(visit.url).content.decode()
    assert "Er zijn nog 2 plaatsen vrij." in body
    assert 'autocomplete="name"' in body
    assert 'autocomplete="organization"' in body
    assert 'autocomplete="email"' in body


def test_cancelling_a_place_moves_the_first_waiting_up_and_mails_an_ics(
    client, django_capture_on_commit_callbacks
):
    visit = open_visit(capacity=1)
    first = registration_create(visit=visit, name="Eerste", email="1@example.org", notify=False)
    second = registration_create(visit=visit, name="Tweede", email="2@example.org", notify=False)
    third = registration_create(visit=visit, name="Derde", email="3@example.org", notify=False)
    assert [second.status, third.status] == ["waiting", "waiting"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/kijkje/afmelden/{first.cancel_token}/")
    assert response.status_code == 302

    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.status == "cancelled" and first.cancelled_at is not None
    assert second.status == "confirmed"
    assert third.status == "waiting"

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"1@example.org", "2@example.org"}
    assert by_recipient["1@example.org"].subject == "Afgemeld: Kijkje bij de dijk"
    promoted = by_recipient["2@example.org"]
    assert promoted.subject == "U kunt mee: Kijkje bij de dijk"
    assert f"/kijkje/afmelden/{second.cancel_token}/" in promoted.body
    assert promoted.alternatives and promoted.alternatives[0].mimetype == "text/html"

    part = calendar_part(promoted)
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename().endswith(".ics")
    raw = part.get_payload(decode=True)
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert (
        b"DTSTART:" + visit.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ").encode()
        in raw
    )
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["UID"]) == registration_uid(second)
    assert event.decoded("DTSTART") == visit.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") == visit.ends_at.replace(microsecond=0)
    assert str(event["SUMMARY"]) == visit.title
    assert str(event["LOCATION"]) == visit.place
    assert str(event["URL"]).endswith(visit.url)


def test_ics_escapes_commas_semicolons_and_folds_long_lines(
    client, django_capture_on_commit_callbacks
):
    visit = open_visit(capacity=5, title="Dijk; dam, en kade")
    visit.place = "Fort Honswijk, Honswijkerdijk 52; Houten " + "x" * 80
    visit.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        register(client, visit)
    raw = calendar_part(mail.outbox[0]).get_payload(decode=True).decode()
    assert "SUMMARY:Dijk\\; dam\\, en kade\r\n" in raw
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == visit.place


def test_cancelling_twice_is_harmless(client, django_capture_on_commit_callbacks):
    visit = open_visit(capacity=1)
    first = registration_create(visit=visit, name="Eerste", email="1@example.org", notify=False)
    registration_create(visit=visit, name="Tweede", email="2@example.org", notify=False)
    registration_create(visit=visit, name="Derde", email="3@example.org", notify=False)
    registration_cancel(registration=first, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/kijkje/afmelden/{first.cancel_token}/", follow=True)
    assert response.status_code == 200
    assert any("al afgemeld" in m for m in messages_of(response))
    assert mail.outbox == []
    statuses = dict(VisitRegistration.objects.values_list("email", "status"))
    assert statuses == {
        "1@example.org": "cancelled",
        "2@example.org": "confirmed",
        "3@example.org": "waiting",
    }


def test_cancelling_from_the_waiting_list_moves_nobody_up():
    visit = open_visit(capacity=1)
    registration_create(visit=visit, name="Eerste", email="1@example.org", notify=False)
    waiting = registration_create(visit=visit, name="Tweede", email="2@example.org", notify=False)
    third = registration_create(visit=visit, name="Derde", email="3@example.org", notify=False)
    _, promoted = registration_cancel(registration=waiting, notify=False)
    assert promoted == []
    third.refresh_from_db()
    assert third.status == "waiting"


def test_after_cancelling_the_same_address_may_register_again():
    visit = open_visit(capacity=3)
    first = registration_create(visit=visit, name="A", email="a@example.org", notify=False)
    registration_cancel(registration=first, notify=False)
    again = registration_create(visit=visit, name="A", email="A@example.org", notify=False)
    assert again.status == "confirmed" and again.position == 2


def _race(visit, emails):
    """Register once per address, all threads released at the same moment."""
    barrier = threading.Barrier(len(emails))
    results: list = [None] * len(emails)

    def attempt(i, address):
        try:
            barrier.wait(timeout=30)
            results[i] = registration_create(
                visit=visit, name=f"Bezoeker {i}", email=address, notify=False
            )
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i, a)) for i, a in enumerate(emails)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_overfill_the_visit():
    visit = open_visit(capacity=3)
    results = _race(visit, [f"p{i}@example.org" for i in range(8)])
    assert all(isinstance(r, VisitRegistration) for r in results), results
    statuses = [r.status for r in VisitRegistration.objects.filter(visit=visit)]
    assert statuses == ["confirmed"] * 3 + ["waiting"] * 5
    positions = list(VisitRegistration.objects.values_list("position", flat=True))
    assert positions == list(range(1, 9))


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_with_one_address_store_one():
    visit = open_visit(capacity=3)
    results = _race(visit, ["zelfde@example.org", "Zelfde@example.org", "ZELFDE@example.org"])
    stored = [r for r in results if isinstance(r, VisitRegistration)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(stored) == 1 and len(refused) == 2, results
    assert VisitRegistration.objects.count() == 1


# --------------------------------------------------------------------------
# The form: errors, duplicates, closed visits
# --------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["anna@example.org", "Anna@Example.ORG"])
def test_same_email_twice_for_a_visit_is_refused_with_a_message(client, address):
    visit = open_visit(capacity=5)
    registration_create(visit=visit, name="Anna", email="anna@example.org", notify=False)
    response = register(client, visit, name="Anna opnieuw", email=address)
    assert response.status_code == 200
    assert "Met dit e-mailadres bent u al aangemeld voor dit bezoek." in response.content.decode()
    assert VisitRegistration.objects.count() == 1


def test_same_email_may_register_for_another_visit():
    one, other = open_visit(title="Een"), open_visit(title="Twee")
    registration_create(visit=one, name="Anna", email="anna@example.org", notify=False)
    registration_create(visit=other, name="Anna", email="anna@example.org", notify=False)
    assert VisitRegistration.objects.count() == 2


def test_bad_email_and_empty_name_give_linked_errors_and_keep_what_was_typed(client):
    visit = open_visit()
    response = register(
        client, visit, name="", email="anna-at-example", organisation="Waterschap Vallei"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vul uw naam in." in body
    assert "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl." in body
    assert 'value="anna-at-example"' in body
    assert 'value="Waterschap Vallei"' in body
    # Error summary at the top, linking to the fields; each error tied to its input.
    assert "Controleer het formulier." in body
    assert 'href="#id_name"' in body and 'href="#id_email"' in body
    assert 'aria-describedby="id_name_error"' in body
    assert 'aria-describedby="id_email_error id_email_helptext"' in body
    assert 'id="id_email_error"' in body
    assert VisitRegistration.objects.count() == 0


def test_past_visit_shows_no_form_and_refuses_a_post(client):
    visit = open_visit(days=-2)
    body = client.get(visit.url).content.decode()
    assert "Aanmelden is gesloten" in body
    assert 'name="email"' not in body
    response = register(client, visit)
    assert response.status_code == 400
    assert "Aanmelden is gesloten" in response.content.decode()
    assert VisitRegistration.objects.count() == 0


def test_service_refuses_a_visit_that_has_started():
    from portal.services import RegistrationClosed

    visit = open_visit(days=-1)
    with pytest.raises(RegistrationClosed):
        registration_create(visit=visit, name="A", email="a@example.org")


# --------------------------------------------------------------------------
# Spam: honeypot and rate limit
# --------------------------------------------------------------------------


def test_honeypot_blocks_a_bot_calmly_and_stores_nothing(client):
    visit = open_visit()
    response = register(client, visit, website="http://spam.example")
    assert response.status_code == 400
    assert "Aanmelding niet verwerkt" in response.content.decode()
    assert VisitRegistration.objects.count() == 0
    assert mail.outbox == []


def test_honeypot_is_hidden_from_people(client):
    visit = open_visit()
    body = client.get(visit.url).content.decode()
    assert '<div class="pw-visually-hidden" aria-hidden="true">' in body
    assert 'name="website"' in body
    assert 'tabindex="-1"' in body and 'autocomplete="off"' in body
    assert "Laat dit veld leeg" in body


def test_rate_limit_blocks_the_sixth_post_with_429(client):
    visit = open_visit(capacity=50)
    for i in range(5):
        assert register(client, visit, email=f"p{i}@example.org").status_code == 302
    response = register(client, visit, email="p6@example.org")
    assert response.status_code == 429
    assert "Probeer het over tien minuten opnieuw" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert VisitRegistration.objects.count() == 5


def test_rate_limit_is_a_setting(client, settings):
    settings.VISIT_REGISTRATION_RATE = "1/60"
    visit = open_visit()
    assert register(client, visit, email="a@example.org").status_code == 302
    assert register(client, visit, email="b@example.org").status_code == 429


def test_rate_limit_counts_accepted_registrations_only_per_address_and_visit(client, settings):
    settings.VISIT_REGISTRATION_RATE = "2/600"
    visit = open_visit(capacity=50)
    other = open_visit(capacity=50, title="Tweede kijkje")
    # Refused attempts (a double address, an invalid form) do not count.
    assert register(client, visit, email="a@example.org").status_code == 302
    for _ in range(4):
        assert register(client, visit, email="a@example.org").status_code != 429
        assert register(client, visit, email="geen-adres").status_code != 429
    assert register(client, visit, email="b@example.org").status_code == 302
    assert register(client, visit, email="c@example.org").status_code == 429
    # Another visit has its own count for the same office address.
    assert register(client, other, email="c@example.org").status_code == 302


def test_rate_limit_ignores_x_forwarded_for_unless_told_to_trust_it(client, settings):
    settings.VISIT_REGISTRATION_RATE = "1/60"
    visit = open_visit()
    post = form(email="a@example.org")
    assert client.post(visit.url, post, HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 302
    post = form(email="b@example.org")
    assert client.post(visit.url, post, HTTP_X_FORWARDED_FOR="10.0.0.2").status_code == 429

    settings.RATELIMIT_TRUSTED_PROXIES = 1
    post = form(email="c@example.org")
    assert client.post(visit.url, post, HTTP_X_FORWARDED_FOR="10.0.0.3").status_code == 302
    # A forged left-hand entry does not help: the proxy's own entry counts.
    post = form(email="d@example.org")
    forged = "1.2.3.4, 10.0.0.3"
    assert client.post(visit.url, post, HTTP_X_FORWARDED_FOR=forged).status_code == 429


# --------------------------------------------------------------------------
# The cancel page
# --------------------------------------------------------------------------


def test_cancel_page_asks_before_cancelling(client):
    visit = open_visit()
    registration = registration_create(visit=visit, name="Anna", email="a@example.org")
    response = client.get(f"/kijkje/afmelden/{registration.cancel_token}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    assert "Ja, meld mij af" in body and "Anna" in body
    registration.refresh_from_db()
    assert registration.status == "confirmed"

    response = client.post(f"/kijkje/afmelden/{registration.cancel_token}/", follow=True)
    assert any("U bent afgemeld" in m for m in messages_of(response))
    assert "Ja, meld mij af" not in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.parametrize("method", ["get", "post"])
def test_cancel_page_with_a_bad_token_is_404(client, method):
    visit = open_visit()
    registration = registration_create(visit=visit, name="A", email="a@example.org")
    assert getattr(client, method)("/kijkje/afmelden/niet-geldig/").status_code == 404
    assert getattr(client, method)(f"/kijkje/afmelden/{registration.pk}/").status_code == 404


def test_cancel_token_is_random_and_not_the_pk():
    visit = open_visit()
    a = registration_create(visit=visit, name="A", email="a@example.org", notify=False)
    b = registration_create(visit=visit, name="B", email="b@example.org", notify=False)
    assert a.cancel_token != b.cancel_token
    assert len(a.cancel_token) >= 40 and str(a.pk) != a.cancel_token


# --------------------------------------------------------------------------
# The Wagtail admin: editors see and export, nobody edits
# --------------------------------------------------------------------------


@pytest.fixture
def editor():
    user = make_user("redacteur-visits")
    editors = Group.objects.get(name="Redacteuren")
    assert editors.permissions.filter(codename="view_visitregistration").exists()
    user.groups.add(editors)
    return user


def test_editor_sees_registrations_in_the_admin(client, editor):
    visit = open_visit()
    registration = registration_create(
        visit=visit, name="Anna de Vries", email="anna@example.org", notify=False
    )
    client.force_login(editor)
    response = client.get("/admin/visit-registrations/")
    assert response.status_code == 200
    assert "Anna de Vries" in response.content.decode()
    response = client.get(f"/admin/visit-registrations/?status=waiting&visit={visit.pk}")
    assert "Anna de Vries" not in response.content.decode()
    assert client.get(f"/admin/visit-registrations/inspect/{registration.pk}/").status_code == 200


def test_editor_exports_registrations_as_csv_and_xlsx(client, editor):
    visit = open_visit()
    registration_create(visit=visit, name="=HYPERLINK(1)", email="anna@example.org", notify=False)
    client.force_login(editor)
    response = client.get("/admin/visit-registrations/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert "anna@example.org" in content and "Aangemeld" in content
    assert "'=HYPERLINK(1)" in content
    assert "cancel_token" not in content.lower()
    response = client.get("/admin/visit-registrations/?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_nobody_edits_registrations_in_the_admin(client, editor):
    visit = open_visit()
    registration = registration_create(visit=visit, name="A", email="a@example.org", notify=False)
    editor.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["change_visitregistration", "add_visitregistration"]
        )
    )
    client.force_login(editor)
    assert client.get("/admin/visit-registrations/new/").status_code in (302, 403)
    assert client.get(f"/admin/visit-registrations/edit/{registration.pk}/").status_code in (
        302,
        403,
    )


def test_people_without_the_permission_do_not_see_the_admin_listing(client):
    user = make_user("gewone-redacteur")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/visit-registrations/").status_code in (302, 403)


def test_purge_removes_visitors_data_after_the_retention_period(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.VISIT_REGISTRATION_RETENTION_DAYS = 30
    old, recent, coming = open_visit(title="Oud"), open_visit(title="Recent"), open_visit()
    for visit in (old, recent, coming):
        registration_create(visit=visit, name="Anna", email="anna@example.org", notify=False)
    now = timezone.now()
    VisitPage.objects.filter(pk=old.pk).update(
        starts_at=now - datetime.timedelta(days=40), ends_at=None
    )
    VisitPage.objects.filter(pk=recent.pk).update(
        starts_at=now - datetime.timedelta(days=10), ends_at=now - datetime.timedelta(days=10)
    )

    out = StringIO()
    call_command("purge_visit_registrations", "--dry-run", stdout=out)
    assert "Would delete 1 registration(s)" in out.getvalue()
    assert VisitRegistration.objects.count() == 3

    call_command("purge_visit_registrations", stdout=StringIO())
    left = set(VisitRegistration.objects.values_list("visit__title", flat=True))
    assert left == {"Recent", "Kijkje bij de dijk"}

    call_command("purge_visit_registrations", "--days", "5", stdout=StringIO())
    assert set(VisitRegistration.objects.values_list("visit__title", flat=True)) == {
        "Kijkje bij de dijk"
    }
