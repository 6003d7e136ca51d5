"""A lesson on its way to the public site, driven with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import LessonPage
from sharing.models import LessonPublication
from tests.e2e.test_accessibility import PENDING_LESSON, lesson_path, load_demo, scan, settle


def tab_to(page, target, limit=80):
    """Press Tab until `target` has focus; fail if it is not reachable."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"{target} not reachable with Tab within {limit} presses")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_client_lead_consents_with_the_keyboard(live_server, page, sign_in):
    people = load_demo()
    sign_in(page, people.users["opdrachtgever"])
    page.goto(f"{live_server.url}{lesson_path(PENDING_LESSON)}")
    settle(page)
    expect(page.get_by_text("Wacht op toestemming", exact=True)).to_be_visible()

    button = page.get_by_role("button", name="Toestemming geven voor publicatie")
    tab_to(page, button)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/lessen/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("de redactie beoordeelt nu het concept")
    expect(page.get_by_text("Bij de redactie", exact=True)).to_be_visible()
    publication = LessonPublication.objects.get(lesson__title=PENDING_LESSON)
    assert publication.status == LessonPublication.Status.IN_MODERATION
    assert not LessonPage.objects.get(pk=publication.page_id).live
    scan(page, "lesson in moderation")

    # Nothing is public yet: the draft's address answers 404 to the public.
    page.context.clear_cookies()
    response = page.goto(f"{live_server.url}{publication.page.url}")
    assert response is not None and response.status == 404
