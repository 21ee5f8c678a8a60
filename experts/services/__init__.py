"""Domain actions of the experts directory (HackSoft style: keyword-only functions, no HTTP here),
one module per sub-domain:

- `importing`: `manage.py import_experts` (CSV / JSON Lines, the format in the README);
- `nominations`: focal points' nominations, and the editors' decisions on them;
- `profile`: an expert's change to their profile, a draft revision sent for review;
- `moderation`: the editors' decisions on those drafts in Wagtail's workflow;
- `contact`: the relayed contact form, and a person's data (export, deletion).

Sign-in, membership requests and invitations are the accounts' (`experts.accounts.services`).
Callers import from `experts.services`; the names below are its interface.
"""

from experts.exceptions import AlreadyDecided
from experts.services.common import TAXONOMY_MODELS
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
from experts.services.moderation import decide, decided_already, decline_draft
from experts.services.nominations import approve_nomination, decline_nomination, nominate_expert
from experts.services.profile import (
    SELF_SERVICE_SCALAR_FIELDS,
    editable_translated_fields,
    pending_draft,
    pending_review,
    submit_profile_revision,
)

__all__ = [
    "IMPORT_LIST_COLUMNS",
    "IMPORT_TRANSLATED_COLUMNS",
    "SELF_SERVICE_SCALAR_FIELDS",
    "TAXONOMY_MODELS",
    "AlreadyDecided",
    "ContactRateLimited",
    "ImportReport",
    "ImportRowError",
    "approve_nomination",
    "decide",
    "decided_already",
    "decline_draft",
    "decline_nomination",
    "delete_account",
    "editable_translated_fields",
    "export_personal_data",
    "import_expert_row",
    "import_experts",
    "nominate_expert",
    "pending_draft",
    "pending_review",
    "read_import_rows",
    "send_contact_message",
    "submit_profile_revision",
]
