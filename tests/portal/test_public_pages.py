"""The public page types: each renders, lives where it should, and is editable in the admin."""

import pytest

from django.core.management import call_command

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.models import (
    CaseStoryIndexPage,
    CaseStoryPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    LessonIndexPage,
    LessonPage,
    VisitPage,
)
from tests.factories import make_user, partnership_page, site_tree
from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db


class PageTreeRules(WagtailPageTestCase):
    def test_each_page_type_may_only_live_under_its_parent(self):
        self.assertAllowedParentPageTypes(CaseStoryIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CaseStoryPage, {CaseStoryIndexPage})
        self.assertAllowedParentPageTypes(GuidanceIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(GuidancePage, {GuidanceIndexPage})
        self.assertAllowedParentPageTypes(LessonIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(LessonPage, {LessonIndexPage})
        self.assertAllowedParentPageTypes(VisitPage, {HomePage})
        self.assertAllowedSubpageTypes(CaseStoryPage, {})
        self.assertAllowedSubpageTypes(LessonIndexPage, {LessonPage})

    def test_editor_can_create_every_page_type_in_the_admin(self):
        self.client.force_login(make_user("redacteur-test", is_superuser=True, is_staff=True))
        home = site_tree()
        stories = build.story_index()
        lessons = build.lesson_index()
        guidance = build.guidance_index()
        client = build.story("Bestaand verhaal").client_organisation
        self.assertCanCreate(
            stories,
            CaseStoryPage,
            nested_form_data(
                {
                    "title": "Nieuw verhaal",
                    "slug": "nieuw-verhaal",
                    "summary": "Kort.",
                    "client_organisation": client.pk,
                    "procedure_type": "innovatiepartnerschap",
                    "year": 2022,
                    "body": streamfield([("text", rich_text("<p>Tekst</p>"))]),
                }
            ),
        )
        self.assertCanCreate(
            guidance,
            GuidancePage,
            nested_form_data(
                {
                    "title": "Nieuwe handreiking",
                    "slug": "nieuwe-handreiking",
                    "summary": "Kort.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Kop", "level": "h2"}),
                            ("text", rich_text("<p>x</p>")),
                        ]
                    ),
                }
            ),
        )
        self.assertCanCreate(
            lessons,
            LessonPage,
            nested_form_data(
                {
                    "title": "Nieuwe les",
                    "slug": "nieuwe-les",
                    "context": rich_text("<p>Situatie</p>"),
                    "advice": rich_text("<p>Advies</p>"),
                }
            ),
        )
        self.assertCanCreate(
            home,
            VisitPage,
            nested_form_data(
                {
                    "title": "Nieuw bezoek",
                    "slug": "nieuw-bezoek",
                    "starts_at": "2030-05-01 10:00",
                    "place": "Houten",
                    "summary": "Kom kijken.",
                    "programme": rich_text("<p>Programma</p>"),
                    "capacity": 10,
                }
            ),
        )
        # Index pages exist once; the home page's edit form opens.
        assert not CaseStoryIndexPage.can_create_at(home)
        response = self.client.get(f"/admin/pages/{home.pk}/edit/")
        assert response.status_code == 200

    def test_every_public_page_type_renders(self):
        pages = [
            site_tree(),
            build.story_index(),
            build.story("Een verhaal"),
            build.guidance_index(),
            build.guide(),
            build.lesson_index(),
            build.lesson("Een les"),
            build.visit(),
        ]
        for page in pages:
            page.refresh_from_db()  # tree fields changed as children were added
            page.save_revision().publish()
            self.assertPageIsRenderable(page)


def test_editor_can_open_every_page_types_edit_form(client):
    admin = make_user("beheer-test", is_superuser=True, is_staff=True)
    client.force_login(admin)
    pages = [
        build.story_index(),
        build.story("Verhaal"),
        build.guide(),
        build.lesson("Les"),
        build.visit(),
    ]
    for page in pages:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page


def test_home_page_shows_featured_stories_latest_lessons_and_upcoming_visits(client):
    featured = build.story("Uitgelicht verhaal")
    build.story("Niet uitgelicht")
    home = site_tree()
    home.featured_stories.set([featured])
    home.save_revision().publish()
    build.lesson("Verse les")
    build.visit("Bezoek aan de dijk").save_revision().publish()
    build.visit("Voorbij bezoek", days=-3).save_revision().publish()
    body = client.get("/").content.decode()
    assert "Uitgelicht verhaal" in body and "Niet uitgelicht" not in body
    assert "Verse les" in body
    assert "Bezoek aan de dijk" in body and "Voorbij bezoek" not in body


def test_demo_loads_public_content_once(settings):
    settings.DEBUG = True
    call_command("demo")
    counts = [m.objects.count() for m in (CaseStoryPage, GuidancePage, LessonPage, VisitPage)]
    call_command("demo")
    assert counts == [
        m.objects.count() for m in (CaseStoryPage, GuidancePage, LessonPage, VisitPage)
    ]
    # Four lesson pages: three published, one draft with the editors (a workspace lesson
    # both consents were given for).
    assert counts == [5, 3, 4, 1]
    assert LessonPage.objects.live().count() == 3
    assert Page.objects.filter(slug="hdsr-sterke-lekdijk", live=True).exists()


def test_partnership_profile_shows_its_published_lessons_and_upcoming_visits(client):
    dijk = partnership_page()
    build.lesson("Les van de dijk", partnership=dijk)
    build.lesson("Concept-les van de dijk", partnership=dijk, live=False)
    visit = build.visit("Open dag aan de dijk")
    visit.partnership = dijk
    visit.save_revision().publish()
    body = client.get(dijk.url).content.decode()
    assert "Les van de dijk" in body and "Concept-les" not in body
    assert "Open dag aan de dijk" in body
