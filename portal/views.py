from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .public_url import public_url
from .query import clean_query
from .selectors import site_search

SEARCH_PER_PAGE = 10


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@require_GET
def search(request):
    """Site search at /zoeken/ over live public pages; `q` and `pagina` are GET parameters."""
    query = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        paginator = Paginator(site_search(query=query), SEARCH_PER_PAGE)
        results = paginator.get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(
        request,
        "portal/search.html",
        {"query": query, "results": results, "querystring": params.urlencode()},
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
