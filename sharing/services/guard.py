"""The reference guard: nothing points wider than its target may be seen.

When a thread, message or lesson refers to an item (a thread "about" a
document, a pasted link) and would be read by parties that may not see that
item, the save is held. The author chooses an honest way on, and only then
is anything saved:

* `narrow`  — give the new item a narrower scope that every target covers;
* `release` — ask the owner's consent (a release request to the parties that
              lack access; client members who may request it);
* `widen`   — the owner's own lead widens the target in the same step;
* `drop`    — save without the reference.

Every choice is written to the Logboek, on the new item, with the target it
concerns (the Logboek hides it from readers who may not see the target).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.log_actions import log

from .. import access
from ..models import ReleaseRequest

CHOICES = {
    "narrow": gettext_lazy("Maak de reikwijdte kleiner"),
    "release": gettext_lazy("Vraag de eigenaar om vrijgave"),
    "widen": gettext_lazy("Verruim de reikwijdte van het item waarnaar u verwijst"),
    "drop": gettext_lazy("Plaats zonder de verwijzing"),
}


class ReferenceHeld(ValidationError):
    """The save is held: the new item would show a reference to parties who may not see it."""

    def __init__(self, audit, choices: list[str]):
        self.audit = audit
        self.choices = choices
        names = "; ".join(
            "“{}”: {}".format(gap.target, ", ".join(str(p.organisation) for p in gap.parties))
            for gap in audit.gaps
        )
        super().__init__(
            _(
                "Niet opgeslagen: u verwijst naar iets dat niet iedereen mag zien die dit "
                "leest. Niet zichtbaar voor: %(names)s. Kies hoe u verder wilt."
            )
            % {"names": names},
            code="reference_held",
        )


@dataclass
class GuardOutcome:
    """What the saving service must do: the scope to save with, and targets to leave out."""

    scope: str = ""
    drop: set = field(default_factory=set)  # {(label_lower, pk)} of targets to leave out
    choice: str = ""
    targets: list = field(default_factory=list)

    def keeps(self, target) -> bool:
        return target is None or (target._meta.label_lower, target.pk) not in self.drop

    def log(self, item, actor) -> None:
        """Write the choice to the Logboek, once per target it concerned."""
        if not self.choice:
            return
        for target in self.targets:
            log(
                item,
                "partnerwerk.reference.guard",
                user=actor,
                partnership_id=item.partnership_id,
                data={
                    "choice": self.choice,
                    "ref_ct": str(ContentType.objects.get_for_model(target).pk),
                    "ref_id": str(target.pk),
                },
            )


def available_choices(audit, *, may_narrow: bool) -> list[str]:
    choices = []
    if may_narrow and audit.narrow_to:
        choices.append("narrow")
    if all(gap.may_request_release for gap in audit.gaps):
        choices.append("release")
    if all(gap.may_widen for gap in audit.gaps):
        choices.append("widen")
    choices.append("drop")
    return choices


def reference_guard(
    *,
    actor,
    partnership,
    owner_party,
    scope: str,
    targets,
    choice: str | None = None,
    may_narrow: bool = True,
    item=None,
    about: str = "",
) -> GuardOutcome:
    """Hold the save (raise `ReferenceHeld`) or carry out the author's choice.

    Call inside the saving service's transaction, before anything is saved:
    a held save writes nothing, a chosen way writes the release request or
    the scope change together with the item.
    """
    audit = access.reference_audit(
        actor=actor,
        partnership=partnership,
        owner_party=owner_party,
        scope=scope,
        targets=targets,
        item=item,
    )
    if not audit:
        return GuardOutcome(scope=scope)
    choices = available_choices(audit, may_narrow=may_narrow)
    if choice not in choices:
        raise ReferenceHeld(audit, choices)
    outcome = GuardOutcome(scope=scope, choice=choice, targets=[g.target for g in audit.gaps])
    if choice == "narrow":
        outcome.scope = audit.narrow_to
    elif choice == "drop":
        outcome.drop = {(g.target._meta.label_lower, g.target.pk) for g in audit.gaps}
    elif choice == "release":
        from .documents import _pending_for, release_request_create

        for gap in audit.gaps:
            if _pending_for(gap.target).exists():
                continue
            release_request_create(
                item=gap.target,
                actor=actor,
                purpose=_("Nodig voor een verwijzing in: %(about)s") % {"about": about or "—"},
                audience=ReleaseRequest.Audience.CHOSEN,
                recipients=[p for p in gap.parties if p.pk != gap.target.owner_party_id],
            )
    elif choice == "widen":
        from .documents import item_change_scope

        for gap in audit.gaps:
            item_change_scope(item=gap.target, actor=actor, scope=gap.widen_to)
    return outcome
