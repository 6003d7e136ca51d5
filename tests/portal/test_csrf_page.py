"""A form without a valid CSRF token gets a Dutch page in the site's look, not Django's bare one."""

import pytest

from django.test import Client

from tests.factories import site_tree

pytestmark = pytest.mark.django_db


def test_csrf_failure_page_is_dutch_and_in_the_sites_look():
    site_tree()
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formulier verlopen" in page
    assert "cookie" in page  # no CSRF cookie was sent: say what to do
    assert 'lang="nl"' in page and "utrecht-heading-1" in page
    assert "CSRF verification failed" not in page


def test_csrf_failure_page_in_english():
    site_tree()
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Form expired" in response.content.decode()
