"""Thread moderation: close, reopen and pin threads."""

from .seats import Seat


def may_moderate_thread(seat: Seat) -> bool:
    """Client leads keep order in their workspace: close, reopen, pin threads.

    The same people who may remove any message (`may_moderate_messages`);
    they still must be able to see the thread (the caller gets it through a
    selector that answers 404 otherwise).
    """
    return seat.is_client_lead
