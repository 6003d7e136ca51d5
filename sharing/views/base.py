from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404

from .. import access, selectors


class WorkspaceMixin(LoginRequiredMixin):
    """Resolves the workspace and the user's seat; 404 for non-members."""

    nav = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.partnership, self.seat = access.workspace_for_user(request.user, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def require(self, allowed: bool) -> None:
        # Rights a member lacks look like pages that do not exist.
        if not allowed:
            raise Http404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            partnership=self.partnership,
            seat=self.seat,
            nav=self.nav,
            may_view_audit=access.may_view_audit(self.seat),
            may_export=access.may_export_party(self.seat),
            notification_count=selectors.notifications_for(
                user=self.request.user, partnership=self.partnership
            )
            .filter(read_at__isnull=True)
            .count(),
        )
        return context


def paginate(request, items, per_page=25):
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return page, query.urlencode()
