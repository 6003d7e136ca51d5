"""Reads of the public site: only live pages without view restrictions ever leave here."""

from wagtail.models import Page

from . import routing
from .models import CaseStoryPage, LessonPage


def public_pages():
    return Page.objects.live().exclude(routing.private_q())


def site_search(*, query: str):
    """Wagtail search over every live public page, best match first."""
    return public_pages().specific().search(query)


def feed_items(*, limit: int = 30):
    """The newest live public stories and lessons, newest first."""
    stories = CaseStoryPage.objects.live().public().select_related("client_organisation")
    lessons = LessonPage.objects.live().public()
    items = [
        *stories.order_by("-first_published_at")[:limit],
        *lessons.order_by("-first_published_at")[:limit],
    ]
    items.sort(key=lambda p: p.first_published_at, reverse=True)
    return items[:limit]
