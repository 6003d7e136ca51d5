"""Full-page cache for anonymous visitors of the public site.

An uncached Wagtail page serves at a tenth of a bare view's rate here, most of
it routing (see FACTS.md); `PageCacheMiddleware` answers a repeat visit before
routing runs. What it may store is decided after the response is built, from
what the request and the response say about themselves:

- only anonymous requests: no session or messages cookie, GET (HEAD is served,
  never stored), none of the private prefixes below;
- only live, public Wagtail pages served by Wagtail's own view (marked by the
  `before_serve_page` hook `remember_page`), not previews, without view
  restrictions (as `portal.routing` found them while serving: not asked
  twice), plus the feed, the sitemap and search results (`/zoeken/?q=`);
- a query string only on index pages with a filter, and only their filter,
  search and page parameters; the key uses the parameters in sorted order;
- only a 200 that sets no cookie, used no CSRF token, is not marked private,
  no-store or no-cache, and varies on nothing but the cookie.

The key holds scheme, host, path, query and language (the language cookie is
read as `LanguageMiddleware` reads it), so an English reader never gets the
Dutch page.

Purging is global: every key carries a generation number, and any change to a
page or to a model listed in `PURGE_ON_CHANGE` bumps it, so all pages are
rebuilt on their next visit. Tracking which pages show what would be fragile:
the home page lists featured stories, lessons and visits, indexes list their
children, stories link related stories, partnership profiles show parties and
sections. Publishing is rare (a few times a day) and a rebuild costs one
uncached view per page, so precision would buy nothing. Old generations are
never read again and expire after `PAGE_CACHE_SECONDS`.

The generation lives in the "default" cache. With Redis (REDIS_URL) a purge in
one process reaches all; with the in-process LocMem cache it only reaches the
process that made the change, which is right for `make run` (one process) and
wrong for several processes without Redis.
"""

import hashlib
import logging
import time
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
GENERATION_KEY = "pagecache:generation"

# Non-page models whose rows public pages show. Changing or deleting one purges
# every page. Labels of models that do not exist (yet) are ignored, so an app
# may be listed here before its model lands.
PURGE_ON_CHANGE = (
    "projects.Organisation",  # client names on stories, profiles, filters
    "projects.Party",  # participating parties and drop-outs on profiles
    "projects.Section",  # route and section table on profiles
    "projects.Phase",  # the current phase on profiles
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",  # a page that became private must leave at once
    "portal.VisitRegistration",  # places left on visits
)

# Never looked up: signed-in areas, forms, search and the cheap plain views.
BYPASS_PREFIXES = (
    "/admin/",
    "/werkruimte/",
    "/accounts/",
    "/ws/",
    "/healthz/",
    "/i18n/",
    "/cms-documenten/",
    "/media/",
    "/static/",
    "/robots.txt",
)
# The messages framework may keep pending messages in this cookie.
MESSAGES_COOKIE = "messages"
# Views other than page serving whose output is the same for every anonymous
# visitor, with the query parameters each may carry (any other: not stored).
CACHEABLE_URL_NAMES = {"feed": set(), "sitemap": set(), "search": {"q", "pagina"}}
# Always allowed on an index with a filter: full-text search and pagination.
INDEX_PARAMS = {"q", "pagina"}


def _cache():
    return caches[CACHE_ALIAS]


# --------------------------------------------------------------------------
# Generation and purge
# --------------------------------------------------------------------------


def current_generation() -> int:
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh start (or an evicted counter) begins above every earlier
        # generation, so no stale entry can match again.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _bump() -> None:
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def purge(**kwargs) -> None:
    """Forget every cached page. Takes any signal's arguments.

    Bumps at once, and again after commit: a page rendered between the first
    bump and the commit still shows the old rows, and the second bump drops it.
    """
    try:
        _bump()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(_bump)
    except Exception:  # a cache outage must not break publishing
        logger.exception("Could not purge the page cache")


def connect() -> None:
    """Called once from PortalConfig.ready(): the serve hook and the purge signals.

    Purge receivers are connected per model (every page type and the models in
    PURGE_ON_CHANGE) rather than for all senders: a receiver for every sender
    would stop Django's fast bulk deletes everywhere.
    """
    hooks.register("before_serve_page", remember_page)
    for model in apps.get_models():
        if issubclass(model, Page) or model._meta.label in PURGE_ON_CHANGE:
            uid = f"pagecache-{model._meta.label}"
            post_save.connect(purge, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(purge, sender=model, dispatch_uid=uid, weak=False)
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge, dispatch_uid="pagecache", weak=False)


# --------------------------------------------------------------------------
# Request and response checks
# --------------------------------------------------------------------------


def remember_page(page, request, serve_args, serve_kwargs):
    """`before_serve_page` hook: note which page Wagtail is about to serve."""
    request.page_cache_page = page


def may_serve_from_cache(request) -> bool:
    """Cheap checks before routing: may this request be answered from the cache at all?"""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    # A session cookie may mean a signed-in user; checking would cost a query.
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return False
    return not request.path.startswith(BYPASS_PREFIXES)


def request_language(request) -> str:
    """The language LanguageMiddleware will activate for this request."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    return language


def normalised_query(request) -> str:
    """The query string with parameters in sorted order (values keep their order)."""
    return urlencode(
        [(name, value) for name, values in sorted(request.GET.lists()) for value in values]
    )


def cache_key(request, generation: int) -> str:
    parts = (
        request.scheme,
        request.get_host(),
        request.path,
        normalised_query(request),
        request_language(request),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"pagecache:{generation}:{digest}"


def _allowed_params(page) -> set[str]:
    filterset_class = getattr(page, "filterset_class", None)
    if filterset_class is None:
        return set()
    return set(filterset_class.base_filters) | INDEX_PARAMS


def _is_public_content(request) -> bool:
    page = getattr(request, "page_cache_page", None)
    if page is not None:
        if getattr(request, "is_preview", False) or not page.live:
            return False
        if not set(request.GET) <= _allowed_params(page):
            return False
        public = getattr(request, "page_cache_public", None)
        if public is not None:  # portal.routing already knows: no second check
            return public
        return not page.get_view_restrictions().exists()
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in CACHEABLE_URL_NAMES:
        return False
    return set(request.GET) <= CACHEABLE_URL_NAMES[match.url_name]


def may_store(request, response) -> bool:
    """May this response be served to every anonymous visitor of this URL?"""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    meta = request.META
    if meta.get("CSRF_COOKIE_NEEDS_UPDATE") or meta.get("CSRF_COOKIE_USED"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    if not vary <= {"cookie"}:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return _is_public_content(request)


# --------------------------------------------------------------------------
# Storage
# --------------------------------------------------------------------------


def fetch(key: str) -> HttpResponse | None:
    entry = _cache().get(key)
    if entry is None:
        return None
    headers, content = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def store(key: str, response) -> None:
    # The page depends on the language cookie: say so to any cache downstream.
    patch_vary_headers(response, ("Cookie",))
    headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
    _cache().set(key, (headers, response.content), timeout=settings.PAGE_CACHE_SECONDS)
