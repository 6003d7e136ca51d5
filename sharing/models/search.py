"""The workspace search index: one row per searchable thing.

A row points at exactly one item (document, thread, message, lesson, section
or equipment item) and carries the text to search and to show. Who may find
a row is never stored here: the search narrows rows by the access package
in the query (see `sharing.search.query`).

The database does the matching: on PostgreSQL a generated `tsvector`
column with the 'dutch' configuration and a GIN index; on SQLite an FTS5
table fed by triggers from the `*_stems` columns, which hold the Snowball
Dutch stems of title and body. Both are created in the migration.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import PartnershipPage, Party

from .documents import Document
from .lessons import Lesson
from .scoped import Scope
from .threads import Message, Thread


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Documenten")
        THREAD = "thread", _("Draden")
        MESSAGE = "message", _("Berichten")
        LESSON = "lesson", _("Lessen")
        SECTION = "section", _("Deeltrajecten")
        EQUIPMENT = "equipment", _("Materieel")

    partnership = models.ForeignKey(PartnershipPage, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entry"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entries"
    )
    message = models.OneToOneField(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entry"
    )
    lesson = models.OneToOneField(
        Lesson, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entry"
    )
    section = models.OneToOneField(
        "projects.Section",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entry",
    )
    equipment = models.OneToOneField(
        "projects.EquipmentItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entry",
    )
    # The owning (or contributing, or assigned) party and the scope, copied
    # from the item for the filters; re-copied whenever the item is saved.
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scope = models.CharField(max_length=20, blank=True, choices=Scope.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # SQLite only: the Dutch stems of title and body, read by the FTS5 triggers.
    title_stems = models.TextField(blank=True)
    body_stems = models.TextField(blank=True)
    date = models.DateTimeField(_("datum"))

    class Meta:
        indexes = [models.Index(fields=["partnership", "kind"])]

    def __str__(self):
        return f"{self.kind}: {self.title}"
