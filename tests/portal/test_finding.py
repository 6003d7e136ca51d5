"""Finding things on the public site: filters with search, site search, feed, sitemap."""

import xml.etree.ElementTree as ET

import pytest

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from tests.factories import partnership_page, site_tree
from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def titles(response, key="results"):
    return [page.title for page in response.context[key]]


@pytest.fixture
def stories(db):
    return {
        "dijk": build.story(
            "Dijkversterking met drie aannemers",
            client="Hoogheemraadschap De Stichtse Rijnlanden",
            procedure_type="innovatiepartnerschap",
            theme="Waterveiligheid",
            region="Utrecht",
            year=2021,
            summary="Samen de dijk versterken met emissieloos materieel.",
        ),
        "kust": build.story(
            "Emissieloze kustlijnzorg",
            client="Rijkswaterstaat",
            procedure_type="innovatiepartnerschap",
            theme="Emissieloos materieel",
            region="Noordzeekust",
            year=2022,
            summary="Zandsuppleties zonder diesel, met emissieloos materieel.",
        ),
        "sir": build.story(
            "Startups en kantoorgebruik",
            client="Rijksvastgoedbedrijf",
            procedure_type="startup_in_residence",
            theme="Kantoren",
            region="Landelijk",
            year=2020,
            summary="Kleine opdrachten voor startups.",
        ),
        "concept": build.story(
            "Concept over emissieloos materieel",
            client="Rijkswaterstaat",
            summary="Nog niet gepubliceerd emissieloos materieel.",
            live=False,
        ),
    }


def test_story_filters_combined_with_search_give_the_expected_stories(client, stories):
    response = client.get("/verhalen/", {"q": "emissieloos"})
    assert set(titles(response)) == {
        "Dijkversterking met drie aannemers",
        "Emissieloze kustlijnzorg",
    }
    response = client.get("/verhalen/", {"q": "emissieloos", "region": "Noordzeekust"})
    assert titles(response) == ["Emissieloze kustlijnzorg"]
    authority = stories["dijk"].client_organisation_id
    response = client.get("/verhalen/", {"q": "emissieloos", "authority": authority})
    assert titles(response) == ["Dijkversterking met drie aannemers"]
    response = client.get("/verhalen/", {"procedure": "startup_in_residence"})
    assert titles(response) == ["Startups en kantoorgebruik"]
    response = client.get("/verhalen/", {"year": 2022, "theme": "Emissieloos materieel"})
    assert titles(response) == ["Emissieloze kustlijnzorg"]
    response = client.get("/verhalen/", {"q": "emissieloos", "procedure": "startup_in_residence"})
    assert titles(response) == []


def test_story_index_without_filters_lists_only_live_stories_newest_year_first(client, stories):
    assert titles(client.get("/verhalen/")) == [
        "Emissieloze kustlijnzorg",
        "Dijkversterking met drie aannemers",
        "Startups en kantoorgebruik",
    ]


def test_filter_urls_are_shareable_and_pagination_keeps_them(client, stories):
    for i in range(13):
        build.story(f"Extra verhaal {i:02}", region="Gelderland", year=2019)
    first = client.get("/verhalen/", {"region": "Gelderland"})
    assert first.context["result_count"] == 13
    assert 'href="?region=Gelderland&amp;pagina=2"' in first.content.decode()
    second = client.get("/verhalen/", {"region": "Gelderland", "pagina": 2})
    assert len(second.context["results"]) == 1


def test_lesson_filters_combined_with_search(client):
    dijk = partnership_page()
    build.lesson("Materieel delen", partnership=dijk, theme="Materieel", advice="<p>Eén pool.</p>")
    build.lesson("Vertrouwelijkheid", partnership=dijk, theme="Samenwerking")
    build.lesson("Losse les over de pool", theme="Materieel", advice="<p>Een pool.</p>")
    response = client.get("/lessen/", {"q": "pool", "authority": dijk.client_organisation_id})
    assert titles(response) == ["Materieel delen"]
    response = client.get("/lessen/", {"theme": "Materieel"})
    assert set(titles(response)) == {"Materieel delen", "Losse les over de pool"}


def test_site_search_finds_only_live_public_pages(client, stories):
    restricted = build.story("Afgeschermd emissieloos verhaal", summary="emissieloos materieel")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    build.lesson("Les over emissieloos materieel")
    build.lesson("Concept-les over emissieloos materieel", live=False)
    response = client.get("/zoeken/", {"q": "emissieloos"})
    assert response.status_code == 200
    found = set(titles(response))
    assert found == {
        "Dijkversterking met drie aannemers",
        "Emissieloze kustlijnzorg",
        "Les over emissieloos materieel",
    }
    assert client.get("/zoeken/").context["results"] is None


# The most queries an uncached public page may run (issue 15): routing, view
# restrictions and filter choices come from portal.routing's memory.
QUERY_LIMITS = {
    "story": 6,
    "story_index": 6,
    "story_index_filtered": 6,
    "home": 6,
    "lesson_index": 6,
    "lesson": 6,
    "partnership": 8,
}


def test_public_pages_stay_within_their_query_limits_with_10_and_200_stories(client, settings):
    # Count the rendering, not a page-cache hit (which runs no query at all).
    settings.PAGE_CACHE_ENABLED = False
    dijk = partnership_page()
    home = site_tree()

    def count(path, expect):
        client.get(path)  # warm: the first visit after a change fills routing's memory
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        assert expect in response.content.decode(), path  # really rendered
        return len(queries)

    def counts(first, lesson):
        return {
            "story": count(first.url, "Lees ook"),
            "story_index": count("/verhalen/", "Eerste verhaal"),
            # Ranked by relevance: on PostgreSQL any of the equal matches may come first.
            "story_index_filtered": count("/verhalen/?region=Utrecht&q=verhaal", 'class="pw-card"'),
            "home": count(home.url, "Eerste verhaal"),
            "lesson_index": count("/lessen/", 'class="pw-card"'),
            "lesson": count(lesson.url, lesson.title),
            "partnership": count(dijk.url, "Gepubliceerde lessen"),
        }

    first = build.story("Eerste verhaal", summary="emissieloos", partnership=dijk)
    for i in range(9):
        build.story(f"Verhaal {i:03}", region="Utrecht")
    first.related_stories.set(build.story_index().get_children().specific()[1:4])
    first.save_revision().publish()
    home.featured_stories.set([first])
    home.save_revision().publish()
    lesson = build.lesson("Materieel delen", partnership=dijk, theme="Materieel")
    build.visit("Kijkje bij de dijk").save_revision().publish()
    small = counts(first, lesson)
    for i in range(9, 199):
        build.story(f"Verhaal {i:03}", region="Utrecht")
        build.lesson(f"Les {i:03}", partnership=dijk, theme=f"Thema {i % 7}")
    large = counts(first, lesson)
    assert small == large, (small, large)
    over = {page: n for page, n in large.items() if n > QUERY_LIMITS[page]}
    assert not over, (over, QUERY_LIMITS)


def test_feed_is_atom_with_only_live_public_stories_and_lessons(client, stories):
    build.lesson("Gepubliceerde les")
    build.lesson("Concept-les", live=False)
    response = client.get("/feed/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    entries = {e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")}
    assert entries == {
        "Dijkversterking met drie aannemers",
        "Emissieloze kustlijnzorg",
        "Startups en kantoorgebruik",
        "Gepubliceerde les",
    }
    links = [e.find(f"{ATOM}link").get("href") for e in root.iter(f"{ATOM}entry")]
    # Links are on the one public base URL, whatever host asked.
    assert all(link.startswith(settings.PUBLIC_BASE_URL + "/") for link in links), links


def test_sitemap_lists_live_pages_and_robots_points_to_it(client, stories):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert any(loc.endswith("/verhalen/emissieloze-kustlijnzorg/") for loc in locations)
    assert not any("concept" in loc for loc in locations)
    robots = client.get("/robots.txt").content.decode()
    sitemap = f"Sitemap: {settings.PUBLIC_BASE_URL}/sitemap.xml"
    assert "Disallow: /werkruimte/" in robots and sitemap in robots


def test_pages_carry_open_graph_tags(client, stories):
    body = client.get(stories["kust"].url).content.decode()
    assert '<meta property="og:title" content="Emissieloze kustlijnzorg">' in body
    assert '<meta property="og:type" content="article">' in body
    assert 'property="og:description" content="Zandsuppleties zonder diesel' in body


@pytest.mark.parametrize("query", ['"', "'", "*", "-", "AND", "(", "NEAR(", "a:b", "^"])
def test_odd_search_input_answers_200_not_500(client, stories, query):
    build.lesson_index()
    for path in ("/zoeken/", "/verhalen/", "/lessen/"):
        assert client.get(path, {"q": query}).status_code == 200, path
    assert client.get("/verhalen/", {"year": "abc", "pagina": "x"}).status_code == 200
