"""The market consultation: the rules, asked of `projects.selectors_consultation`.

Written once there (the public profile shows whether one may register),
re-exported here for the signed-in views of candidates and of the client.
"""

from projects.selectors_consultation import (
    candidate_of,
    is_consultation_client,
    may_ask,
    may_edit_answer,
    may_manage_consultation,
    may_read_published_answers,
    may_register,
    questions_visible_to,
    registrable_organisations,
)

__all__ = [
    "candidate_of",
    "is_consultation_client",
    "may_ask",
    "may_edit_answer",
    "may_manage_consultation",
    "may_read_published_answers",
    "may_register",
    "questions_visible_to",
    "registrable_organisations",
]
