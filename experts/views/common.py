"""What the directory's views share. (The helpers of the account views, no-referrer pages, the base
URL of e-mailed links and safe ``next`` addresses, are in experts.accounts.http.)"""

from __future__ import annotations

# A file store outage is usually a restart or a network blip: ask again in a few minutes.
FILE_STORE_RETRY_AFTER_S = 300
