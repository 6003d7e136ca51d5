"""The one access package of Partnerwerk.

Every "may this user see / change / post" in a workspace is answered here;
views, forms, querysets, consumers, search, exports, e-mails and live frames
ask this package and decide nothing on their own. Callers use
`from sharing import access` and the names re-exported below.

Two kinds of rule live here:

* **Workspace rules** (`seats`, `pool`, `phases`) follow from a person's membership:
  who may enter a workspace, manage parties and members, read the audit log,
  create items, book pool equipment.
* **Item rules** (`items`, `publication`, `messages`) follow from an item's scope and
  owner party. They are materialised as django-guardian object permissions
  on direct foreign-key tables, granted to party groups (and, for lead-only
  actions, to the lead users), by `sync` — the only code that writes those
  tables. Reads use guardian's checker and `get_objects_for_user`.

The model (see DESIGN.md):

    scope         who may view
    shared        every active party, and the owner party
    confidential  active client parties (client, co-client), and the owner
    internal      the owner party only

The owner party always keeps read access to its own items, even after it has
dropped out. Only an active owner may add versions (members) or change the
scope and decide on releases (its leads). Active client parties may request
the release of a confidential item they do not own. A granted release to
chosen parties adds view access for those parties only.

* **Demand rules** (`demand`) for innovation needs and buyer groups are
  written once in `projects.selectors_demand` (the public site asks them
  too) and re-exported here; `consultation` likewise for the market
  consultation ledger.

Superusers get no shortcut: platform administration is not a licence to read
a contractor's confidential work.

Guardian is an implementation detail of this package: no module outside it
imports `guardian` (checked by ruff's banned-API rule in `make lint`).
"""

from .consultation import (
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
from .demand import (
    authorities_of,
    demands_visible_to,
    is_authority_member,
    may_convert_buyer_group,
    may_create_demand,
    may_edit_demand,
    may_join_with,
    may_view_buyer_group,
    may_view_demand,
)
from .exports import (
    export_items,
    export_pool_filter,
    may_download_export,
    may_export_partnership,
    may_export_party,
    may_request_export,
)
from .groups import (
    log_refused_party_groups,
    on_party_access_changed,
    on_user_groups_changed,
    party_group_ids,
    reconcile_party_groups,
    reconciling,
)
from .items import (
    Action,
    ItemChecker,
    item_for_user,
    may,
    register,
    registered_models,
    users_with,
    visible,
)
from .messages import KnownChecker, may_delete_message, may_edit_message, thread_audience
from .moderation import may_moderate_thread
from .notices import (
    booking_notice_recipients,
    lesson_published_recipients,
    may_receive_notice,
    mention_candidates,
    notice_visibility_q,
    release_notice_recipients,
)
from .phases import (
    evidence_choices,
    evidence_documents,
    may_advance_instalment,
    may_assess,
    may_confirm_decision,
    may_decide,
    may_manage_phases,
    may_publish_under_rights,
    may_view_phases,
    phase_event_recipients,
    row_for_seat,
    sees_every_contractor,
    visible_assessments,
    visible_contractors,
    visible_decisions,
    visible_instalments,
    visible_purchase_decisions,
    visible_rights,
    visible_targets,
)
from .pool import (
    may_book_for,
    may_cancel_booking,
    may_log_usage,
    may_manage_pool,
    may_manage_sections,
    may_move_booking,
    may_see_booking_party,
    may_view_pool,
)
from .publication import (
    consents_user_may_give,
    may_consent_as_client,
    may_consent_as_owner,
    may_propose_publication,
    may_withdraw_publication,
)
from .references import (
    About,
    Audit,
    Gap,
    audience_of,
    ref_viewers,
    reference_audit,
    thread_about_for,
    visible_refs,
)
from .releases import may_decide_release, may_withdraw_release, release_recipient_parties
from .seats import (
    Seat,
    may_create_items,
    may_create_with_owner,
    may_manage_members,
    may_manage_parties,
    may_moderate_messages,
    may_view_audit,
    may_view_release_requests,
    may_view_visit_registrations,
    seat_for,
    workspace_for_user,
    workspaces_for_user,
)
from .sync import sync_item, sync_partnership
from .usage import may_change_usage

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
    "authorities_of",
    "demands_visible_to",
    "is_authority_member",
    "may_convert_buyer_group",
    "may_create_demand",
    "may_edit_demand",
    "may_join_with",
    "may_view_buyer_group",
    "may_view_demand",
    "About",
    "Action",
    "Audit",
    "Gap",
    "booking_notice_recipients",
    "lesson_published_recipients",
    "may_receive_notice",
    "mention_candidates",
    "notice_visibility_q",
    "release_notice_recipients",
    "ItemChecker",
    "KnownChecker",
    "Seat",
    "audience_of",
    "consents_user_may_give",
    "export_items",
    "export_pool_filter",
    "evidence_choices",
    "evidence_documents",
    "item_for_user",
    "log_refused_party_groups",
    "may",
    "may_advance_instalment",
    "may_assess",
    "may_book_for",
    "may_cancel_booking",
    "may_move_booking",
    "may_change_usage",
    "may_confirm_decision",
    "may_consent_as_client",
    "may_consent_as_owner",
    "may_create_items",
    "may_create_with_owner",
    "may_download_export",
    "may_export_partnership",
    "may_export_party",
    "may_delete_message",
    "may_edit_message",
    "may_decide",
    "may_decide_release",
    "may_log_usage",
    "may_manage_members",
    "may_manage_parties",
    "may_manage_phases",
    "may_manage_pool",
    "may_manage_sections",
    "may_moderate_messages",
    "may_moderate_thread",
    "may_propose_publication",
    "may_request_export",
    "may_publish_under_rights",
    "may_see_booking_party",
    "may_view_audit",
    "may_view_phases",
    "may_view_pool",
    "may_view_release_requests",
    "may_view_visit_registrations",
    "may_withdraw_publication",
    "may_withdraw_release",
    "on_party_access_changed",
    "on_user_groups_changed",
    "party_group_ids",
    "phase_event_recipients",
    "reconcile_party_groups",
    "reconciling",
    "ref_viewers",
    "reference_audit",
    "register",
    "registered_models",
    "release_recipient_parties",
    "row_for_seat",
    "seat_for",
    "sees_every_contractor",
    "sync_item",
    "sync_partnership",
    "thread_audience",
    "thread_about_for",
    "users_with",
    "visible",
    "visible_assessments",
    "visible_contractors",
    "visible_decisions",
    "visible_instalments",
    "visible_purchase_decisions",
    "visible_refs",
    "visible_rights",
    "visible_targets",
    "workspace_for_user",
    "workspaces_for_user",
]
