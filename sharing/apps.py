from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Delen")

    def ready(self):
        from projects.signals import party_access_changed

        from . import access
        from .models import Document, Lesson, Thread

        access.register(Document)
        access.register(Thread)
        access.register(Lesson)

        # The editor publishes (or deletes) the draft of a proposed lesson.
        from django.db.models.signals import pre_delete

        from wagtail.signals import page_published

        from portal.models import LessonPage

        from .services import lessons

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

        # projects tells us when parties or members change; we re-derive.
        party_access_changed.connect(
            access.on_party_access_changed, dispatch_uid="sharing.access.rederive"
        )
