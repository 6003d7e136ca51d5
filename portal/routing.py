"""Serving Wagtail pages with what rarely changes kept in the process.

An uncached Wagtail page spends most of its time on routing (FACTS.md): the
site lookup, two queries per level of the page tree, and the view
restrictions of the page and its ancestors (two more queries, and one more for
every `.public()` list on the page). What routing needs from the database
changes only when a page, a site or a view restriction changes, and each of
those bumps the page cache's generation (`portal.pagecache`). So each process
keeps, per generation:

- the sites by host and port, and the site root paths;
- the page id and type for a URL path (the page itself is fetched fresh, in
  one query, with the relations its template shows: `serve_select_related`);
- the paths of pages with a view restriction and of alias pages;
- the parent a page's breadcrumb links to, and values such as filter choices
  (`remember`).

`serve` replaces Wagtail's serve view (same URL pattern and name). It runs
Wagtail's own hooks in Wagtail's order; it leaves out Wagtail's view
restriction check only for a page that no restriction can reach (no
restricted ancestor, no alias on the way), and runs it as Wagtail does
otherwise. A path that is not a page's own URL (a routable page's sub-route)
goes through Wagtail's routing unchanged.

Entries also expire after PAGE_CACHE_SECONDS, the page cache's own bound: with
several processes and no Redis a purge reaches only the process that made the
change, and then this memory is never staler than the page cache already is.
"""

import logging
import threading
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, HttpResponse

from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from . import pagecache

logger = logging.getLogger(__name__)


class _Memory:
    """What one generation of the page tree tells routing. Built lazily, never mutated
    in place by readers except through its dicts (safe under the GIL)."""

    def __init__(self, generation):
        self.generation = generation
        self.expires = time.monotonic() + settings.PAGE_CACHE_SECONDS
        self.sites: dict = {}
        self.routes: dict = {}
        self.values: dict = {}
        self._site_root_paths = None
        self._restricted = None

    def valid_for(self, generation) -> bool:
        return (
            generation is not None
            and generation == self.generation
            and time.monotonic() < self.expires
        )

    def site_root_paths(self):
        if self._site_root_paths is None:
            self._site_root_paths = Site.get_site_root_paths()
        return self._site_root_paths

    def restricted(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(paths of pages with a view restriction, paths of alias pages)."""
        if self._restricted is None:
            restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
            aliases = tuple(
                Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
            )
            self._restricted = (restricted, aliases)
        return self._restricted


_lock = threading.Lock()
_memory = _Memory(None)


def _generation(request=None):
    generation = getattr(request, "page_cache_generation", None)
    if generation is not None:
        return generation
    try:
        return pagecache.current_generation()
    except Exception:  # no cache: remember nothing, serve as Wagtail does
        logger.warning("Page cache generation unavailable; routing without memory")
        return None


def memory(request=None) -> _Memory:
    """This process's memory for the current generation (a fresh one when it moved on)."""
    global _memory
    generation = _generation(request)
    current = _memory
    if current.valid_for(generation):
        return current
    fresh = _Memory(generation)
    with _lock:
        if generation is not None:
            _memory = fresh
    return fresh


def remember(name, build):
    """`build()` once per generation and process: for values only page changes change
    (filter choices from live pages, a page's parent)."""
    mem = memory()
    if name not in mem.values:
        mem.values[name] = build()
    return mem.values[name]


def forget() -> None:
    """Drop this process's memory at once (the purge calls it; tests too)."""
    global _memory
    _memory = _Memory(None)


# --------------------------------------------------------------------------
# Sites and view restrictions
# --------------------------------------------------------------------------


def site_for_request(request):
    """Wagtail's `Site.find_for_request`, remembered per host and port."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    mem = memory(request)
    request.page_cache_generation = mem.generation
    key = (request._get_raw_host(), request.get_port())
    if key not in mem.sites:
        mem.sites[key] = Site._find_for_request(request)
    request._wagtail_site = mem.sites[key]
    # Page URLs in templates (`pageurl`) read these instead of the cache.
    request._wagtail_cached_site_root_paths = mem.site_root_paths()
    return request._wagtail_site


def may_be_restricted(page, request=None) -> bool:
    """Could a view restriction apply to this page? False means certainly not."""
    restricted, aliases = memory(request).restricted()
    path = page.path
    return any(path.startswith(p) for p in restricted) or any(path.startswith(a) for a in aliases)


def private_q() -> Q:
    """`PageQuerySet.private_q` from memory: pages in a restricted section."""
    restricted, _aliases = memory().restricted()
    q = Q()
    for path in restricted:
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


class PublicPageQuerySet(PageQuerySet):
    """Page querysets whose `.public()` asks the memory instead of the database,
    and whose `.cards()` selects only what a list shows."""

    def private_q(self):
        return private_q()

    def cards(self):
        """Only the columns a card in a list shows (the model's `card_fields`).

        Every query orders its rows, and Django then hashes every selected
        column while compiling it: a page type with fifty columns costs more to
        compile than to run. Lists ask for what their cards show.
        """
        fields = getattr(self.model, "card_fields", None)
        return self.only(*fields) if fields else self


# --------------------------------------------------------------------------
# Routing and serving
# --------------------------------------------------------------------------


def route(request, path: str):
    """Wagtail's `Page.route_for_request`, in one query when the path is a page's URL."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = site_for_request(request)
    if site is None:
        return None
    mem = memory(request)
    key = (site.pk, path)
    if key not in mem.routes:
        root = next((r for r in mem.site_root_paths() if r.site_id == site.pk), None)
        url_path = (root.root_path if root else "/") + path
        # A URL path names one page: it is made of the slugs from the tree's root.
        mem.routes[key] = (
            Page.objects.filter(url_path=url_path).values_list("pk", "content_type_id").first()
        )
    found = mem.routes[key]
    page = None
    if found is not None:
        model = ContentType.objects.get_for_id(found[1]).model_class()
        if model is not None:
            related = getattr(model, "serve_select_related", ())
            # get(), not first(): no ORDER BY, which would cost more to compile
            # (Django hashes every selected column) than the query costs to run.
            try:
                page = model._default_manager.select_related(*related).get(pk=found[0])
            except model.DoesNotExist:
                page = None
    if page is None:  # not a page's own URL (or gone since): Wagtail's own routing
        return Page.route_for_request(request, path)
    # The breadcrumb's parent: treebeard's get_parent() reads this attribute.
    parent_path = page.path[: -page.steplen]
    if parent_path:
        page._cached_parent_obj = remember(
            ("parent", parent_path), lambda: Page.objects.filter(path=parent_path).first()
        )
    try:
        result = page.route(request, [])
    except Http404:
        result = None
    request._wagtail_route_for_request = result
    return result


def serve(request, path):
    """Wagtail's serve view over `route`; Wagtail's hooks run as in `wagtail.views.serve`."""
    # Here, not at the top: page models import this module while apps load.
    from wagtail.views import serve_chain
    from wagtail.wagtail_hooks import check_view_restrictions

    result = route(request, path)
    if result is None:
        raise Http404
    page, args, kwargs = result
    restricted = may_be_restricted(page, request)
    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is check_view_restrictions and not restricted:
            continue  # no restriction can apply: nothing to check
        chain = fn(chain)
    request.page_cache_public = not restricted
    for fn in hooks.get_hooks("before_serve_page"):
        response = fn(page, request, args, kwargs)
        if isinstance(response, HttpResponse):
            return response
    return chain(page, request, args, kwargs)
