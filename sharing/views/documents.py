from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects import phase_selectors
from projects.downloads import private_file_response

from .. import access, selectors, services
from ..filters import DocumentFilter
from ..forms import (
    DecisionForm,
    DocumentUploadForm,
    DocumentVersionForm,
    ReleaseRequestForm,
    ScopeForm,
    apply_errors,
)
from ..models import DocumentVersion, Scope
from .base import WorkspaceMixin, paginate


class DocumentListView(WorkspaceMixin, TemplateView):
    template_name = "sharing/document_list.html"
    nav = "documents"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = selectors.document_list(user=self.request.user, partnership=self.partnership)
        filterset = DocumentFilter(
            self.request.GET or None, queryset=documents, partnership=self.partnership
        )
        page, query = paginate(self.request, filterset.qs, per_page=25)
        context.update(
            filter=filterset, page=page, query=query, may_upload=access.may_create_items(self.seat)
        )
        return context


class DocumentUploadView(WorkspaceMixin, TemplateView):
    template_name = "sharing/document_upload.html"
    nav = "documents"

    def get(self, request, *args, **kwargs):
        self.require(access.may_create_items(self.seat))
        form = DocumentUploadForm(own_party=self.seat.party)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.require(access.may_create_items(self.seat))
        form = DocumentUploadForm(request.POST, request.FILES, own_party=self.seat.party)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.document_upload(
                    partnership=self.partnership,
                    actor=request.user,
                    owner_party=data["owner_party"],
                    title=data["title"],
                    scope=data["scope"],
                    upload=data["file"],
                    kind=data["kind"],
                    description=data["description"],
                    note=data["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Het document is geüpload."))
                return redirect(document.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DocumentDetailView(WorkspaceMixin, TemplateView):
    template_name = "sharing/document_detail.html"
    nav = "documents"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = selectors.document_get_for_user(
            user=self.request.user, partnership=self.partnership, pk=self.kwargs["pk"]
        )
        checker = access.ItemChecker(self.request.user)
        checker.prefetch([document])
        allowed = checker.actions(document)
        context.update(
            document=document,
            versions=document.versions.select_related("uploaded_by"),
            allowed=allowed,
            version_form=kwargs.get("version_form") or DocumentVersionForm(),
            scope_form=kwargs.get("scope_form") or ScopeForm(initial={"scope": document.scope}),
            release_form=kwargs.get("release_form") or ReleaseRequestForm(item=document),
            releases=[
                r
                for r in selectors.release_requests_for(
                    user=self.request.user, partnership=self.partnership
                )
                if r.visible_item.pk == document.pk and r.content_type.model == "document"
            ],
            scopes=Scope,
            # One request at a time: while one waits, show it instead of the form.
            pending_release=(
                selectors.release_pending_for(item=document)
                if "request_release" in allowed
                else None
            ),
            # The arrangement on this result, for whoever may see the document.
            rights=phase_selectors.rights_for_item(
                partnership_id=self.partnership.pk, item_kind="document", item_id=document.pk
            ),
        )
        return context


class DocumentItemMixin(WorkspaceMixin):
    action = "view"

    def get_document(self):
        return selectors.document_get_for_user(
            user=self.request.user,
            partnership=self.partnership,
            pk=self.kwargs["pk"],
            action="view",
        )

    def check(self, document, action):
        # Visible but not allowed: say so; invisible already answered 404.
        if not access.may(self.request.user, action, document):
            raise Http404


class DocumentVersionUploadView(DocumentItemMixin, View):
    def post(self, request, *args, **kwargs):
        document = self.get_document()
        self.check(document, "change")
        form = DocumentVersionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = services.document_add_version(
                    document=document,
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Versie %(n)s is geüpload.") % {"n": version.number})
                return redirect(document.get_absolute_url())
        view = DocumentDetailView(request=request, kwargs=kwargs, args=args)
        view.partnership, view.seat = self.partnership, self.seat
        return view.render_to_response(view.get_context_data(version_form=form), status=400)


class DocumentScopeView(DocumentItemMixin, View):
    def post(self, request, *args, **kwargs):
        document = self.get_document()
        self.check(document, "change_scope")
        form = ScopeForm(request.POST)
        if form.is_valid():
            services.item_change_scope(
                item=document, actor=request.user, scope=form.cleaned_data["scope"]
            )
            messages.success(
                request,
                _("De reikwijdte is nu: %(scope)s.") % {"scope": document.get_scope_display()},
            )
            return redirect(document.get_absolute_url())
        view = DocumentDetailView(request=request, kwargs=kwargs, args=args)
        view.partnership, view.seat = self.partnership, self.seat
        return view.render_to_response(view.get_context_data(scope_form=form), status=400)


class DocumentReleaseRequestView(DocumentItemMixin, View):
    def post(self, request, *args, **kwargs):
        document = self.get_document()
        self.check(document, "request_release")
        form = ReleaseRequestForm(request.POST, item=document)
        if form.is_valid():
            try:
                services.release_request_create(
                    item=document,
                    actor=request.user,
                    purpose=form.cleaned_data["purpose"],
                    audience=form.cleaned_data["audience"],
                    recipients=form.cleaned_data["recipients"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Het verzoek om vrijgave is verstuurd naar de eigenaar.")
                )
                return redirect(document.get_absolute_url())
        view = DocumentDetailView(request=request, kwargs=kwargs, args=args)
        view.partnership, view.seat = self.partnership, self.seat
        return view.render_to_response(view.get_context_data(release_form=form), status=400)


class DocumentDownloadView(DocumentItemMixin, View):
    """The only way to a document's bytes: checks permission, audits confidential reads."""

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        self.check(document, "download")
        number = kwargs.get("number")
        if number is None:
            version = document.current_version
        else:
            version = DocumentVersion.objects.filter(document=document, number=number).first()
        if version is None:
            raise Http404
        try:
            response = private_file_response(
                request,
                version.file,
                filename=version.original_name,
                content_type=version.content_type,
            )
        except FileNotFoundError as exc:
            raise Http404 from exc
        services.document_log_download(document=document, version=version, actor=request.user)
        return response


class ReleaseListView(WorkspaceMixin, TemplateView):
    """vrijgaven/: consent requests about items the user can see."""

    template_name = "sharing/release_list.html"
    nav = "releases"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requests = selectors.release_requests_for(
            user=self.request.user, partnership=self.partnership
        )
        checker = access.ItemChecker(self.request.user)
        checker.prefetch([r.visible_item for r in requests])
        for r in requests:
            r.may_decide = access.may_decide_release(
                self.request.user, r, item=r.visible_item, checker=checker
            )
            r.may_withdraw = access.may_withdraw_release(self.request.user, r)
        context.update(
            to_decide=[r for r in requests if r.may_decide],
            others=[r for r in requests if not r.may_decide],
        )
        return context


class ReleaseDecisionView(WorkspaceMixin, TemplateView):
    template_name = "sharing/release_decide.html"
    nav = "releases"

    def get_request(self):
        for r in selectors.release_requests_for(
            user=self.request.user, partnership=self.partnership
        ):
            if r.pk == self.kwargs["pk"]:
                return r
        raise Http404

    def get(self, request, *args, **kwargs):
        release = self.get_request()
        self.require(access.may(request.user, "grant_release", release.visible_item))
        return self.render_to_response(self.get_context_data(release=release, form=DecisionForm()))

    def post(self, request, *args, **kwargs):
        release = self.get_request()
        if request.POST.get("decision") == "withdraw":
            try:
                services.release_request_withdraw(request=release, actor=request.user)
            except PermissionDenied as exc:
                raise Http404 from exc
            messages.success(request, _("Uw verzoek is ingetrokken."))
            return redirect("sharing:releases", slug=self.partnership.slug)
        self.require(access.may(request.user, "grant_release", release.visible_item))
        form = DecisionForm(request.POST)
        if form.is_valid():
            service = (
                services.release_request_grant
                if form.cleaned_data["decision"] == "grant"
                else services.release_request_refuse
            )
            try:
                service(request=release, actor=request.user, note=form.cleaned_data["note"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if form.cleaned_data["decision"] == "grant":
                    messages.success(
                        request, _("U hebt toestemming gegeven. Het item is vrijgegeven.")
                    )
                else:
                    messages.success(
                        request, _("U hebt het verzoek geweigerd. Er is niets veranderd.")
                    )
                return redirect("sharing:releases", slug=self.partnership.slug)
        return self.render_to_response(
            self.get_context_data(release=release, form=form), status=400
        )
