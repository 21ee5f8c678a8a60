"""Experts, their moderation and the contact relay.

Public interface (docs/architecture.md, "Public interfaces"): `experts.Expert` with `email` and `get_absolute_url()`.
Visibility rules live in ``expert``, next to the fields they protect: ALWAYS_PUBLIC_FIELDS form the card
a visitor sees; each of OPTIONAL_FIELDS is public only when the expert lists it in
`public_fields`, otherwise members (and editors) alone see it. `email` is never shown to anyone
outside the admin.

The package is split by concern: ``expert`` (the profile and its visibility rules), ``moderation`` (revisions, nominations, decisions
and the editors' review task) and ``contact`` (relayed messages). Every model is re-exported here, so
the app label, the migrations and ``from experts.models import Expert`` stay as they were. The
accounts' models (accounts, sign-in attempts, invitations, passkeys) are imported from
``experts.accounts.models``, the floor below the directory; they keep this app's label.
"""

from __future__ import annotations

# Django registers a model when its module is imported; the accounts' models live on the floor
# below (experts.accounts.models) with this app's label, so loading the app's models loads them.
from experts.accounts import models as accounts_models  # noqa: F401
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
    "Availability",
    "ContactMessage",
    "EditorDecision",
    "Expert",
    "ExpertReviewTask",
    "ExpertRevision",
    "ExpertStatus",
    "ModerationDecision",
    "Nomination",
    "NominationStatus",
    "OrganisationType",
    "RevisionStatus",
    "default_public_fields",
]
