"""Domain actions of the accounts (keyword-only functions, no HTTP here except the session a
sign-in is bound to), one module per sub-domain:

- `sign_in`: the password, then a link e-mailed for this browser session;
- `membership`: requests to join and the editors' decisions on them;
- `invitations`: an editor's invitation to claim a directory profile, and claiming it;
- `common`: who decided first, e-mailing a person in their language, the audit trail's hook.

Callers import from `experts.accounts.services`; the names below are its interface.
"""

from experts.accounts.services.common import (
    AuditEntry,
    User,
    claim_decision,
    log_decision,
    notify,
    preferred_language_of,
    register_decision_log,
)
from experts.accounts.services.invitations import claim_profile, find_invitation, invite_expert
from experts.accounts.services.membership import approve_account, request_membership, send_back_account
from experts.accounts.services.sign_in import (
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
    "SESSION_ATTEMPT",
    "SESSION_BINDING",
    "SESSION_LINK_TOKEN",
    "AuditEntry",
    "LinkCheck",
    "LinkState",
    "User",
    "approve_account",
    "check_sign_in_link",
    "claim_decision",
    "claim_profile",
    "complete_sign_in",
    "find_invitation",
    "invite_expert",
    "log_decision",
    "notify",
    "preferred_language_of",
    "register_decision_log",
    "request_membership",
    "resend_sign_in_link",
    "send_back_account",
    "session_attempt",
    "set_preferred_language",
    "start_sign_in",
]
