"""Acceptance flow: the reference guard keeps a confidential title from a competitor.

Contractor A's lead starts a shared thread about her confidential document;
the guard holds it with a warning naming who could not see the document; she
narrows the thread's scope. Contractor B never meets the title anywhere.
"""

import re

import pytest
from playwright.sync_api import expect

from sharing.models import Scope, Thread
from tests.factories import build_workspace

SECRET = "Proefvak damwand deeltraject 4 – meetresultaten"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_contractor_narrows_a_thread_the_guard_held_and_competitor_never_sees_the_title(
    live_server, new_context, sign_in
):
    ws = build_workspace()
    slug = ws.partnership.slug
    base = f"{live_server.url}/werkruimte/{slug}"
    secret = ws.upload("a_lead", Scope.CONFIDENTIAL, title=SECRET)

    page_a = new_context().new_page()
    sign_in(page_a, ws.users["a_lead"])
    page_a.goto(f"{base}/draden/nieuw/")
    page_a.get_by_label("Onderwerp").fill("Trillingen bij de damwand")
    page_a.get_by_role("radio", name=re.compile(r"^Gedeeld")).check()
    page_a.get_by_label("Over document").select_option(label=SECRET)
    page_a.get_by_label("Eerste bericht").fill("Wat zien jullie in de metingen?")
    page_a.get_by_role("button", name="Draad starten").click()

    # Held: a warning naming the parties that may not see the document; nothing saved.
    warning = page_a.get_by_role("alert").filter(has_text="Nog niet opgeslagen")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Aannemer B")
    expect(warning).to_contain_text("Adviesbureau")
    expect(page_a.get_by_label("Eerste bericht")).to_have_value("Wat zien jullie in de metingen?")
    assert not Thread.objects.filter(title="Trillingen bij de damwand").exists()

    page_a.get_by_role("radio", name=re.compile(r"^Maak de reikwijdte kleiner")).check()
    page_a.get_by_role("button", name="Draad starten").click()
    page_a.wait_for_url(re.compile(rf"/werkruimte/{slug}/draden/\d+/$"))
    thread_url = page_a.url
    expect(page_a.get_by_role("main")).to_contain_text(SECRET)
    thread = Thread.objects.get(title="Trillingen bij de damwand")
    assert thread.scope == Scope.CONFIDENTIAL and thread.document_id == secret.pk

    # Contractor B: not in the thread list, the dashboard, the notifications;
    # the thread and the document answer 404.
    page_b = new_context().new_page()
    sign_in(page_b, ws.users["b_lead"])
    for path in ("/", "/draden/", "/documenten/", "/meldingen/"):
        page_b.goto(f"{base}{path}")
        expect(page_b.locator("body")).not_to_contain_text(SECRET)
        expect(page_b.locator("body")).not_to_contain_text("Trillingen bij de damwand")
    for url in (thread_url, f"{live_server.url}{secret.get_absolute_url()}"):
        response = page_b.goto(url)
        assert response is not None and response.status == 404
        expect(page_b.locator("body")).not_to_contain_text(SECRET)
