"""HTTP layer of the experts app: directory, profiles, accounts and self-service.

Sign-in and invitation links carry a token in their path. Their GET views only move the token
into the session and redirect to a token-free address, so the token never reaches Referer
headers, Django's request logging of error responses, or the pages' own links.

One module per journey: ``directory`` (the directory, profiles, the contact form and nominations),
``sign_in`` (sign-in, membership requests and claiming a profile), ``account`` (an expert's own
account, profile edits, data export and deletion); ``common`` holds the helpers they share. The
views are re-exported here, so ``experts.urls`` and ``portal.urls`` keep naming ``views.<name>``.
"""

from __future__ import annotations

from experts.views.account import (
    account_language_view,
    account_view,
    data_export_view,
    delete_account_view,
    profile_edit_view,
)
from experts.views.common import FILE_STORE_RETRY_AFTER_S, SESSION_CLAIM_TOKEN, no_referrer
from experts.views.directory import (
    DIRECTORY_PAGE_SIZE,
    contact_view,
    directory_view,
    nominate_view,
    profile_view,
)
from experts.views.sign_in import (
    LINK_STATE_STATUS,
    admin_login_redirect,
    claim_link_view,
    claim_view,
    membership_received_view,
    membership_request_view,
    sign_in_confirm_view,
    sign_in_link_view,
    sign_in_resend_view,
    sign_in_sent_view,
    sign_in_view,
    sign_out_view,
)

__all__ = [
    "DIRECTORY_PAGE_SIZE",
    "FILE_STORE_RETRY_AFTER_S",
    "LINK_STATE_STATUS",
    "SESSION_CLAIM_TOKEN",
    "account_language_view",
    "account_view",
    "admin_login_redirect",
    "claim_link_view",
    "claim_view",
    "contact_view",
    "data_export_view",
    "delete_account_view",
    "directory_view",
    "membership_received_view",
    "membership_request_view",
    "no_referrer",
    "nominate_view",
    "profile_edit_view",
    "profile_view",
    "sign_in_confirm_view",
    "sign_in_link_view",
    "sign_in_resend_view",
    "sign_in_sent_view",
    "sign_in_view",
    "sign_out_view",
]
