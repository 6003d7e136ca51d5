from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Delen")

    def ready(self):
        from projects.signals import party_access_changed, phase_event

        from . import access
        from .models import Document, Lesson, Thread

        access.register(Document)
        access.register(Thread)
        access.register(Lesson)

        # The editor publishes (or deletes) the draft of a proposed lesson.
        from django.db.models.signals import pre_delete

        from wagtail.signals import page_published

        from portal.models import LessonPage

        from .panels import attach_publication_panel
        from .services import lessons

        # Editors see on a lesson page where it came from and who consented.
        attach_publication_panel(LessonPage)

        page_published.connect(
            lessons.on_lesson_page_published,
            sender=LessonPage,
            dispatch_uid="sharing.lessons.published",
        )
        pre_delete.connect(
            lessons.on_lesson_page_deleted,
            sender=LessonPage,
            dispatch_uid="sharing.lessons.deleted",
        )

        # projects tells us when a booked item goes into maintenance; we notify.
        from projects.services import item_unavailable

        from .services import notifications

        item_unavailable.connect(
            notifications.on_item_unavailable, dispatch_uid="sharing.notices.unavailable"
        )
        # Workspace search follows every save of a searchable item.
        from .search import index as search_index

        search_index.connect()

        # projects tells us when parties or members change: we set the party
        # groups from the memberships and re-derive the permissions.
        party_access_changed.connect(
            access.on_party_access_changed, dispatch_uid="sharing.access.rederive"
        )
        # Party groups change only through the memberships: any other write to
        # them (shell, script, admin screen) is reverted and logged as refused.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        m2m_changed.connect(
            access.on_user_groups_changed,
            sender=get_user_model().groups.through,
            dispatch_uid="sharing.access.party_groups",
        )
        # projects tells us of go/no-go decisions, amended targets, instalments.
        from .services.notifications import on_phase_event

        phase_event.connect(on_phase_event, dispatch_uid="sharing.notifications.phase")
