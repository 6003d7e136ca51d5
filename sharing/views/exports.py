"""export/: take one's own data out, as a zip built in the background."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .. import access
from ..models import DataExport
from ..services import exports as export_services
from .base import WorkspaceMixin


class ExportMixin(WorkspaceMixin):
    nav = "exports"

    def export_scopes(self):
        return [
            (value, label)
            for value, label in DataExport.Scope.choices
            if access.may_request_export(self.seat, value)
        ]

    def get_export(self) -> DataExport:
        export = get_object_or_404(
            DataExport.objects.select_related("partnership"),
            pk=self.kwargs["pk"],
            partnership=self.partnership,
        )
        self.require(access.may_download_export(self.request.user, self.seat, export))
        return export


class ExportListView(ExportMixin, TemplateView):
    """Start an export (party leads, client leads) and follow its progress."""

    template_name = "sharing/exports.html"

    def get(self, request, *args, **kwargs):
        self.require(bool(self.export_scopes()))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exports = DataExport.objects.filter(
            partnership=self.partnership, requested_by=self.request.user
        ).select_related("party__organisation")[:20]
        context.update(
            scopes=self.export_scopes(),
            exports=exports,
            busy=any(e.status in (e.Status.PENDING, e.Status.RUNNING) for e in exports),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.require(bool(self.export_scopes()))
        scope = request.POST.get("scope", "")
        try:
            export_services.export_request(
                partnership=self.partnership, actor=request.user, scope=scope
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(
            request,
            _(
                "De export wordt gemaakt. "
                "U krijgt een e-mail met een downloadlink als hij klaar is."
            ),
        )
        return redirect("sharing:exports", slug=self.partnership.slug)


class ExportStatusView(ExportMixin, View):
    """The progress of one export, as JSON, for the page's progress bar."""

    def get(self, request, *args, **kwargs):
        export = self.get_export()
        return JsonResponse({"status": export.status, "progress": export.progress})


class ExportLinkView(ExportMixin, View):
    """POST: a fresh one-time link for a finished export, followed at once."""

    def post(self, request, *args, **kwargs):
        export = self.get_export()
        if export.status != DataExport.Status.DONE:
            raise Http404
        token = export_services.export_link_issue(export=export)
        return redirect(
            "sharing:export-download", slug=self.partnership.slug, pk=export.pk, token=token
        )


class ExportDownloadView(ExportMixin, View):
    """The zip, for its requester, once per link, before the link expires."""

    def get(self, request, *args, **kwargs):
        export = self.get_export()
        try:
            export = export_services.export_redeem(
                export=export, actor=request.user, token=kwargs["token"]
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        filename = f"partnerwerk-{self.partnership.slug}-export-{export.pk}.zip"
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=filename,
            content_type="application/zip",
        )
