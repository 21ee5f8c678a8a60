"""Accounts: who a person is to the portal and how they get in, on the floor below the experts
directory.

Identity and roles (``models``: accounts, sign-in attempts, invitations, passkeys; app label
``experts``), sign-in (``services.sign_in``: the password then an e-mailed link; ``two_factor``:
authenticator codes and recovery codes; ``passkeys``: WebAuthn; ``backends``: e-mail or user name;
``ratelimit``: the per-client limit of forms that send e-mail), membership requests and
invitations (``services.membership``, ``services.invitations``), the e-mails they send (``tasks``),
their forms (``forms``) and views (``views``, ``two_factor_views``, ``passkey_views``).

The directory (profiles, moderation, import, directory search) may import this package; this
package never imports the directory. The import-linter contract ``accounts-below-directory`` in
pyproject.toml says so. The URLs stay in ``experts.urls`` (namespace ``experts``) and the templates
under ``experts/templates/experts/accounts/``, so no address or template name changed.
"""
