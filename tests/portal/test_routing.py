"""Pages served with routing kept in the process (portal.routing) answer as Wagtail's own view."""

import pytest

from wagtail.models import PageViewRestriction

from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False  # every request routes


def test_restricting_a_section_after_its_pages_were_served_restricts_them_at_once(client):
    story = build.story("Eerst openbaar")
    assert client.get(story.url).status_code == 200
    PageViewRestriction.objects.create(
        page=build.story_index(), restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    body = client.get(story.url).content.decode()
    assert 'name="password"' in body and "Eerst openbaar" not in body
    assert "Eerst openbaar" not in client.get("/verhalen/?q=").content.decode()


def test_login_restricted_page_redirects_anonymous_readers_to_sign_in(client):
    story = build.story("Alleen leden")
    client.get(story.url)
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(story.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_renamed_page_answers_on_its_new_url_and_not_on_its_old_one(client):
    story = build.story("Oude naam")
    old = story.url
    assert client.get(old).status_code == 200
    story.slug = "nieuwe-naam"
    story.save_revision().publish()
    assert client.get(old).status_code == 404
    assert client.get("/verhalen/nieuwe-naam/").status_code == 200


def test_draft_and_unknown_paths_answer_404(client):
    draft = build.story("Nog een concept", live=False)
    assert client.get(f"/verhalen/{draft.slug}/").status_code == 404
    assert client.get("/verhalen/bestaat-niet/").status_code == 404
    assert client.get("/verhalen/bestaat-niet/dieper/").status_code == 404


def test_breadcrumb_follows_a_renamed_parent(client):
    story = build.story("Kind")
    assert ">Verhalen</a>" in client.get(story.url).content.decode()
    index = build.story_index()
    index.title = "Praktijkverhalen"
    index.save_revision().publish()
    assert ">Praktijkverhalen</a>" in client.get(story.url).content.decode()
