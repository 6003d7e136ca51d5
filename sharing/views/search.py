"""zoeken/: search everything in a workspace that the reader may see."""

from django.db.models import Count
from django.urls import reverse
from django.views.generic import TemplateView

from .. import selectors
from ..filters import WorkspaceSearchFilter
from ..models import SearchEntry
from ..search.highlight import highlight, snippet
from ..search.query import query_stems
from .base import WorkspaceMixin, paginate

PER_PAGE = 20


class WorkspaceSearchView(WorkspaceMixin, TemplateView):
    """Results ranked, paginated and grouped by kind, with the matching words marked.

    The rows are narrowed by access before they are matched, counted or
    paged (`selectors.search_entries`), so a hidden item is never found,
    counted or named.
    """

    template_name = "sharing/search.html"
    nav = "search"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.search_entries(
            user=self.request.user, partnership=self.partnership, seat=self.seat
        )
        filterset = WorkspaceSearchFilter(
            self.request.GET, queryset=rows, partnership=self.partnership
        )
        words = (filterset.form.data.get("q") or "").strip()
        context.update(filter=filterset, words=words, query="", page=None, groups=[])
        if not words or not filterset.is_valid():
            return context
        results = filterset.qs.select_related(
            "message", "thread", "section", "party__organisation"
        ).order_by("-score", "-date", "-pk")
        page, query = paginate(self.request, results, per_page=PER_PAGE)
        wanted = query_stems(words)
        groups: dict[str, dict] = {}
        labels = dict(WorkspaceSearchFilter.KIND_CHOICES)
        for row in page.object_list:
            group_key = "thread" if row.kind == SearchEntry.Kind.MESSAGE else row.kind
            group = groups.setdefault(group_key, {"label": labels[group_key], "results": []})
            group["results"].append(
                {
                    "row": row,
                    "url": self.url_for(row),
                    "title": highlight(
                        row.thread.title if row.kind == SearchEntry.Kind.MESSAGE else row.title,
                        wanted,
                    ),
                    "snippet": snippet(row.body, wanted),
                }
            )
        context.update(
            page=page,
            query=query,
            groups=list(groups.values()),
            kind_counts=self.kind_counts(filterset, rows),
        )
        return context

    def kind_counts(self, filterset, rows):
        """How many results each kind has with the other filters: one query."""
        data = filterset.form.data.copy()
        data.pop("kind", None)
        others = WorkspaceSearchFilter(data, queryset=rows, partnership=self.partnership)
        counts = {key: 0 for key, _label in WorkspaceSearchFilter.KIND_CHOICES}
        if not others.is_valid():
            return []
        for kind, n in others.qs.order_by().values_list("kind").annotate(n=Count("pk")):
            key = "thread" if kind == SearchEntry.Kind.MESSAGE else kind
            counts[key] += n
        labels = dict(WorkspaceSearchFilter.KIND_CHOICES)
        return [{"key": key, "label": labels[key], "count": n} for key, n in counts.items()]

    def url_for(self, row) -> str:
        slug = self.partnership.slug
        kind = SearchEntry.Kind
        if row.kind == kind.MESSAGE:
            url = reverse("sharing:thread-detail", kwargs={"slug": slug, "pk": row.thread_id})
            return f"{url}#bericht-{row.message.sequence}"
        if row.kind == kind.SECTION:
            return (
                reverse("sharing:sections", kwargs={"slug": slug})
                + f"#traject-{row.section.number}"
            )
        name, pk = {
            kind.DOCUMENT: ("sharing:document-detail", row.document_id),
            kind.THREAD: ("sharing:thread-detail", row.thread_id),
            kind.LESSON: ("sharing:lesson-detail", row.lesson_id),
            kind.EQUIPMENT: ("sharing:equipment-detail", row.equipment_id),
        }[row.kind]
        return reverse(name, kwargs={"slug": slug, "pk": pk})
