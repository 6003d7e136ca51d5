"""Discussion threads: scoped like documents, with numbered messages.

Each message gets the next number of its thread (`sequence`), so a client
that missed live events can ask for everything after the last number it saw.
"""

from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.models import PartnershipPage

from .documents import Document
from .scoped import ScopedItem, scoped_permissions


class ThreadTag(TaggedItemBase):
    content_object = models.ForeignKey("Thread", on_delete=models.CASCADE, related_name="tagged")


class Thread(ScopedItem):
    title = models.CharField(_("onderwerp"), max_length=200)
    tags = TaggableManager(through=ThreadTag, blank=True, verbose_name=_("labels"))
    document = models.ForeignKey(
        Document,
        verbose_name=_("over document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    section = models.ForeignKey(
        "projects.Section",
        verbose_name=_("over deeltraject"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lesson = models.ForeignKey(
        "sharing.Lesson",
        verbose_name=_("over les"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    # The number of the newest message; messages are numbered 1, 2, 3, …
    last_sequence = models.PositiveIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # Moderation by client leads: a closed thread takes no new messages; a
    # pinned one stays at the top of the list.
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesloten door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pinned = models.BooleanField(_("vastgezet"), default=False)

    class Meta:
        verbose_name = _("draad")
        verbose_name_plural = _("draden")
        ordering = ["-pinned", "-last_message_at", "-pk"]
        permissions = scoped_permissions("thread")
        indexes = [models.Index(fields=["partnership", "-last_message_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "sharing:thread-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    sequence = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("bericht"))
    # Rendered from Markdown and sanitised with nh3 when saved.
    body_html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["thread", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "sequence"], name="message_sequence_unique")
        ]
        indexes = [models.Index(fields=["author", "created_at"])]

    def __str__(self):
        return f"{self.thread} #{self.sequence}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class MessageRevision(models.Model):
    """The text of a message before an edit: the history is kept."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    replaced_at = models.DateTimeField(auto_now_add=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["message", "-replaced_at"]

    def __str__(self):
        return f"{self.message} ({self.replaced_at:%Y-%m-%d %H:%M})"


class ThreadReadState(models.Model):
    """Per user and thread: what was read, and whether it is followed or muted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    last_read_sequence = models.PositiveIntegerField(default=0)
    following = models.BooleanField(default=False)
    muted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="thread_read_state_unique")
        ]

    def __str__(self):
        return f"{self.user_id} read {self.thread_id} up to {self.last_read_sequence}"


class ThreadUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Thread, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class ThreadGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Thread, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class Notification(models.Model):
    """An in-app notice (the bell), also e-mailed.

    Thread notices (mention, reply) point at a message. Phase notices (a
    go/no-go decision, an amended target, an instalment) carry `subject` and
    `link`. Every other notice (a release requested or decided, a lesson
    published, a booked item gone into maintenance) points at its item through
    `target`; the list shows it only while the reader may still see that item
    (`access.notices`).
    """

    class Kind(models.TextChoices):
        MENTION = "mention", _("Vermelding")
        REPLY = "reply", _("Reactie in een gevolgde draad")
        PHASE = "phase", _("Fasering")
        RELEASE_REQUESTED = "release_requested", _("Vrijgave gevraagd")
        RELEASE_GRANTED = "release_granted", _("Vrijgave verleend")
        RELEASE_REFUSED = "release_refused", _("Vrijgave geweigerd")
        RELEASE_WITHDRAWN = "release_withdrawn", _("Verzoek om vrijgave ingetrokken")
        LESSON_PUBLISHED = "lesson_published", _("Les gepubliceerd")
        BOOKING_MAINTENANCE = "booking_maintenance", _("Geboekt materieel in onderhoud")

    THREAD_KINDS = (Kind.MENTION, Kind.REPLY)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    # Set for phase notices and item notices (thread notices reach their
    # partnership through the thread).
    partnership = models.ForeignKey(
        PartnershipPage, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    subject = models.CharField(max_length=255, blank=True)
    link = models.CharField(max_length=255, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True
    )
    note = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["target_type", "target_id"], name="notification_target"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "message"], name="notification_once_per_message"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user_id}: {self.message or self.target_id}"

    @property
    def url(self) -> str:
        if self.message_id:
            return f"{self.thread.get_absolute_url()}#bericht-{self.message.sequence}"
        target = self.target
        if target is None:
            return ""
        if hasattr(target, "get_absolute_url"):
            return target.get_absolute_url()
        # A booking: its item's page in the pool.
        return reverse("sharing:equipment-detail", args=[self.partnership.slug, target.item_id])
