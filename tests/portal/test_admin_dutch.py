"""The Wagtail admin screens we add or configure speak Dutch.

Each screen is rendered for a superuser with a Dutch interface; its visible
text and its accessible names (aria-label, title, placeholder, screen-reader
labels) may not hold the English words a reviewer found there: model field
names as column heads, Python's True/None, Wagtail's English group and
workflow names, Django's "Can add …" permission names.
"""

import re
from html.parser import HTMLParser

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import Page, Task, Workflow

from portal.models import VisitRegistration
from tests.factories import build_workspace
from tests.portal.test_visits import form, open_visit

pytestmark = pytest.mark.django_db

# Whole words, case-sensitive: "admin" in "Wagtail admin" is a product name.
ENGLISH = re.compile(
    r"\b(Organisation|Partnership|True|False|None|Moderators|Editors|approval|"
    r"Password|Can (add|change|delete|view)|Admin|Active|Username|Last login|"
    r"Actions|Page|Root)\b"
)


class VisibleText(HTMLParser):
    """The words a reader or a screen reader meets: text and accessible names.

    Scripts, templates and elements marked `hidden` are nobody's reading.
    """

    def __init__(self):
        super().__init__()
        self.words = []
        self._skipped_tag, self._depth = None, 0

    def handle_starttag(self, tag, attrs):
        if self._skipped_tag:
            self._depth += tag == self._skipped_tag
            return
        if tag in ("script", "style", "template") or "hidden" in dict(attrs):
            self._skipped_tag, self._depth = tag, 1
            return
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder") and value:
                self.words.append(value)

    def handle_endtag(self, tag):
        if tag == self._skipped_tag:
            self._depth -= 1
            if self._depth == 0:
                self._skipped_tag = None

    def handle_data(self, data):
        if not self._skipped_tag and data.strip():
            self.words.append(data.strip())


def english_words(html):
    parser = VisibleText()
    parser.feed(html)
    return sorted({m.group(0) for word in parser.words for m in ENGLISH.finditer(word)})


@pytest.fixture
def admin_client(client):
    ws = build_workspace()
    visit = open_visit()
    # Through the public form, as a visitor signs up.
    assert client.post(visit.url, form())["Location"]
    client.force_login(ws.users["superuser"])
    client.cookies.load({"django_language": "nl"})
    return client, ws


def screens(ws):
    party = ws.parties["a"]
    user = ws.users["a_lead"]
    registration = VisitRegistration.objects.get()
    workflow = Workflow.objects.get()
    task = Task.objects.get()
    return [
        "/admin/parties/",
        "/admin/parties/?role=contractor&status=active",
        "/admin/parties/new/",
        f"/admin/parties/edit/{party.pk}/",
        "/admin/snippets/projects/organisation/",
        "/admin/snippets/projects/organisation/add/",
        "/admin/visit-registrations/",
        f"/admin/visit-registrations/inspect/{registration.pk}/",
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:index") + "?is_active=true&is_superuser=false",
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_users:edit", args=[user.pk]),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:add"),
        "/admin/workflows/list/",
        f"/admin/workflows/edit/{workflow.pk}/",
        "/admin/pages/",
        "/admin/workflows/tasks/index/",
        f"/admin/workflows/tasks/edit/{task.pk}/",
    ]


def test_admin_screens_we_configure_have_no_english_words(admin_client):
    client, ws = admin_client
    found = {}
    for url in screens(ws):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "nl", url
        words = english_words(response.content.decode())
        if words:
            found[url] = words
    assert found == {}


def test_the_checker_finds_what_the_reviewer_found():
    # The words of the original report, as Wagtail rendered them before.
    html = (
        "<th title=\"Sorteer 'Organisation'\">Organisation</th><td>Partnership</td>"
        "<span>Actief:</span><span>True</span><label>Password*</label>"
        '<label class="w-sr-only">Can add partij</label><a>Moderators approval</a>'
    )
    assert english_words(html) == [
        "Can add",
        "Moderators",
        "Organisation",
        "Partnership",
        "Password",
        "True",
        "approval",
    ]
    # What Wagtail itself hard-codes or stores: its header's aria-label, the
    # workflow's unlabelled page field, the root page's title.
    wagtail = '<nav aria-label="Actions"></nav><label>Page*</label><div>Root</div>'
    assert english_words(wagtail) == ["Actions", "Page", "Root"]
    assert english_words("<p>Actief: Ja</p><p>Toegang tot Wagtail admin</p>") == []
    assert english_words("<div hidden><div>None</div></div><script>True</script><p>x</p>") == []


def test_wagtail_groups_and_workflow_are_named_in_dutch():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Redacteuren", "Moderatoren"}
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert Workflow.objects.get().name == "Goedkeuring door moderatoren"
    assert Task.objects.get().name == "Goedkeuring door moderatoren"
    assert Page.objects.get(depth=1).title == "Hoofdniveau"


def test_builtin_permission_names_are_dutch():
    assert Permission.objects.get(codename="add_party").name == "Partij toevoegen"
    assert Permission.objects.get(codename="view_visitregistration").name == (
        "Aanmelding voor een bezoek bekijken"
    )
    assert Permission.objects.get(codename="change_group").name == "Groep wijzigen"
    # Only names Django wrote itself are replaced; a model's own stay.
    assert not Permission.objects.filter(
        content_type__app_label__in=["projects", "sharing", "portal", "auth"],
        name__startswith="Can ",
    ).exists()


def test_admin_sign_in_and_password_reset_have_no_english_words(client):
    # Wagtail's own login form leaves its password label to the field name.
    client.cookies.load({"django_language": "nl"})
    for url in ("/admin/login/", "/admin/password_reset/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_words(response.content.decode()) == [], url
    assert "Wachtwoord" in client.get("/admin/login/").content.decode()
