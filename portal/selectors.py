"""Reads of the public site: only live pages without view restrictions ever leave here."""

from django.db.models import Q

from wagtail.models import Page

from projects import selectors_demand
from projects.similarity import stems

from .models import CaseStoryPage, LessonPage


def public_pages():
    return Page.objects.live().public()


def site_search(*, query: str):
    """Wagtail search over every live public page, best match first."""
    return public_pages().specific().search(query)


def public_demands():
    """Innovation needs every reader may see: the feed and the sitemap list only these."""
    return (
        selectors_demand.demands_public()
        .select_related("organisation")
        .order_by("-published_at", "-pk")
    )


def demand_search(*, query: str, user, limit: int = 20):
    """Needs `user` may see whose title, theme or question holds every word's Dutch stem."""
    words = stems(query)
    if not words:
        return []
    demands = selectors_demand.demands_visible_to(user).published()
    for stem in words:
        demands = demands.filter(
            Q(title__icontains=stem) | Q(question__icontains=stem) | Q(theme__icontains=stem)
        )
    return list(demands.select_related("organisation").order_by("-published_at", "-pk")[:limit])


def feed_items(*, limit: int = 30):
    """The newest live public stories, lessons and public innovation needs, newest first."""
    stories = CaseStoryPage.objects.live().public().select_related("client_organisation")
    lessons = LessonPage.objects.live().public()
    items = [
        *stories.order_by("-first_published_at")[:limit],
        *lessons.order_by("-first_published_at")[:limit],
        *public_demands()[:limit],
    ]
    items.sort(key=feed_date, reverse=True)
    return items[:limit]


def feed_date(item):
    """When an item appeared: a page's first publication, a need's publication."""
    return getattr(item, "first_published_at", None) or item.published_at
