"""Domain actions of the experts app (HackSoft style: keyword-only functions, no HTTP here except
the session a sign-in is bound to), one module per sub-domain:

- `importing`: `manage.py import_experts` (CSV / JSON Lines, the format in the README);
- `sign_in`: the password, then a link e-mailed for this browser session;
- `membership`, `invitations`, `nominations`: requests to join, invitations to claim a profile,
  focal points' nominations, and the editors' decisions on them;
- `profile`: an expert's change to their profile, a draft revision sent for review;
- `moderation`: the editors' decisions on those drafts in Wagtail's workflow;
- `contact`: the relayed contact form, and a person's data (export, deletion).

Callers import from `experts.services`; the names below are its interface.
"""

from experts.exceptions import AlreadyDecided
from experts.services.common import TAXONOMY_MODELS, User, claim_decision, notify, preferred_language_of
from experts.services.contact import (
    ContactRateLimited,
    delete_account,
    export_personal_data,
    send_contact_message,
)
from experts.services.importing import (
    IMPORT_LIST_COLUMNS,
    IMPORT_TRANSLATED_COLUMNS,
    ImportReport,
    ImportRowError,
    import_expert_row,
    import_experts,
    read_import_rows,
)
from experts.services.invitations import claim_profile, find_invitation, invite_expert
from experts.services.membership import approve_account, request_membership, send_back_account
from experts.services.moderation import decide, decided_already, decline_draft
from experts.services.nominations import approve_nomination, decline_nomination, nominate_expert
from experts.services.profile import (
    SELF_SERVICE_SCALAR_FIELDS,
    editable_translated_fields,
    pending_draft,
    pending_review,
    submit_profile_revision,
)
from experts.services.sign_in import (
    SESSION_ATTEMPT,
    SESSION_BINDING,
    SESSION_LINK_TOKEN,
    LinkCheck,
    LinkState,
    check_sign_in_link,
    complete_sign_in,
    resend_sign_in_link,
    session_attempt,
    set_preferred_language,
    start_sign_in,
)

__all__ = [
    "IMPORT_LIST_COLUMNS",
    "IMPORT_TRANSLATED_COLUMNS",
    "SELF_SERVICE_SCALAR_FIELDS",
    "SESSION_ATTEMPT",
    "SESSION_BINDING",
    "SESSION_LINK_TOKEN",
    "TAXONOMY_MODELS",
    "AlreadyDecided",
    "ContactRateLimited",
    "ImportReport",
    "ImportRowError",
    "LinkCheck",
    "LinkState",
    "User",
    "approve_account",
    "approve_nomination",
    "check_sign_in_link",
    "claim_decision",
    "claim_profile",
    "complete_sign_in",
    "decide",
    "decided_already",
    "decline_draft",
    "decline_nomination",
    "delete_account",
    "editable_translated_fields",
    "export_personal_data",
    "find_invitation",
    "import_expert_row",
    "import_experts",
    "invite_expert",
    "nominate_expert",
    "notify",
    "pending_draft",
    "pending_review",
    "preferred_language_of",
    "read_import_rows",
    "request_membership",
    "resend_sign_in_link",
    "send_back_account",
    "send_contact_message",
    "session_attempt",
    "set_preferred_language",
    "start_sign_in",
    "submit_profile_revision",
]
