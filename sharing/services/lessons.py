"""Lessons in the workspace, and their way to the public site.

The path of a lesson to the public, and who moves it:

1. A member of the owner party, or a client lead, proposes it
   (`publication_propose`). A proposer who holds one of the two consenting
   roles gives that consent by proposing.
2. The owner party's lead and a client lead consent (`publication_consent`).
3. With both consents a draft `portal.LessonPage` is made from the lesson's
   text and submitted to the page's moderation workflow; nothing is live.
4. An editor publishes it in the Wagtail admin (`on_lesson_page_published`).

Withdrawing (`publication_withdraw`) before step 4 cancels the workflow and
deletes the draft, so nothing of the lesson remains outside the workspace.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import TaskState, WorkflowState

from projects.models import PartnershipPage, Party

from .. import access
from ..models import Lesson, LessonPublication, Scope
from ..references import strip_refs_from_text
from ..tasks import send_publication_consent_requests
from .documents import _log_item, require_creator
from .guard import reference_guard
from .notifications import lesson_published_notice

CONSENT_FIELDS = ["owner_consent_by", "owner_consent_at", "client_consent_by", "client_consent_at"]
LESSON_FIELDS = ("title", "context", "what_worked", "what_did_not", "advice", "theme", "phase")


def _clean_fields(fields: dict) -> dict:
    cleaned = {name: (fields.get(name) or "").strip() for name in LESSON_FIELDS}
    errors = {}
    if not cleaned["title"]:
        errors["title"] = _("Geef de les een titel.")
    if not cleaned["context"]:
        errors["context"] = _("Beschrijf de situatie.")
    if not cleaned["advice"]:
        errors["advice"] = _("Geef een advies aan wie na u komt.")
    if cleaned["phase"] and cleaned["phase"] not in PartnershipPage.Status.values:
        errors["phase"] = _("Kies een geldige fase.")
    if errors:
        raise ValidationError(errors)
    return cleaned


_TEXT_FIELDS = ("context", "what_worked", "what_did_not", "advice")


def _guard_lesson(partnership, actor, owner_party, scope, cleaned, choice, *, lesson=None):
    """Hold a lesson whose text links to items some of its readers may not see."""
    from .threads import _linked_items

    text = "\n".join(cleaned[name] for name in _TEXT_FIELDS)
    outcome = reference_guard(
        actor=actor,
        partnership=partnership,
        owner_party=owner_party,
        scope=scope,
        targets=_linked_items(partnership, text),
        choice=choice,
        may_narrow=lesson is None,
        item=lesson,
        about=cleaned["title"],
    )
    if outcome.drop:
        for name in _TEXT_FIELDS:
            cleaned[name] = strip_refs_from_text(cleaned[name], outcome.drop).strip()
    return outcome


@transaction.atomic
def lesson_create(
    *,
    partnership: PartnershipPage,
    actor,
    owner_party: Party,
    scope: str,
    reference_choice: str | None = None,
    **fields,
) -> Lesson:
    """Record a lesson; held (`ReferenceHeld`) while its links reach wider than their targets."""
    require_creator(partnership, actor, owner_party)
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Kies een geldige reikwijdte.")})
    cleaned = _clean_fields(fields)
    outcome = _guard_lesson(partnership, actor, owner_party, scope, cleaned, reference_choice)
    lesson = Lesson.objects.create(
        partnership=partnership,
        owner_party=owner_party,
        scope=outcome.scope,
        created_by=actor,
        **cleaned,
    )
    access.sync_item(lesson)
    _log_item(lesson, "partnerwerk.lesson.create", actor, title=lesson.title)
    outcome.log(lesson, actor)
    return lesson


def _open_publication(lesson: Lesson, *, lock: bool = False) -> LessonPublication | None:
    qs = LessonPublication.objects.filter(lesson=lesson, status__in=LessonPublication.OPEN)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


@transaction.atomic
def lesson_update(*, lesson: Lesson, actor, reference_choice: str | None = None, **fields) -> bool:
    """Change the text; returns True when consents already given had to lapse.

    Consent is for one specific text: a change while a proposal waits for
    consent clears the consents given so far.
    """
    if not access.may(actor, "change", lesson):
        raise PermissionDenied
    cleaned = _clean_fields(fields)
    changed = [name for name, value in cleaned.items() if getattr(lesson, name) != value]
    if not changed:
        return False
    outcome = _guard_lesson(
        lesson.partnership,
        actor,
        lesson.owner_party,
        lesson.scope,
        cleaned,
        reference_choice,
        lesson=lesson,
    )
    outcome.log(lesson, actor)
    changed = [name for name, value in cleaned.items() if getattr(lesson, name) != value]
    for name in changed:
        setattr(lesson, name, cleaned[name])
    lesson.save(update_fields=[*changed, "updated_at"])
    _log_item(lesson, "partnerwerk.lesson.change", actor, fields=changed)
    publication = _open_publication(lesson, lock=True)
    if publication is None or publication.status != LessonPublication.Status.PENDING:
        return False
    if publication.owner_consent_at is None and publication.client_consent_at is None:
        return False
    for name in CONSENT_FIELDS:
        setattr(publication, name, None)
    publication.save(update_fields=CONSENT_FIELDS)
    _log_item(lesson, "partnerwerk.publication.reset", actor, publication=publication.pk)
    _ask_for_consent(publication)
    return True


def _ask_for_consent(publication: LessonPublication) -> None:
    """E-mail those whose consent is still missing, once the transaction commits."""
    publication_id = publication.pk
    transaction.on_commit(
        lambda: send_publication_consent_requests.enqueue(publication_id=publication_id)
    )


def _record_consents(publication: LessonPublication, actor, seat) -> list[str]:
    """Record the consents `actor` may give that are still missing."""
    now = timezone.now()
    given = access.consents_user_may_give(actor, seat, publication)
    for role in given:
        setattr(publication, f"{role}_consent_by", actor)
        setattr(publication, f"{role}_consent_at", now)
    return given


@transaction.atomic
def publication_propose(*, lesson: Lesson, actor, note: str = "") -> LessonPublication:
    seat = access.seat_for(actor, lesson.partnership)
    if seat is None or not access.may_propose_publication(actor, seat, lesson):
        raise PermissionDenied
    if lesson.scope == Scope.INTERNAL:
        raise ValidationError(
            _(
                "Deze les is intern. Maak haar eerst vertrouwelijk of gedeeld, "
                "zodat de opdrachtgever haar kan beoordelen."
            )
        )
    _refuse_against_rights(lesson)
    Lesson.objects.select_for_update().filter(pk=lesson.pk).first()
    if _open_publication(lesson) is not None:
        raise ValidationError(_("Deze les is al voorgesteld voor publicatie."))
    publication = LessonPublication(
        lesson=lesson, proposed_by=actor, note=(note or "").strip()[:2000]
    )
    given = _record_consents(publication, actor, seat)
    publication.save()
    _log_item(lesson, "partnerwerk.publication.propose", actor, publication=publication.pk)
    if not publication.has_both_consents:
        _ask_for_consent(publication)
    _after_consents(publication, actor, given)
    return publication


@transaction.atomic
def publication_consent(*, publication: LessonPublication, actor) -> LessonPublication:
    publication = (
        LessonPublication.objects.select_for_update(of=("self",))
        .select_related("lesson__partnership")
        .get(pk=publication.pk)
    )
    lesson = publication.lesson
    seat = access.seat_for(actor, lesson.partnership)
    if seat is None or not (
        access.may_consent_as_owner(actor, lesson)
        or access.may_consent_as_client(actor, seat, lesson)
    ):
        raise PermissionDenied
    if publication.status != LessonPublication.Status.PENDING:
        raise ValidationError(_("Over dit voorstel is al besloten."))
    given = _record_consents(publication, actor, seat)
    if not given:
        raise ValidationError(_("U hebt al toestemming gegeven."))
    publication.save(update_fields=CONSENT_FIELDS)
    _after_consents(publication, actor, given)
    return publication


def _refuse_against_rights(lesson: Lesson) -> None:
    if not access.may_publish_under_rights(lesson):
        raise ValidationError(
            _(
                "Volgens het register van rechten op resultaten mag de opdrachtgever "
                "deze les niet publiceren."
            )
        )


def _after_consents(publication: LessonPublication, actor, given: list[str]) -> None:
    for role in given:
        _log_item(
            publication.lesson,
            "partnerwerk.publication.consent",
            actor,
            publication=publication.pk,
            role=role,
        )
    if publication.has_both_consents:
        _submit_for_moderation(publication, actor)


def _rich_text(text: str) -> str:
    """Plain workspace text as Wagtail rich text: paragraphs and line breaks, escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
        if p
    )


def _unique_slug(parent, title: str) -> str:
    base = slugify(title)[:70] or "les"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _submit_for_moderation(publication: LessonPublication, actor) -> None:
    """Both consents are in: make the draft page and hand it to the editors."""
    # The register may have changed since the proposal: it has the last word.
    _refuse_against_rights(publication.lesson)
    from portal.models import LessonIndexPage, LessonPage

    index = LessonIndexPage.objects.first()
    if index is None:
        raise ValidationError(
            _(
                "Op de publieke site is nog geen overzicht van lessen. "
                "Vraag de redactie dat eerst aan te maken."
            )
        )
    lesson = publication.lesson
    page = LessonPage(
        title=lesson.title,
        slug=_unique_slug(index, lesson.title),
        live=False,
        partnership=lesson.partnership,
        theme=lesson.theme,
        phase=lesson.phase,
        context=_rich_text(lesson.context),
        what_worked=_rich_text(lesson.what_worked),
        what_did_not=_rich_text(lesson.what_did_not),
        advice=_rich_text(lesson.advice),
    )
    index.add_child(instance=page)
    page.save_revision(user=actor, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, actor)
    publication.status = LessonPublication.Status.IN_MODERATION
    publication.page = page
    publication.save(update_fields=["status", "page"])
    _log_item(
        lesson,
        "partnerwerk.publication.moderation",
        actor,
        publication=publication.pk,
        page=page.pk,
    )


@transaction.atomic
def publication_withdraw(*, publication: LessonPublication, actor) -> LessonPublication:
    """Stop a proposal before it is public: cancel the workflow and delete the draft."""
    publication = (
        LessonPublication.objects.select_for_update(of=("self",))
        .select_related("lesson__partnership", "page")
        .get(pk=publication.pk)
    )
    lesson = publication.lesson
    seat = access.seat_for(actor, lesson.partnership)
    if seat is None or not access.may_withdraw_publication(actor, seat, publication):
        raise PermissionDenied
    if not publication.is_open:
        raise ValidationError(_("Dit voorstel loopt niet meer."))
    page = publication.page
    if page is not None:
        page = type(page).objects.select_for_update().filter(pk=page.pk).first()
    if page is not None and page.live:
        raise ValidationError(
            _("De les is al gepubliceerd. Vraag de redactie haar offline te halen.")
        )
    publication.status = LessonPublication.Status.WITHDRAWN
    publication.closed_by = actor
    publication.closed_at = timezone.now()
    publication.page = None
    publication.save(update_fields=["status", "closed_by", "closed_at", "page"])
    if page is not None:
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=actor)
        page.delete()
    _log_item(lesson, "partnerwerk.publication.withdraw", actor, publication=publication.pk)
    return publication


@dataclass(frozen=True)
class EditorialReview:
    needs_changes: bool
    comment: str


def editorial_review(publication: LessonPublication) -> EditorialReview | None:
    """How the editors' moderation of the draft stands, for the workspace to show."""
    if publication.status != LessonPublication.Status.IN_MODERATION or not publication.page_id:
        return None
    state = (
        WorkflowState.objects.filter(object_id=str(publication.page_id))
        .active()
        .order_by("-created_at")
        .first()
    )
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    rejected = (
        TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    return EditorialReview(needs_changes=True, comment=(rejected.comment if rejected else ""))


def _open_for_page(page_id: int) -> LessonPublication | None:
    return (
        LessonPublication.objects.filter(page_id=page_id, status__in=LessonPublication.OPEN)
        .select_related("lesson")
        .first()
    )


def on_lesson_page_published(sender, instance, revision=None, **kwargs):
    """The editor published the draft: the proposal is done."""
    publication = _open_for_page(instance.pk)
    if publication is None:
        return
    # Who approved the last workflow task; an editor who published directly
    # made the revision themselves.
    approval = (
        TaskState.objects.filter(
            workflow_state__object_id=str(instance.pk),
            workflow_state__base_content_type=instance.get_base_content_type(),
            status=TaskState.STATUS_APPROVED,
        )
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    editor = approval.finished_by if approval else getattr(revision, "user", None)
    publication.status = LessonPublication.Status.PUBLISHED
    publication.closed_by = editor
    publication.closed_at = timezone.now()
    publication.save(update_fields=["status", "closed_by", "closed_at"])
    _log_item(
        publication.lesson,
        "partnerwerk.publication.published",
        editor,
        publication=publication.pk,
        page=instance.pk,
    )
    lesson_published_notice(publication=publication, actor=editor)


def on_lesson_page_deleted(sender, instance, **kwargs):
    """An editor deleted the draft instead of publishing it: the proposal ends there."""
    publication = _open_for_page(instance.pk)
    if publication is None:
        return
    publication.status = LessonPublication.Status.REJECTED
    publication.closed_at = timezone.now()
    publication.page = None
    publication.save(update_fields=["status", "closed_at", "page"])
    _log_item(
        publication.lesson,
        "partnerwerk.publication.rejected",
        None,
        publication=publication.pk,
        page=instance.pk,
    )
