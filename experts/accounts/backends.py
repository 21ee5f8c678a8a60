"""How a password is checked (e-mail address or user name) and what django-axes counts failures by.

``settings.AUTHENTICATION_BACKENDS`` and every signed-in session name the backend by the path it
had before it moved here, ``experts.backends.EmailOrUsernameBackend`` (Django keeps that string in
each session and signs out a session whose backend is no longer listed), so that module re-exports
this one and sign-ins keep writing the old path.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


class EmailOrUsernameBackend(ModelBackend):
    """People sign in with their e-mail address; operators' accounts may still use a username."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs
    ) -> AbstractBaseUser | None:
        if not username or password is None:
            return None
        User = get_user_model()
        identifier = username.strip()
        user = (
            User.objects.filter(email__iexact=identifier).order_by("pk").first()
            or User.objects.filter(username=identifier).first()
        )
        if user is None:
            # Spend the same time as a real check so response times do not reveal who has an account.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account key django-axes counts failures against: case and spaces do not make a new one."""
    value = (credentials or {}).get("username") or request.POST.get("email", "")
    return str(value).strip().lower()


# The path sign-ins record in the session (see the module's docstring).
SESSION_BACKEND = "experts.backends.EmailOrUsernameBackend"
