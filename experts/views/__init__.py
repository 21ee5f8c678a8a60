"""HTTP layer of the experts directory: the directory, profiles and an expert's self-service.

One module per journey: ``directory`` (the directory, profiles, the contact form and nominations),
``account`` (the account page, the e-mail language, profile edits, data export and deletion: pages
that show or remove the person's directory profile with their account); ``common`` holds what they
share. Getting in (sign-in, membership requests, claiming a profile, two-step sign-in, passkeys) is
in experts.accounts.views, on the floor below. The views are re-exported here, so ``experts.urls``
and ``portal.urls`` keep naming ``views.<name>``.
"""

from __future__ import annotations

from experts.views.account import (
    account_language_view,
    account_view,
    data_export_view,
    delete_account_view,
    profile_edit_view,
)
from experts.views.common import FILE_STORE_RETRY_AFTER_S
from experts.views.directory import (
    DIRECTORY_PAGE_SIZE,
    contact_view,
    directory_view,
    nominate_view,
    profile_view,
)

__all__ = [
    "DIRECTORY_PAGE_SIZE",
    "FILE_STORE_RETRY_AFTER_S",
    "account_language_view",
    "account_view",
    "contact_view",
    "data_export_view",
    "delete_account_view",
    "directory_view",
    "nominate_view",
    "profile_edit_view",
    "profile_view",
]
