"""Checks on uploaded files: size and type limits from settings."""

import os

import filetype

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Extensions whose content we can recognise, and the MIME types that may carry them.
_SNIFFABLE = {
    "pdf": {"application/pdf"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "zip": {"application/zip"},
    # Office Open XML and OpenDocument files are zip containers.
    "docx": {
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
    "xlsx": {
        "application/zip",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
    "pptx": {
        "application/zip",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    },
    "odt": {"application/zip", "application/vnd.oasis.opendocument.text"},
    "ods": {"application/zip", "application/vnd.oasis.opendocument.spreadsheet"},
    "odp": {"application/zip", "application/vnd.oasis.opendocument.presentation"},
}
_TEXT = {"txt", "csv", "md"}


def validate_upload(upload) -> str:
    """Validate an uploaded file; return the content type to store with it."""
    if upload is None:
        raise ValidationError(_("Kies een bestand."), code="required")
    if upload.size == 0:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Het bestand is %(size)s; de grens is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    ext = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
    allowed = [e.lower() for e in settings.DOCUMENT_ALLOWED_EXTENSIONS]
    if ext not in allowed:
        raise ValidationError(
            _("Bestanden van het type .%(ext)s zijn niet toegestaan. Toegestaan: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(sorted(allowed))},
            code="type",
        )
    head = upload.read(8192)
    upload.seek(0)
    if ext in _SNIFFABLE:
        kind = filetype.guess(head)
        if kind is None or kind.mime not in _SNIFFABLE[ext]:
            raise ValidationError(
                _("De inhoud van het bestand past niet bij de extensie .%(ext)s.") % {"ext": ext},
                code="mismatch",
            )
        return next(iter(sorted(_SNIFFABLE[ext] - {"application/zip"})), kind.mime)
    if ext in _TEXT:
        if b"\x00" in head:
            raise ValidationError(_("Dit lijkt geen tekstbestand."), code="mismatch")
        return {"csv": "text/csv", "md": "text/markdown"}.get(ext, "text/plain")
    return "application/octet-stream"
