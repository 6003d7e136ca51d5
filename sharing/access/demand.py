"""Innovation needs and buyer groups: the rules, asked of `projects.selectors_demand`.

The public pages (`portal`) may not import this package, and the rule of who
sees a need must be the same there and here, so it is written once in
`projects.selectors_demand` and re-exported below for the signed-in side
(authoring, bundling, turning a buyer group into a partnership).
"""

from projects.selectors_demand import (
    authorities_of,
    authority_ids_of,
    demand_visibility_q,
    demands_visible_to,
    is_authority_member,
    may_convert_buyer_group,
    may_create_demand,
    may_edit_demand,
    may_join_with,
    may_view_buyer_group,
    may_view_demand,
)

__all__ = [
    "authorities_of",
    "authority_ids_of",
    "demand_visibility_q",
    "demands_visible_to",
    "is_authority_member",
    "may_convert_buyer_group",
    "may_create_demand",
    "may_edit_demand",
    "may_join_with",
    "may_view_buyer_group",
    "may_view_demand",
]
