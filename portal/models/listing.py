"""Shared behaviour of the filterable, searchable index pages."""

from django.core.paginator import Paginator

from portal.query import clean_query

PER_PAGE = 12


class FilteredIndexMixin:
    """An index page whose children are filtered (django-filter) and searched (Wagtail).

    Subclasses set `filterset_class` and `child_model`, and may override
    `child_queryset()` to add `select_related`.
    """

    filterset_class = None
    child_model = None
    default_ordering = ("-first_published_at",)

    def child_queryset(self):
        return self.child_model.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset = self.filterset_class(request.GET or None, queryset=self.child_queryset())
        filtered = (
            filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        )
        query = clean_query(request.GET.get("q", ""))
        if query:
            # Filter first, then rank: the search runs over the filtered ids only.
            results = (
                self.child_queryset().cards().filter(id__in=filtered.values("id")).search(query)
            )
        else:
            results = filtered.cards().order_by(*self.default_ordering)
        paginator = Paginator(results, PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("pagina"))
        params = request.GET.copy()
        params.pop("pagina", None)
        context.update(
            filterset=filterset,
            query=query,
            results=page_obj,
            result_count=paginator.count,
            querystring=params.urlencode(),
        )
        return context
