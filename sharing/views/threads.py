from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .. import access, selectors, services
from ..filters import ThreadFilter
from ..forms import MessageForm, ThreadCreateForm, apply_errors
from ..models import Message, ThreadReadState
from .base import WorkspaceMixin, paginate


class ThreadListView(WorkspaceMixin, TemplateView):
    template_name = "sharing/thread_list.html"
    nav = "threads"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        threads = selectors.thread_list(user=self.request.user, partnership=self.partnership)
        filterset = ThreadFilter(
            self.request.GET or None, queryset=threads, partnership=self.partnership
        )
        page, query = paginate(self.request, filterset.qs, per_page=25)
        context.update(
            filter=filterset,
            page=page,
            query=query,
            may_start=access.may_create_items(self.seat),
        )
        return context


class ThreadCreateView(WorkspaceMixin, TemplateView):
    template_name = "sharing/thread_create.html"
    nav = "threads"

    def get_form(self, data=None):
        documents = selectors.document_list(user=self.request.user, partnership=self.partnership)
        from projects.models import Section

        sections = Section.objects.filter(partnership=self.partnership)
        lessons = selectors.lesson_list(user=self.request.user, partnership=self.partnership)
        return ThreadCreateForm(
            data,
            own_party=self.seat.party,
            documents=documents,
            sections=sections,
            lessons=lessons,
        )

    def get(self, request, *args, **kwargs):
        self.require(access.may_create_items(self.seat))
        initial_doc = request.GET.get("document")
        form = self.get_form()
        if initial_doc and initial_doc.isdigit():
            form.fields["document"].initial = int(initial_doc)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.require(access.may_create_items(self.seat))
        form = self.get_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                thread = services.thread_create(
                    partnership=self.partnership,
                    actor=request.user,
                    owner_party=data["owner_party"],
                    title=data["title"],
                    scope=data["scope"],
                    body=data["body"],
                    tags=data["tags"],
                    document=data["document"],
                    section=data["section"],
                    lesson=data["lesson"],
                    reference_choice=request.POST.get("reference_choice") or None,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                flash.success(request, _("De draad is gestart."))
                return redirect(thread.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ThreadDetailView(WorkspaceMixin, TemplateView):
    """A thread with its messages (newest 50, older ones page backwards) and a reply box."""

    template_name = "sharing/thread_detail.html"
    nav = "threads"

    def get_thread(self):
        return selectors.thread_get_for_user(
            user=self.request.user, partnership=self.partnership, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        thread = kwargs.get("thread") or self.get_thread()
        before = self.request.GET.get("voor")
        before = int(before) if before and before.isdigit() else None
        page, has_older = selectors.thread_messages(thread=thread, before=before)
        state = ThreadReadState.objects.filter(thread=thread, user=self.request.user).first()
        last_read = state.last_read_sequence if state else 0
        if before is None:
            services.thread_mark_read(thread=thread, user=self.request.user)
        checker = access.ItemChecker(self.request.user)
        checker.prefetch([thread, thread.document, thread.lesson])
        page = selectors.message_rows(
            user=self.request.user,
            seat=self.seat,
            thread=thread,
            messages=page,
            checker=checker,
            last_read=last_read,
        )
        context.update(
            may_moderate_thread=access.may_moderate_thread(self.seat),
            thread=thread,
            about=access.thread_about_for(self.request.user, self.seat, thread, checker),
            messages_page=page,
            has_older=has_older,
            oldest_shown=page[0].sequence if page else None,
            showing_latest=before is None,
            may_post=checker.may("contribute", thread),
            form=kwargs.get("form") or MessageForm(),
            state=state,
        )
        return context

    def post(self, request, *args, **kwargs):
        thread = self.get_thread()
        if not access.may(request.user, "contribute", thread):
            raise Http404
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                message = services.message_post(
                    thread=thread,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    reference_choice=request.POST.get("reference_choice") or None,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect(f"{thread.get_absolute_url()}#bericht-{message.sequence}")
        context = self.get_context_data(thread=thread, form=form)
        return self.render_to_response(context, status=400)


class MessageMixin(WorkspaceMixin):
    def get_message(self):
        thread = selectors.thread_get_for_user(
            user=self.request.user, partnership=self.partnership, pk=self.kwargs["pk"]
        )
        return get_object_or_404(
            Message.objects.select_related("thread__partnership", "author"),
            thread=thread,
            sequence=self.kwargs["seq"],
        )


class MessageEditView(MessageMixin, TemplateView):
    template_name = "sharing/message_edit.html"
    nav = "threads"

    def get(self, request, *args, **kwargs):
        message = self.get_message()
        self.require(access.may_edit_message(request.user, self.seat, message))
        form = MessageForm(initial={"body": message.body})
        return self.render_to_response(self.get_context_data(message=message, form=form))

    def post(self, request, *args, **kwargs):
        message = self.get_message()
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.message_edit(
                    message=message,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    reference_choice=request.POST.get("reference_choice") or None,
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                flash.success(request, _("Het bericht is gewijzigd."))
                return redirect(f"{message.thread.get_absolute_url()}#bericht-{message.sequence}")
        return self.render_to_response(
            self.get_context_data(message=message, form=form), status=400
        )


class MessageDeleteView(MessageMixin, TemplateView):
    """GET asks for confirmation; POST deletes (the text is kept for the record)."""

    template_name = "sharing/confirm.html"
    nav = "threads"

    def get(self, request, *args, **kwargs):
        message = self.get_message()
        self.require(access.may_delete_message(request.user, self.seat, message))
        return self.confirm(request, message)

    def confirm(self, request, message):
        back = f"{message.thread.get_absolute_url()}#bericht-{message.sequence}"
        return self.render_to_response(
            self.get_context_data(
                confirm_title=_("Bericht verwijderen?"),
                confirm_text=_(
                    "Bericht %(n)s in “%(thread)s” verdwijnt voor alle lezers. "
                    "De tekst blijft bewaard voor het dossier."
                )
                % {"n": message.sequence, "thread": message.thread.title},
                confirm_action=request.path,
                confirm_fields=[("confirm", "1")],
                confirm_button=_("Ja, verwijder het bericht"),
                cancel_url=back,
            )
        )

    def post(self, request, *args, **kwargs):
        # The delete buttons (server-rendered and live) post without `confirm`:
        # that asks first; only the confirmation page's form deletes.
        if request.POST.get("confirm") != "1":
            return self.get(request, *args, **kwargs)
        message = self.get_message()
        try:
            services.message_delete(message=message, actor=request.user)
        except PermissionDenied as exc:
            raise Http404 from exc
        flash.success(request, _("Het bericht is verwijderd."))
        return redirect(f"{message.thread.get_absolute_url()}#bericht-{message.sequence}")


class ThreadFollowView(WorkspaceMixin, View):
    def post(self, request, *args, **kwargs):
        thread = selectors.thread_get_for_user(
            user=request.user, partnership=self.partnership, pk=kwargs["pk"]
        )
        choice = request.POST.get("set")
        if choice == "follow":
            services.thread_set_following(
                thread=thread, user=request.user, following=True, muted=False
            )
            flash.success(request, _("U volgt deze draad."))
        elif choice == "mute":
            services.thread_set_following(
                thread=thread, user=request.user, following=False, muted=True
            )
            flash.success(request, _("Deze draad is gedempt: u krijgt er geen meldingen over."))
        elif choice == "normal":
            services.thread_set_following(
                thread=thread, user=request.user, following=False, muted=False
            )
            flash.success(request, _("U volgt deze draad niet meer."))
        else:
            flash.error(request, _("Onbekende keuze."))
        return redirect(thread.get_absolute_url())


class NotificationListView(WorkspaceMixin, TemplateView):
    """meldingen/: mentions and replies, newest first; mark one or all as read."""

    template_name = "sharing/notification_list.html"
    nav = "notifications"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notes = selectors.notifications_for(user=self.request.user, partnership=self.partnership)
        page, query = paginate(self.request, notes, per_page=30)
        context.update(page=page, query=query)
        return context

    def post(self, request, *args, **kwargs):
        note_id = request.POST.get("notification")
        if note_id and note_id.isdigit():
            notes = selectors.notifications_for(user=request.user, partnership=self.partnership)
            services.notifications_mark_read(
                user=request.user,
                ids=list(notes.filter(pk=int(note_id)).values_list("pk", flat=True)),
            )
        else:
            ids = selectors.notifications_for(
                user=request.user, partnership=self.partnership
            ).values_list("pk", flat=True)
            services.notifications_mark_read(user=request.user, ids=list(ids))
            flash.success(request, _("Alle meldingen zijn gelezen."))
        return redirect("sharing:notifications", slug=self.partnership.slug)


class MentionCandidatesView(WorkspaceMixin, View):
    """draden/<pk>/mensen/?q=: JSON for @-completion; only people who may see the thread."""

    def get(self, request, *args, **kwargs):
        thread = selectors.thread_get_for_user(
            user=request.user, partnership=self.partnership, pk=kwargs["pk"]
        )
        people = [
            {"username": u.username, "name": u.get_full_name() or u.username}
            for u in access.mention_candidates(thread, request.GET.get("q", ""))
        ]
        response = JsonResponse({"people": people})
        response["Cache-Control"] = "private, no-store"
        return response


class ThreadModerateView(WorkspaceMixin, View):
    """draden/<pk>/<sluiten|heropenen|vastzetten|losmaken>/: client leads keep order."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        thread = selectors.thread_get_for_user(
            user=request.user, partnership=self.partnership, pk=kwargs["pk"]
        )
        self.require(access.may_moderate_thread(self.seat))
        try:
            services.thread_moderate(thread=thread, actor=request.user, action=kwargs["action"])
        except PermissionDenied as exc:
            raise Http404 from exc
        flash.success(request, _("De draad is bijgewerkt."))
        return redirect(thread.get_absolute_url())
