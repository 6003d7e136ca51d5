"""Notice rules: who a notice concerns, and that it never reaches, or stays
visible to, someone who may not see its item.

A notice points at a scoped item (document, thread, lesson: the item rules
decide) or at a pool booking (the pool rule decides). Recipients are
computed here, then narrowed by `may_receive_notice`; the bell's list is
narrowed by `notice_visibility_q`, so a notice whose item became hidden
since disappears and is never counted.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from projects.models import Booking, Membership

from .items import may, registered_models, users_with, visible
from .pool import may_view_pool
from .seats import seat_for


def may_receive_notice(user, target) -> bool:
    """May `user` be told about `target` (and see it named in the bell)?"""
    if not user.is_active:
        return False
    if isinstance(target, Booking):
        seat = seat_for(user, target.partnership)
        return seat is not None and may_view_pool(seat)
    return may(user, "view", target)


def notice_visibility_q(user, partnership) -> Q:
    """Generic notices of this workspace whose item the user may (still) see.

    One subquery per item model: constant in the number of notices.
    """
    q = Q(pk__in=[])
    for model in registered_models():
        ids = visible(user, model.objects.filter(partnership=partnership)).values("pk")
        q |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=ids)
    seat = seat_for(user, partnership)
    if seat is not None and may_view_pool(seat):
        bookings = Booking.objects.filter(partnership=partnership).values("pk")
        q |= Q(target_type=ContentType.objects.get_for_model(Booking), target_id__in=bookings)
    return q


def release_notice_recipients(release, kind: str, item):
    """Asked, withdrawn: the owner's leads who decide. Decided: the requester."""
    if kind in ("release_requested", "release_withdrawn"):
        return list(users_with("grant_release", item))
    return [release.requested_by]


def lesson_published_recipients(publication):
    """The lesson's owner party: its leads, and whoever proposed it."""
    lesson = publication.lesson
    leads = Membership.objects.filter(
        party_id=lesson.owner_party_id, role=Membership.Role.LEAD
    ).values("user_id")
    users = list(get_user_model().objects.filter(pk__in=leads, is_active=True))
    if publication.proposed_by_id and publication.proposed_by_id not in {u.pk for u in users}:
        users.append(publication.proposed_by)
    return users


def booking_notice_recipients(booking):
    """Who booked, and the leads of the booking party: they move or cancel it."""
    leads = Membership.objects.filter(party_id=booking.party_id, role=Membership.Role.LEAD).values(
        "user_id"
    )
    users = get_user_model().objects.filter(Q(pk__in=leads) | Q(pk=booking.created_by_id))
    return list(users.filter(is_active=True).distinct())


def mention_candidates(thread, query: str = "", limit: int = 8):
    """Members of the workspace who may see the thread, for @-completion.

    Never anyone else: the candidates are those with view permission on the
    thread, whatever the query.
    """
    users = users_with("view", thread).filter(memberships__partnership_id=thread.partnership_id)
    query = (query or "").strip().lstrip("@")
    if query:
        users = users.filter(
            Q(username__istartswith=query)
            | Q(first_name__istartswith=query)
            | Q(last_name__istartswith=query)
        )
    return users.distinct().order_by("username")[:limit]
