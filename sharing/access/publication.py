"""Lesson publication rules.

Publishing a lesson on the public site needs two consents: the owner
party's lead (it is that party's knowledge) and a client lead (the
authority answers for what the partnership says in public). The item rules
decide who may read the lesson at all; these add the roles.
"""

from .items import ItemChecker
from .seats import Seat


def may_propose_publication(user, seat: Seat, lesson, checker=None) -> bool:
    """Propose a lesson for publication: its owner party's members, or a client lead.

    Pass an `ItemChecker` that has prefetched the lesson to ask without queries.
    """
    checker = checker or ItemChecker(user)
    if not checker.may("view", lesson):
        return False
    return checker.may("change", lesson) or seat.is_client_lead


def may_consent_as_owner(user, lesson, checker=None) -> bool:
    """Consent for the owner party: its active leads (who also decide on releases)."""
    return (checker or ItemChecker(user)).may("grant_release", lesson)


def may_consent_as_client(user, seat: Seat, lesson, checker=None) -> bool:
    """Consent for the client: an active client lead who can read the lesson."""
    return seat.is_client_lead and (checker or ItemChecker(user)).may("view", lesson)


def consents_user_may_give(user, seat: Seat, publication, checker=None) -> list[str]:
    """The consents ("owner", "client") a proposal still lacks that this user may give."""
    checker = checker or ItemChecker(user)
    lesson, roles = publication.lesson, []
    if publication.owner_consent_at is None and may_consent_as_owner(user, lesson, checker):
        roles.append("owner")
    if publication.client_consent_at is None and may_consent_as_client(user, seat, lesson, checker):
        roles.append("client")
    return roles


def may_withdraw_publication(user, seat: Seat, publication, checker=None) -> bool:
    """Stop a proposal before it is public: the proposer or anyone whose consent it needs."""
    checker = checker or ItemChecker(user)
    lesson = publication.lesson
    if not checker.may("view", lesson):
        return False
    return (
        publication.proposed_by_id == user.pk
        or may_consent_as_owner(user, lesson, checker)
        or may_consent_as_client(user, seat, lesson, checker)
    )


# The equipment pool and the sections are shared by the whole partnership:
