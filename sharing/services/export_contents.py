"""What goes into an export's zip, file by file, with a manifest entry per file.

Every query here narrows by the access package first (`export_items`,
`export_pool_filter`): the zip holds only what its requester may take out.
"""

import hashlib
import json
import re
import zipfile

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify

from projects.models import Booking, UsageLog

from .. import access
from ..models import DataExport, Document, DocumentVersion, Lesson, Message, ReleaseRequest, Thread


def _name(pk, title) -> str:
    return f"{pk}-{slugify(title)[:60] or 'item'}"


def _safe_filename(name: str) -> str:
    name = re.sub(r"[^\w.\- ]", "_", name or "bestand").strip(" .")
    return name[:100] or "bestand"


def _csv(header, rows) -> bytes:
    # One CSV writer for the whole project (formula cells neutralised there).
    from ..views.equipment import csv_response

    return csv_response("export.csv", header, rows).content


def as_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


class ExportZip:
    """A zip being written, with a manifest entry per file."""

    def __init__(self, handle):
        self.archive = zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED)
        self.files = []

    def add(self, path: str, data: bytes) -> None:
        self.archive.writestr(path, data)
        self.files.append(
            {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        )


def progress(export, value) -> None:
    DataExport.objects.filter(pk=export.pk).update(progress=value)


def write_items(out: ExportZip, export: DataExport, user) -> dict:
    documents = list(
        access.export_items(user, export, Document.objects.all()).select_related(
            "owner_party__organisation", "created_by"
        )
    )
    versions = DocumentVersion.objects.filter(document__in=[d.pk for d in documents])
    by_document: dict[int, list] = {}
    for version in versions.select_related("uploaded_by").order_by("number"):
        by_document.setdefault(version.document_id, []).append(version)
    meta = []
    for i, document in enumerate(documents, start=1):
        folder = f"documenten/{_name(document.pk, document.title)}"
        entry = _item_meta(document)
        entry.update(kind=document.kind, description=document.description, versions=[])
        for version in by_document.get(document.pk, []):
            path = f"{folder}/v{version.number}-{_safe_filename(version.original_name)}"
            with version.file.open("rb") as handle:
                out.add(path, handle.read())
            entry["versions"].append(
                {
                    "number": version.number,
                    "file": path,
                    "original_name": version.original_name,
                    "uploaded_by": version.uploaded_by.username,
                    "uploaded_at": version.uploaded_at,
                    "note": version.note,
                }
            )
        meta.append(entry)
        progress(export, 5 + int(55 * i / max(len(documents), 1)))
    out.add("documenten/documenten.json", as_json(meta))

    threads = list(
        access.export_items(user, export, Thread.objects.all()).select_related(
            "owner_party__organisation", "created_by"
        )
    )
    messages = Message.objects.filter(
        thread__in=[t.pk for t in threads], deleted_at__isnull=True
    ).select_related("author")
    by_thread: dict[int, list] = {}
    for message in messages.order_by("thread", "sequence"):
        by_thread.setdefault(message.thread_id, []).append(message)
    for thread in threads:
        base = f"draden/{_name(thread.pk, thread.title)}"
        posts = by_thread.get(thread.pk, [])
        data = _item_meta(thread)
        data["messages"] = [
            {"number": m.sequence, "author": m.author.username, "at": m.created_at, "body": m.body}
            for m in posts
        ]
        out.add(f"{base}.json", as_json(data))
        lines = [f"# {thread.title}", "", f"{thread.owner_party.organisation} · {thread.scope}", ""]
        for m in posts:
            lines += [
                f"## {m.sequence}. {m.author.get_full_name() or m.author.username}, "
                f"{timezone.localtime(m.created_at):%Y-%m-%d %H:%M}",
                "",
                m.body,
                "",
            ]
        out.add(f"{base}.md", "\n".join(lines).encode())
    progress(export, 70)

    lessons = list(
        access.export_items(user, export, Lesson.objects.all()).select_related(
            "owner_party__organisation", "created_by"
        )
    )
    lesson_meta = []
    for lesson in lessons:
        data = _item_meta(lesson)
        fields = ("context", "what_worked", "what_did_not", "advice", "theme", "phase")
        data.update({field: getattr(lesson, field) for field in fields})
        lesson_meta.append(data)
        text = [f"# {lesson.title}", ""]
        for heading, field in (
            ("Context", "context"),
            ("Wat werkte", "what_worked"),
            ("Wat niet werkte", "what_did_not"),
            ("Advies", "advice"),
        ):
            text += [f"## {heading}", "", getattr(lesson, field), ""]
        out.add(f"lessen/{_name(lesson.pk, lesson.title)}.md", "\n".join(text).encode())
    out.add("lessen/lessen.json", as_json(lesson_meta))
    return {"document": documents, "thread": threads, "lesson": lessons}


def _item_meta(item) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "owner": str(item.owner_party.organisation),
        "scope": item.scope,
        "created_by": item.created_by.username,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def write_pool(out: ExportZip, export: DataExport) -> None:
    lookups = access.export_pool_filter(export)
    bookings = Booking.objects.filter(**lookups).select_related(
        "item", "party__organisation", "section"
    )
    out.add(
        "materieel/boekingen.csv",
        _csv(
            ["id", "materieel", "partij", "deeltraject", "van", "tot", "doel", "status"],
            (
                [
                    b.pk,
                    b.item.name,
                    b.party.organisation,
                    b.section,
                    b.starts_at,
                    b.ends_at,
                    b.purpose,
                    b.status,
                ]
                for b in bookings.order_by("starts_at")
            ),
        ),
    )
    usage = UsageLog.objects.filter(**lookups).select_related(
        "item", "party__organisation", "section"
    )
    out.add(
        "materieel/gebruik.csv",
        _csv(
            [
                "id",
                "boeking",
                "materieel",
                "partij",
                "deeltraject",
                "datum",
                "draaiuren",
                "co2_kg",
                "co2_baseline_kg",
                "toelichting",
            ],
            (
                [
                    u.pk,
                    u.booking_id,
                    u.item.name,
                    u.party.organisation,
                    u.section,
                    u.date,
                    u.hours,
                    u.co2_kg,
                    u.baseline_co2_kg,
                    u.note,
                ]
                for u in usage.order_by("date")
            ),
        ),
    )


def write_releases(out: ExportZip, export: DataExport, items: dict) -> None:
    wanted = {}
    for objs in items.values():
        if objs:
            ct = ContentType.objects.get_for_model(type(objs[0]))
            wanted[ct.pk] = {obj.pk: obj for obj in objs}
    requests = ReleaseRequest.objects.filter(
        partnership_id=export.partnership_id, content_type_id__in=list(wanted)
    ).select_related("requested_by", "decided_by")
    rows = []
    for request in requests.prefetch_related("recipients__organisation"):
        item = wanted.get(request.content_type_id, {}).get(request.object_id)
        if item is None:
            continue
        rows.append(
            {
                "id": request.pk,
                "item": item.title,
                "item_type": type(item)._meta.model_name,
                "purpose": request.purpose,
                "audience": request.audience,
                "recipients": [str(p.organisation) for p in request.recipients.all()],
                "status": request.status,
                "requested_by": request.requested_by.username,
                "requested_at": request.requested_at,
                "decided_by": request.decided_by.username if request.decided_by else "",
                "decided_at": request.decided_at,
                "decision_note": request.decision_note,
            }
        )
    out.add("vrijgaven/vrijgaven.json", as_json(rows))
