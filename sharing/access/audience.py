"""Who reads an item: the parties in its audience.

One function says which parties may view an item of a given owner and
scope; `sync` materialises it as object permissions, and the reference
guard compares audiences before something is saved, so both always agree.
"""

from collections.abc import Iterable

from projects.models import Party

from ..models.scoped import Scope


def viewer_party_ids(
    *, owner: Party, scope: str, parties: Iterable[Party], released_to: Iterable[int] = ()
) -> set[int]:
    """The ids of the parties that may view an item owned by `owner` with `scope`.

    `parties` are all parties of the partnership; `released_to` the parties a
    granted release to chosen parties added (confidential items only).
    """
    parties = {p.pk: p for p in parties}
    active = [p for p in parties.values() if p.is_active]
    viewers = {owner.pk}
    if scope == Scope.SHARED:
        viewers |= {p.pk for p in active}
    elif scope == Scope.CONFIDENTIAL:
        viewers |= {p.pk for p in active if p.is_client}
        viewers |= {pk for pk in released_to if pk in parties and parties[pk].is_active}
    return viewers
