"""Usage-hour rules: who may correct or remove an entry of operating hours."""

from .seats import Seat


def may_change_usage(seat: Seat, usage) -> bool:
    """The party that entered the hours corrects or removes them, while active.

    The pool manager does not: the hours are the entering party's statement,
    and a correction by someone else would put words in its mouth.
    """
    return seat.is_active and usage.party_id == seat.party.pk
