"""The old path of the authentication backend, kept for what stores it outside the code.

Django records ``experts.backends.EmailOrUsernameBackend`` in every signed-in session and checks it
against ``settings.AUTHENTICATION_BACKENDS``; ``AXES_USERNAME_CALLABLE`` names
``experts.backends.axes_username``. Moving those strings would sign everyone out, so the code lives
in experts.accounts.backends and is re-exported here.
"""

from experts.accounts.backends import EmailOrUsernameBackend, axes_username

__all__ = ["EmailOrUsernameBackend", "axes_username"]
