"""Every write in the sharing app: documents, scope changes and consent.

Each service checks the actor's right through `sharing.access`, validates,
writes atomically, re-derives object permissions and writes the audit log.
A refused action raises PermissionDenied (views turn it into 404 where the
item is hidden, or a message where it is visible) or ValidationError.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from projects.models import PartnershipPage, Party

from .. import access
from ..models import Document, DocumentVersion, ReleaseRequest, Scope
from ..validators import validate_upload
from .notifications import release_notice


def _assert_same_partnership(partnership: PartnershipPage, *objs) -> None:
    for obj in objs:
        pid = getattr(obj, "partnership_id", None)
        if pid != partnership.pk:
            raise PermissionDenied("Object belongs to another partnership.")


def require_creator(partnership: PartnershipPage, actor, owner_party: Party) -> access.Seat:
    """The actor's seat, if they may create an item owned by `owner_party` here."""
    seat = access.seat_for(actor, partnership)
    if seat is None:
        raise PermissionDenied
    _assert_same_partnership(partnership, owner_party)
    if not access.may_create_with_owner(seat, owner_party):
        raise PermissionDenied
    return seat


def _log_item(item, action: str, actor, **data) -> None:
    log(
        item,
        action,
        user=actor,
        partnership_id=item.partnership_id,
        data={"scope": item.scope, "owner_party": item.owner_party_id, **data},
    )


@transaction.atomic
def document_upload(
    *,
    partnership: PartnershipPage,
    actor,
    owner_party: Party,
    title: str,
    scope: str,
    upload,
    kind: str = Document.Kind.OTHER,
    description: str = "",
    note: str = "",
) -> Document:
    require_creator(partnership, actor, owner_party)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Geef het document een titel.")
    if scope not in Scope.values:
        errors["scope"] = _("Kies een geldige reikwijdte.")
    if kind not in Document.Kind.values:
        errors["kind"] = _("Kies een geldige soort.")
    try:
        content_type = validate_upload(upload)
    except ValidationError as exc:
        errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    document = Document.objects.create(
        partnership=partnership,
        owner_party=owner_party,
        scope=scope,
        title=title[:200],
        description=description.strip(),
        kind=kind,
        created_by=actor,
    )
    version = _version_create(document, actor, upload, content_type, note)
    document.current_version = version
    document.save(update_fields=["current_version"])
    access.sync_item(document)
    _log_item(document, "partnerwerk.document.upload", actor, version=1)
    return document


def _version_create(document, actor, upload, content_type, note) -> DocumentVersion:
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        file=upload,
        original_name=(upload.name or "bestand")[:255],
        size=upload.size,
        content_type=content_type,
        note=(note or "").strip()[:300],
        uploaded_by=actor,
    )


@transaction.atomic
def document_add_version(*, document: Document, actor, upload, note: str = "") -> DocumentVersion:
    # Lock the row so two uploads cannot take the same version number.
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not access.may(actor, "change", document):
        raise PermissionDenied
    try:
        content_type = validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    version = _version_create(document, actor, upload, content_type, note)
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    _log_item(document, "partnerwerk.document.version", actor, version=version.number)
    return version


def document_log_download(*, document: Document, version: DocumentVersion, actor) -> None:
    """Downloads of confidential documents are audited (who read what, when)."""
    if document.scope == Scope.CONFIDENTIAL:
        _log_item(document, "partnerwerk.document.download", actor, version=version.number)


@transaction.atomic
def item_change_scope(*, item, actor, scope: str) -> None:
    """The owner party's lead changes the scope: narrowing, or widening with its own consent."""
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Kies een geldige reikwijdte.")})
    if not access.may(actor, "change_scope", item):
        raise PermissionDenied
    old = item.scope
    if old == scope:
        return
    item.scope = scope
    item.save(update_fields=["scope", "updated_at"])
    access.sync_item(item)
    _log_item(item, "partnerwerk.scope.change", actor, **{"from": old, "to": scope})


def _pending_for(item):
    return ReleaseRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        status=ReleaseRequest.Status.PENDING,
    )


@transaction.atomic
def release_request_create(
    *, item, actor, purpose: str, audience: str = ReleaseRequest.Audience.ALL, recipients=()
) -> ReleaseRequest:
    """A client party asks the owner to release one item to all or chosen partners."""
    if not access.may(actor, "request_release", item):
        raise PermissionDenied
    purpose = (purpose or "").strip()
    errors = {}
    if not purpose:
        errors["purpose"] = _("Beschrijf waarvoor u de vrijgave nodig hebt.")
    if audience not in ReleaseRequest.Audience.values:
        errors["audience"] = _("Kies de ontvangers.")
    recipients = list(recipients)
    if audience == ReleaseRequest.Audience.CHOSEN:
        if not recipients:
            errors["recipients"] = _("Kies ten minste één partij.")
        allowed = set(access.release_recipient_parties(item).values_list("pk", flat=True))
        for party in recipients:
            if party.pk == item.owner_party_id:
                errors["recipients"] = _("De eigenaar heeft al toegang.")
            elif party.pk not in allowed:
                errors["recipients"] = _(
                    "Kies alleen actieve partners uit dit partnerschap die het item nog niet zien."
                )
    if _pending_for(item).exists():
        errors["__all__"] = _("Er loopt al een verzoek om vrijgave voor dit item.")
    if errors:
        raise ValidationError(errors)
    request = ReleaseRequest.objects.create(
        partnership_id=item.partnership_id,
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        audience=audience,
        purpose=purpose,
        requested_by=actor,
    )
    if audience == ReleaseRequest.Audience.CHOSEN:
        request.recipients.set(recipients)
    release_notice(release=request, kind="release_requested", actor=actor)
    _log_item(
        item,
        "partnerwerk.release.request",
        actor,
        request=request.pk,
        audience=audience,
        recipients=[p.pk for p in recipients],
        purpose=purpose,
    )
    return request


def _decide(request: ReleaseRequest, actor, status: str, note: str):
    request = ReleaseRequest.objects.select_for_update().get(pk=request.pk)
    item = request.item
    if item is None or not access.may(actor, "grant_release", item):
        raise PermissionDenied
    if request.status != ReleaseRequest.Status.PENDING:
        raise ValidationError(_("Over dit verzoek is al besloten."))
    request.status = status
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = (note or "").strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return request, item


@transaction.atomic
def release_request_grant(*, request: ReleaseRequest, actor, note: str = "") -> ReleaseRequest:
    """The owner party's lead consents: the item becomes visible to the recipients."""
    request, item = _decide(request, actor, ReleaseRequest.Status.GRANTED, note)
    old = item.scope
    if request.audience == ReleaseRequest.Audience.ALL and item.scope != Scope.SHARED:
        item.scope = Scope.SHARED
        item.save(update_fields=["scope", "updated_at"])
    access.sync_item(item)
    _log_item(
        item,
        "partnerwerk.release.grant",
        actor,
        request=request.pk,
        audience=request.audience,
        note=request.decision_note,
    )
    if item.scope != old:
        _log_item(item, "partnerwerk.scope.change", actor, **{"from": old, "to": item.scope})
    release_notice(release=request, kind="release_granted", actor=actor)
    return request


@transaction.atomic
def release_request_refuse(*, request: ReleaseRequest, actor, note: str = "") -> ReleaseRequest:
    """The owner party's lead refuses: nothing about the item changes."""
    request, item = _decide(request, actor, ReleaseRequest.Status.REFUSED, note)
    _log_item(
        item, "partnerwerk.release.refuse", actor, request=request.pk, note=request.decision_note
    )
    release_notice(release=request, kind="release_refused", actor=actor)
    return request


@transaction.atomic
def release_request_withdraw(*, request: ReleaseRequest, actor) -> ReleaseRequest:
    """The requester withdraws a pending request."""
    request = ReleaseRequest.objects.select_for_update().get(pk=request.pk)
    if not access.may_withdraw_release(actor, request):
        raise PermissionDenied
    request.status = ReleaseRequest.Status.WITHDRAWN
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    item = request.item
    if item is not None:
        _log_item(item, "partnerwerk.release.withdraw", actor, request=request.pk)
        release_notice(release=request, kind="release_withdrawn", actor=actor)
    return request
