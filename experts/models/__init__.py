"""Experts, the accounts of members and experts, two-step sign-in, moderation and contact relay.

Public interface (docs/architecture.md, "Public interfaces"): `experts.Expert` with `email` and `get_absolute_url()`.
Visibility rules live in ``expert``, next to the fields they protect: ALWAYS_PUBLIC_FIELDS form the card
a visitor sees; each of OPTIONAL_FIELDS is public only when the expert lists it in
`public_fields`, otherwise members (and editors) alone see it. `email` is never shown to anyone
outside the admin.

The package is split by concern: ``expert`` (the profile and its visibility rules), ``accounts``
(accounts, sign-in attempts, invitations, passkeys), ``moderation`` (revisions, nominations, decisions
and the editors' review task) and ``contact`` (relayed messages). Every model is re-exported here, so
the app label, the migrations and ``from experts.models import Expert`` stay as they were.
"""

from __future__ import annotations

from experts.models.accounts import (
    Account,
    AccountRole,
    AccountStatus,
    FocalPointType,
    Invitation,
    Passkey,
    SignInAttempt,
)
from experts.models.contact import ContactMessage
from experts.models.expert import (
    ALWAYS_PUBLIC_FIELDS,
    OPTIONAL_FIELD_LABELS,
    OPTIONAL_FIELDS,
    TRANSLATED_FIELDS,
    Availability,
    Expert,
    ExpertStatus,
    OrganisationType,
    default_public_fields,
)
from experts.models.moderation import (
    EditorDecision,
    ExpertReviewTask,
    ExpertRevision,
    ModerationDecision,
    Nomination,
    NominationStatus,
    RevisionStatus,
)

__all__ = [
    "ALWAYS_PUBLIC_FIELDS",
    "OPTIONAL_FIELDS",
    "OPTIONAL_FIELD_LABELS",
    "TRANSLATED_FIELDS",
    "Account",
    "AccountRole",
    "AccountStatus",
    "Availability",
    "ContactMessage",
    "EditorDecision",
    "Expert",
    "ExpertReviewTask",
    "ExpertRevision",
    "ExpertStatus",
    "FocalPointType",
    "Invitation",
    "ModerationDecision",
    "Nomination",
    "NominationStatus",
    "OrganisationType",
    "Passkey",
    "RevisionStatus",
    "SignInAttempt",
    "default_public_fields",
]
