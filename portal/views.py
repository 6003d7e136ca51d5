from django.http import HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import routing
from .public_url import public_url
from .query import clean_query
from .selectors import demand_search, site_search_page

SEARCH_PER_PAGE = 10


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form that failed the CSRF check, explained in the site's look."""
    return render(
        request, "403_csrf.html", {"no_cookie": reason == REASON_NO_CSRF_COOKIE}, status=403
    )


def server_error(request):
    return render(request, "500.html", status=500)


@require_GET
def search(request):
    """Site search at /zoeken/ over live public pages; `q` and `pagina` are GET parameters."""
    routing.site_for_request(request)  # result URLs without a site query
    query = clean_query(request.GET.get("q", ""))
    results = None
    demands = []
    if query:
        demands = demand_search(query=query, user=request.user)
        results = site_search_page(
            query=query, number=request.GET.get("pagina"), per_page=SEARCH_PER_PAGE, request=request
        )
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "results": results,
            "demands": demands,
            "querystring": params.urlencode(),
        },
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /werkruimte/",
        "Disallow: /accounts/",
        "Disallow: /zoeken/",
        "Disallow: /kijkje/afmelden/",
        f"Sitemap: {public_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
