"""Exports of one's own data: request, build (in the background), link, download.

What an export contains is decided by `sharing.access` (`export_items`,
`export_pool_filter`) for the requester, when the export is built. The zip
holds every document with every version, threads and messages as Markdown
and JSON, lessons, bookings and usage as CSV, release requests and their
decisions, and `manifest.json` with the size and SHA-256 of every other file.
"""

import datetime
import hashlib
import hmac
import secrets
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from projects.models import PartnershipPage

from .. import access
from ..models import DataExport
from . import export_contents as contents


def link_hours() -> int:
    return settings.EXPORT_LINK_HOURS


@transaction.atomic
def export_request(*, partnership: PartnershipPage, actor, scope: str) -> DataExport:
    """Ask for an export; it is built in the background after commit. Raises PermissionDenied."""
    seat = access.seat_for(actor, partnership)
    if seat is None or not access.may_request_export(seat, scope):
        raise PermissionDenied
    export = DataExport.objects.create(
        partnership=partnership, party=seat.party, scope=scope, requested_by=actor
    )
    log(
        export,
        "partnerwerk.export.request",
        user=actor,
        partnership_id=partnership.pk,
        data={"scope": scope, "party": seat.party.pk},
    )
    from ..tasks import build_export

    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export


def export_link_issue(*, export: DataExport) -> str:
    """A new one-time download token for a finished export (the old one stops working)."""
    token = secrets.token_urlsafe(32)
    DataExport.objects.filter(pk=export.pk).update(
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        link_expires_at=timezone.now() + datetime.timedelta(hours=link_hours()),
        downloaded_at=None,
    )
    return token


@transaction.atomic
def export_redeem(*, export: DataExport, actor, token: str) -> DataExport:
    """Use a download token once. Raises PermissionDenied when it is wrong, used or expired."""
    export = DataExport.objects.select_for_update().get(pk=export.pk)
    digest = hashlib.sha256((token or "").encode()).hexdigest()
    if (
        export.status != DataExport.Status.DONE
        or not export.token_hash
        or not hmac.compare_digest(digest, export.token_hash)
        or export.downloaded_at is not None
        or export.link_expires_at is None
        or export.link_expires_at < timezone.now()
    ):
        raise PermissionDenied
    export.downloaded_at = timezone.now()
    export.token_hash = ""
    export.save(update_fields=["downloaded_at", "token_hash"])
    log(export, "partnerwerk.export.download", user=actor, partnership_id=export.partnership_id)
    return export


def export_build(*, export: DataExport) -> DataExport:
    """Write the zip of an export (runs in the background task)."""
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.RUNNING, progress=1)
    user = export.requested_by
    try:
        with tempfile.TemporaryFile() as handle:
            out = contents.ExportZip(handle)
            items = contents.write_items(out, export, user)
            contents.progress(export, 80)
            contents.write_pool(out, export)
            contents.write_releases(out, export, items)
            contents.progress(export, 95)
            manifest = {
                "partnership": export.partnership.title,
                "scope": export.scope,
                "party": str(export.party.organisation),
                "requested_by": user.username,
                "created_at": timezone.now().isoformat(),
                "algorithm": "sha256",
                "files": out.files,
            }
            out.archive.writestr("manifest.json", contents.as_json(manifest))
            out.archive.close()
            handle.seek(0)
            name = f"partnerwerk-{export.partnership.slug}-{export.pk}-{secrets.token_hex(8)}.zip"
            export.file.save(name, File(handle), save=False)
            export.size = export.file.size
    except Exception:
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
        raise
    export.file_count = len(out.files)
    export.status = DataExport.Status.DONE
    export.progress = 100
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "size", "file_count", "status", "progress", "finished_at"])
    return export
