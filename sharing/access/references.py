"""Reference rules: who may see what one item says about another.

A reference (a thread "about" a document, a pasted link to a lesson) shows
its target's title only to viewers who may see the target; for anyone else
it is left out, and never counted. Before something is saved, the guard
compares the new item's audience with each target's and names the parties
that would see the reference but not the target.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models

from projects.models import Party

from ..models.scoped import Scope
from .audience import viewer_party_ids
from .items import ItemChecker, users_with, visible
from .pool import may_view_pool
from .seats import Seat

# --------------------------------------------------------------------------
# Reading: which references a viewer may see
# --------------------------------------------------------------------------


def visible_refs(user, refs: Iterable) -> dict[tuple[str, int], models.Model]:
    """The referenced items this user may see, by reference key; one query per kind."""
    by_model: dict[type, set[int]] = {}
    for ref in refs:
        by_model.setdefault(ref.model, set()).add(ref.pk)
    result = {}
    for model, pks in by_model.items():
        qs = model.objects.filter(pk__in=pks).select_related("partnership")
        for item in visible(user, qs):
            result[(model._meta.label_lower, item.pk)] = item
    return result


def ref_viewers(refs: Iterable) -> dict[tuple[str, int], tuple[models.Model, set[int]]]:
    """For live delivery: each referenced item with the ids of the users who may see it."""
    result = {}
    for ref in refs:
        item = ref.model.objects.filter(pk=ref.pk).select_related("partnership").first()
        if item is not None:
            result[ref.key] = (item, set(users_with("view", item).values_list("pk", flat=True)))
    return result


@dataclass
class About:
    """What a thread is about, as one viewer may see it."""

    document: models.Model | None = None
    lesson: models.Model | None = None
    section: models.Model | None = None

    def __bool__(self):
        return any((self.document, self.lesson, self.section))


def thread_about_for(user, seat: Seat | None, thread, checker: ItemChecker | None = None) -> About:
    """The thread's "about" references this viewer may see; the others are left out.

    Pass a checker that has prefetched the targets to ask without queries.
    """
    checker = checker or ItemChecker(user)
    about = About()
    for name in ("document", "lesson"):
        target = getattr(thread, name, None) if getattr(thread, f"{name}_id", None) else None
        if target is not None and checker.may("view", target):
            setattr(about, name, target)
    if thread.section_id and seat is not None and may_view_pool(seat):
        about.section = thread.section
    return about


# --------------------------------------------------------------------------
# The guard: an audience wider than a target's
# --------------------------------------------------------------------------


@dataclass
class Gap:
    """One referenced item that some of the new item's audience may not see."""

    target: models.Model
    parties: list[Party]
    # The ways on that this actor may take for this target.
    may_request_release: bool = False
    may_widen: bool = False
    widen_to: str = ""


@dataclass
class Audit:
    gaps: list[Gap] = field(default_factory=list)
    narrow_to: str = ""  # the widest scope of the new item that closes every gap

    def __bool__(self):
        return bool(self.gaps)


def _released(target) -> set[int]:
    from django.contrib.contenttypes.models import ContentType

    from ..models.releases import ReleaseRequest

    return set(
        ReleaseRequest.recipients.through.objects.filter(
            releaserequest__content_type=ContentType.objects.get_for_model(target),
            releaserequest__object_id=target.pk,
            releaserequest__status=ReleaseRequest.Status.GRANTED,
            releaserequest__audience=ReleaseRequest.Audience.CHOSEN,
        ).values_list("party_id", flat=True)
    )


def audience_of(item, parties: dict[int, Party] | None = None) -> set[int]:
    """The ids of the parties that may view an existing scoped item."""
    if parties is None:
        parties = {p.pk: p for p in Party.objects.filter(partnership_id=item.partnership_id)}
    return viewer_party_ids(
        owner=parties[item.owner_party_id],
        scope=item.scope,
        parties=parties.values(),
        released_to=_released(item),
    )


def reference_audit(
    *, actor, partnership, targets, owner_party: Party, scope: str, item=None
) -> Audit:
    """Compare a new (or changed) item's audience with each referenced item's.

    `owner_party` and `scope` describe the item being saved; `item`, when it
    exists already (a message's thread), adds the parties it was released to.
    Targets of another partnership are not compared: their titles never show
    here to anyone who may not see them anyway.
    """
    targets = [t for t in targets if t is not None and t.partnership_id == partnership.pk]
    if not targets:
        return Audit()
    parties = {
        p.pk: p
        for p in Party.objects.filter(partnership=partnership).select_related("organisation")
    }
    released_to = _released(item) if item is not None and item.scope == scope else set()
    audience = viewer_party_ids(
        owner=owner_party, scope=scope, parties=parties.values(), released_to=released_to
    )
    checker = ItemChecker(actor)
    checker.prefetch(targets)
    audit = Audit()
    target_audiences = []
    for target in targets:
        target_audience = audience_of(target, parties)
        target_audiences.append(target_audience)
        missing = audience - target_audience
        if not missing:
            continue
        widen_to = Scope.SHARED
        if target.scope == Scope.INTERNAL and audience <= viewer_party_ids(
            owner=parties[target.owner_party_id],
            scope=Scope.CONFIDENTIAL,
            parties=parties.values(),
        ):
            widen_to = Scope.CONFIDENTIAL
        audit.gaps.append(
            Gap(
                target=target,
                parties=sorted(
                    (parties[pk] for pk in missing),
                    key=lambda p: (p.role != Party.Role.CLIENT, p.organisation.name),
                ),
                may_request_release=checker.may("request_release", target),
                may_widen=checker.may("change_scope", target),
                widen_to=widen_to,
            )
        )
    if audit:
        for candidate in (Scope.CONFIDENTIAL, Scope.INTERNAL):
            if Scope.breadth(candidate) >= Scope.breadth(scope):
                continue
            narrowed = viewer_party_ids(
                owner=owner_party, scope=candidate, parties=parties.values()
            )
            if all(narrowed <= ta for ta in target_audiences):
                audit.narrow_to = candidate
                break
    return audit
