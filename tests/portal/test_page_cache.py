"""The full-page cache (portal.pagecache): anonymous public pages only, purged on every change."""

import pytest

from django.conf import settings
from django.middleware.csrf import get_token

from wagtail.models import PageViewRestriction

from portal.models import CaseStoryPage
from tests.factories import build_workspace, make_user, site_tree
from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db

ENGLISH = {settings.LANGUAGE_COOKIE_NAME: "en"}


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return response, response.content.decode()


def test_anonymous_repeat_visit_is_a_hit_with_the_same_body_and_no_queries(
    client, django_assert_num_queries
):
    story = build.story("Dijk van de toekomst")
    first, body = get(client, story.url)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(story.url)
    assert second["X-Cache"] == "hit"
    assert second.content.decode() == body
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "nl"
    assert "Cookie" in second["Vary"]


def test_head_is_answered_from_the_cache_but_does_not_fill_it(client):
    story = build.story("Kop en staart")
    assert client.head(story.url)["X-Cache"] == "miss"
    assert client.head(story.url)["X-Cache"] == "miss"
    client.get(story.url)
    assert client.head(story.url)["X-Cache"] == "hit"


def test_publishing_a_story_change_shows_at_once_on_the_story_index_and_home_page(client):
    story = build.story("Oude titel", summary="Wat er gebeurde.")
    home = site_tree()
    home.featured_stories.set([story])
    home.save_revision().publish()
    urls = [story.url, build.story_index().url, home.url]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit"

    story.title = "Nieuwe titel"
    story.save_revision().publish()

    for url in urls:
        response, body = get(client, url)
        assert response["X-Cache"] == "miss", url
        assert "Nieuwe titel" in body and "Oude titel" not in body, url


def test_unpublishing_a_story_removes_it_from_the_cached_index_and_its_own_url(client):
    story = build.story("Verdwijnt")
    index = build.story_index()
    url = story.url
    assert "Verdwijnt" in get(client, index.url)[1]
    client.get(url)
    story.unpublish()
    assert "Verdwijnt" not in get(client, index.url)[1]
    assert client.get(url).status_code == 404


def test_deleting_a_story_removes_it_from_the_cached_index_and_its_own_url(client):
    story = build.story("Weg ermee")
    index = build.story_index()
    url = story.url
    client.get(index.url)
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    story.delete()
    assert "Weg ermee" not in get(client, index.url)[1]
    assert client.get(url).status_code == 404


def test_renaming_the_client_organisation_purges_the_stories_that_show_it(client):
    story = build.story("Verhaal", client="Waterschap Oud")
    client.get(story.url)
    organisation = story.client_organisation
    organisation.name = "Waterschap Nieuw"
    organisation.save()
    response, body = get(client, story.url)
    assert response["X-Cache"] == "miss"
    assert "Waterschap Nieuw" in body


def test_signed_in_user_never_gets_a_cached_page_and_never_fills_the_cache(client):
    story = build.story("Voor iedereen")
    user = make_user("lezer", first_name="Lotte", last_name="Lezer")
    # Warm for anonymous readers first: the signed-in reader must not get it.
    client.get(story.url)
    client.force_login(user)
    for _ in range(2):
        response, body = get(client, story.url)
        assert response["X-Cache"] == "bypass"
        assert "Lotte Lezer" in body
    client.logout()
    client.cookies.clear()
    response, body = get(client, story.url)
    assert response["X-Cache"] == "hit"
    assert "Lotte Lezer" not in body and "Inloggen" in body


def test_page_rendered_for_a_signed_in_user_is_not_stored_for_anonymous_readers(client):
    story = build.story("Eerst ingelogd")
    client.force_login(make_user("lezer", first_name="Lotte", last_name="Lezer"))
    client.get(story.url)
    client.logout()
    client.cookies.clear()
    response, body = get(client, story.url)
    assert response["X-Cache"] == "miss"
    assert "Lotte Lezer" not in body


def test_any_session_cookie_bypasses_the_cache(client):
    story = build.story("Met koekje")
    client.get(story.url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "onbekend"
    assert client.get(story.url)["X-Cache"] == "bypass"


def test_page_that_uses_a_csrf_token_is_never_cached(client, monkeypatch):
    story = build.story("Met formulier")
    original = CaseStoryPage.get_context

    def with_form(self, request, *args, **kwargs):
        get_token(request)  # what {% csrf_token %} in a form does
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(CaseStoryPage, "get_context", with_form)
    for _ in range(2):
        response = client.get(story.url)
        assert response.status_code == 200
        assert response["X-Cache"] == "miss"
        assert settings.CSRF_COOKIE_NAME in response.cookies


def test_public_pages_carry_no_csrf_token_so_they_can_be_cached(client):
    story = build.story("Zonder token")
    response, body = get(client, story.url)
    assert "csrfmiddlewaretoken" not in body
    assert not response.cookies


def test_language_switch_works_without_a_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_draft_seen_by_an_editor_is_neither_cached_nor_shown_to_anonymous_readers(client):
    story = build.story("Gepubliceerd")
    client.get(story.url)
    story.title = "Concepttitel"
    story.save_revision()
    client.force_login(make_user("redacteur-test", is_superuser=True, is_staff=True))
    response, body = get(client, f"/admin/pages/{story.pk}/view_draft/")
    assert response.status_code == 200 and "Concepttitel" in body
    assert response["X-Cache"] == "bypass"
    client.logout()
    client.cookies.clear()
    for _ in range(2):
        body = get(client, story.url)[1]
        assert "Gepubliceerd" in body and "Concepttitel" not in body


def test_restricting_a_page_purges_it_and_keeps_it_out_of_the_cache(client):
    story = build.story("Binnenkort besloten")
    client.get(story.url)
    assert client.get(story.url)["X-Cache"] == "hit"
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    for _ in range(2):
        response, body = get(client, story.url)
        assert response["X-Cache"] == "miss"
        assert 'name="password"' in body  # the password form, not the page


def test_workspace_pages_are_never_cached(client):
    ws = build_workspace()
    url = f"/werkruimte/{ws.partnership.slug}/"
    assert client.get(url)["X-Cache"] == "bypass"
    client.force_login(ws.users["a_lead"])
    assert client.get(url)["X-Cache"] == "bypass"
    assert client.get(url)["X-Cache"] == "bypass"


def test_english_and_dutch_readers_get_their_own_cached_page(client):
    story = build.story("Tweetalig")
    dutch = get(client, story.url)[1]
    assert 'lang="nl"' in dutch
    client.cookies.load(ENGLISH)
    response, english = get(client, story.url)
    assert response["X-Cache"] == "miss"
    assert 'lang="en"' in english and response["Content-Language"] == "en"
    response, again = get(client, story.url)
    assert response["X-Cache"] == "hit" and again == english
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    response, body = get(client, story.url)
    assert response["X-Cache"] == "hit" and body == dutch


def test_filtered_index_is_cached_per_query_in_any_parameter_order(client):
    build.story("Dijkverhaal", theme="Waterveiligheid", year=2021)
    build.story("Kantoorverhaal", theme="Duurzaam kantoorgebruik", year=2021)
    index = build.story_index().url
    first, body = get(client, f"{index}?theme=Waterveiligheid&year=2021&q=")
    assert first["X-Cache"] == "miss"
    assert "Dijkverhaal" in body and "Kantoorverhaal" not in body
    response, again = get(client, f"{index}?q=&year=2021&theme=Waterveiligheid")
    assert response["X-Cache"] == "hit" and "Kantoorverhaal" not in again
    response, other = get(client, f"{index}?theme=Duurzaam+kantoorgebruik")
    assert response["X-Cache"] == "miss"
    assert "Kantoorverhaal" in other and "Dijkverhaal" not in other


def test_unknown_query_parameters_are_never_cached(client):
    story = build.story("Gedeeld")
    index = build.story_index().url
    for url in (f"{story.url}?utm_source=nieuwsbrief", f"{index}?theme=x&utm_source=y"):
        assert client.get(url)["X-Cache"] == "miss"
        assert client.get(url)["X-Cache"] == "miss"


def test_post_bypasses_the_cache(client):
    story = build.story("Postbus")
    client.get(story.url)
    assert client.post(story.url)["X-Cache"] == "bypass"


def test_not_found_is_not_cached(client):
    site_tree()
    for _ in range(2):
        response = client.get("/bestaat-niet/")
        assert response.status_code == 404
        assert response["X-Cache"] == "miss"


def test_feed_is_cached_and_purged(client):
    build.story("In de feed")
    assert client.get("/feed/")["X-Cache"] == "miss"
    assert client.get("/feed/")["X-Cache"] == "hit"
    build.story("Nieuw in de feed")
    response, body = get(client, "/feed/")
    assert response["X-Cache"] == "miss" and "Nieuw in de feed" in body


def test_cache_can_be_switched_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = build.story("Uit")
    client.get(story.url)
    assert client.get(story.url)["X-Cache"] == "bypass"
