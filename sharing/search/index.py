"""Keeping the workspace search index in step with the items.

Receivers of `post_save` (connected in `SharingConfig.ready`) re-index an
item whenever it is saved, whoever saved it; rows go away with their item
(foreign keys cascade). The text inside a document's file is extracted in
the background (`sharing.tasks.extract_document_text`) after the upload
commits, then the document is indexed again with it.
"""

from django.db import connection, transaction
from django.utils import timezone

from portal.stemming import stem_text

from ..models import Document, DocumentVersion, Lesson, Message, SearchEntry, Thread

BODY_LIMIT = 200_000


def _save(lookup: dict, **fields) -> None:
    fields["body"] = (fields.get("body") or "")[:BODY_LIMIT]
    fields["title"] = (fields.get("title") or "")[:300]
    if connection.vendor == "sqlite":
        # PostgreSQL stems in the database; SQLite's FTS5 reads these.
        fields["title_stems"] = stem_text(fields["title"])
        fields["body_stems"] = stem_text(fields["body"])
    SearchEntry.objects.update_or_create(**lookup, defaults=fields)


def index_document(document: Document) -> None:
    text = ""
    if document.current_version_id:
        text = (
            DocumentVersion.objects.filter(pk=document.current_version_id)
            .values_list("text", flat=True)
            .first()
            or ""
        )
    _save(
        {"document": document},
        kind=SearchEntry.Kind.DOCUMENT,
        partnership_id=document.partnership_id,
        party_id=document.owner_party_id,
        scope=document.scope,
        title=document.title,
        body=f"{document.description}\n{text}".strip(),
        date=document.updated_at or timezone.now(),
    )


def index_thread(thread: Thread) -> None:
    _save(
        {"thread": thread, "kind": SearchEntry.Kind.THREAD},
        partnership_id=thread.partnership_id,
        party_id=thread.owner_party_id,
        scope=thread.scope,
        title=thread.title,
        body="",
        date=thread.last_message_at or thread.created_at or timezone.now(),
    )
    # Messages are found as their thread is: keep their copies in step.
    SearchEntry.objects.filter(thread=thread, kind=SearchEntry.Kind.MESSAGE).exclude(
        party_id=thread.owner_party_id, scope=thread.scope
    ).update(party_id=thread.owner_party_id, scope=thread.scope)


def index_message(message: Message) -> None:
    if message.is_deleted:
        SearchEntry.objects.filter(message=message).delete()
        return
    thread = message.thread
    _save(
        {"message": message},
        kind=SearchEntry.Kind.MESSAGE,
        thread=thread,
        partnership_id=thread.partnership_id,
        party_id=thread.owner_party_id,
        scope=thread.scope,
        # The thread's title is found through the thread's own row.
        title="",
        body=message.body,
        date=message.created_at or timezone.now(),
    )


def index_lesson(lesson: Lesson) -> None:
    body = "\n".join(
        [lesson.context, lesson.what_worked, lesson.what_did_not, lesson.advice, lesson.theme]
    )
    _save(
        {"lesson": lesson},
        kind=SearchEntry.Kind.LESSON,
        partnership_id=lesson.partnership_id,
        party_id=lesson.owner_party_id,
        scope=lesson.scope,
        title=lesson.title,
        body=body,
        date=lesson.updated_at or timezone.now(),
    )


def index_section(section) -> None:
    _save(
        {"section": section},
        kind=SearchEntry.Kind.SECTION,
        partnership_id=section.partnership_id,
        party_id=section.contractor_id,
        scope="",
        title=str(section),
        body=f"km {section.start_km} – {section.end_km} {section.get_status_display()}",
        date=timezone.now(),
    )


def index_equipment(item) -> None:
    body = " ".join(
        str(v)
        for v in (
            item.get_category_display(),
            item.make,
            item.model_name,
            item.get_emission_class_display(),
            item.energy_per_hour,
        )
        if v
    )
    _save(
        {"equipment": item},
        kind=SearchEntry.Kind.EQUIPMENT,
        partnership_id=item.partnership_id,
        party_id=item.contributed_by_id,
        scope="",
        title=item.name,
        body=body,
        date=item.created_at or timezone.now(),
    )


# --------------------------------------------------------------------------
# Signal receivers
# --------------------------------------------------------------------------


def on_item_saved(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures
        return
    indexer = {
        Document: index_document,
        Thread: index_thread,
        Message: index_message,
        Lesson: index_lesson,
    }.get(sender)
    if indexer is None:
        from projects.models import EquipmentItem, Section

        indexer = {Section: index_section, EquipmentItem: index_equipment}[sender]
    indexer(instance)


def on_version_saved(sender, instance, created=False, raw=False, **kwargs):
    """A new version: read the words in its file after the upload commits."""
    if raw or not created:
        return
    from ..tasks import extract_document_text

    version_id = instance.pk
    transaction.on_commit(lambda: extract_document_text.enqueue(version_id))


def connect() -> None:
    from django.db.models.signals import post_save

    from projects.models import EquipmentItem, Section

    for model in (Document, Thread, Message, Lesson, Section, EquipmentItem):
        post_save.connect(on_item_saved, sender=model, dispatch_uid=f"search.{model.__name__}")
    post_save.connect(on_version_saved, sender=DocumentVersion, dispatch_uid="search.version")


def rebuild(partnership=None) -> int:
    """Index every item again (after a restore, or on a database made before search)."""
    from projects.models import EquipmentItem, Section

    count = 0
    for model, indexer in (
        (Document, index_document),
        (Thread, index_thread),
        (Lesson, index_lesson),
        (Section, index_section),
        (EquipmentItem, index_equipment),
    ):
        qs = model.objects.all()
        if partnership is not None:
            qs = qs.filter(partnership=partnership)
        for item in qs.iterator():
            indexer(item)
            count += 1
    messages = Message.objects.filter(deleted_at__isnull=True).select_related("thread")
    if partnership is not None:
        messages = messages.filter(thread__partnership=partnership)
    for message in messages.iterator():
        index_message(message)
        count += 1
    return count
