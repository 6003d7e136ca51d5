"""Reads of the public site: only live pages without view restrictions ever leave here."""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.text import capfirst

from wagtail.models import Page

from . import pagecache, routing
from .models import CaseStoryPage, LessonPage

logger = logging.getLogger(__name__)


def public_pages():
    return Page.objects.live().exclude(routing.private_q())


def site_search(*, query: str):
    """Wagtail search over every live public page, best match first."""
    return public_pages().specific().search(query)


@dataclass(frozen=True)
class SearchHit:
    """One search result as the results list shows it: plain values, cheap to cache."""

    title: str
    url: str
    kind: str
    summary: str


def _hit(page, request) -> SearchHit:
    summary = getattr(page, "summary", "") or page.search_description or ""
    return SearchHit(
        title=page.title,
        url=page.get_url(request) or "",
        kind=str(capfirst(page.get_verbose_name())),
        summary=summary,
    )


def _search_key(request, query: str, number: str, per_page: int) -> str:
    """Per normalised query (case folded), page, language and host, in this generation."""
    parts = (
        request.get_host(),
        pagecache.request_language(request),
        " ".join(query.casefold().split()),
        number,
        str(per_page),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"search:{pagecache.current_generation()}:{digest}"


def site_search_page(*, query: str, number, per_page: int, request) -> PaginatorPage:
    """One page of site search results (`SearchHit`s), from the search cache when allowed.

    Anonymous searches are cached per normalised query and page number for
    SEARCH_CACHE_SECONDS in the default cache; the key carries the page cache's
    generation, so every purge (any page published or changed) drops them.
    Signed-in users always search afresh.
    """
    number = str(number or "1").strip()[:10]

    def search():
        paginator = Paginator(site_search(query=query), per_page)
        page = paginator.get_page(number)
        return (paginator.count, page.number, [_hit(p, request) for p in page])

    seconds = getattr(settings, "SEARCH_CACHE_SECONDS", 0)
    use_cache = seconds > 0 and not request.user.is_authenticated
    entry = key = None
    if use_cache:
        try:
            key = _search_key(request, query, number, per_page)
            entry = caches["default"].get(key)
        except Exception:  # a cache outage must not stop search
            logger.exception("Search cache lookup failed")
    if entry is None:
        entry = search()
        if key is not None:
            try:
                caches["default"].set(key, entry, timeout=seconds)
            except Exception:
                logger.exception("Search cache store failed")
    count, page_number, hits = entry
    return PaginatorPage(hits, page_number, Paginator(range(count), per_page))


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
