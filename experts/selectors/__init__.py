"""Read-side queries of the experts app: who is listed, who may see what, the directory facets.

``profiles`` answers who is listed and which of a profile's fields a reader may see,
``directory`` runs the directory with its filters and facets, ``moderation`` lists what waits for
the editors (profile reviews, membership requests, nominations). Everything is re-exported here;
callers keep importing ``experts.selectors``.
"""

from __future__ import annotations

from experts.selectors.directory import DIRECTORY_FILTERS, EXPERT_FILTERS, DirectoryResult, directory
from experts.selectors.moderation import (
    PendingProfileReview,
    ProfileReview,
    focal_point_account,
    latest_review,
    nominations_of,
    pending_accounts,
    pending_nominations,
    pending_profile_reviews,
)
from experts.selectors.profiles import (
    TAXONOMY_RELATIONS,
    ProfileDisplay,
    can_moderate,
    expert_display,
    expert_for_reader,
    expert_terms,
    expert_values,
    is_member,
    is_web_link,
    member_only_fields,
    profile_display,
    public_profile,
    published_experts,
    published_experts_in,
    shown_text,
    untranslated_experts,
)

__all__ = [
    "DIRECTORY_FILTERS",
    "EXPERT_FILTERS",
    "TAXONOMY_RELATIONS",
    "DirectoryResult",
    "PendingProfileReview",
    "ProfileDisplay",
    "ProfileReview",
    "can_moderate",
    "directory",
    "expert_display",
    "expert_for_reader",
    "expert_terms",
    "expert_values",
    "focal_point_account",
    "is_member",
    "is_web_link",
    "latest_review",
    "member_only_fields",
    "nominations_of",
    "pending_accounts",
    "pending_nominations",
    "pending_profile_reviews",
    "profile_display",
    "public_profile",
    "published_experts",
    "published_experts_in",
    "shown_text",
    "untranslated_experts",
]
