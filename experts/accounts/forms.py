"""Forms of the account journey: sign-in, membership request, claim, e-mail language, password reset,
account deletion and the two-step (authenticator and recovery code) forms; and what every form of
the portal's people shares: the accessible error wiring, the e-mail language choices and the new
password typed twice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from experts.accounts.tasks import render_email, send_email
from knowledge.models import City
from portal.i18n import DEFAULT_LANGUAGE, language_codes, language_name_local


class AccessibleFormMixin:
    """Links help texts and errors to their inputs with aria-describedby, and flags aria-invalid."""

    def _describe_fields(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if self.is_bound and name in self.errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()
        self._describe_fields()

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor id, field label, message) for the summary at the top of the form."""
        items = []
        for name, errors in self.errors.items():
            if name == "__all__":
                items.extend(("", "", str(error)) for error in errors)
                continue
            bound = self[name]
            items.extend((bound.auto_id, str(bound.label), str(error)) for error in errors)
        return items


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name_local(code)) for code in language_codes()]


# --- The new password, typed twice -------------------------------------------------------------
# The join form and the claim form both ask for a new password twice. Both fields and their
# check are declared once here; each form places the pair in its class body (where the order of
# its fields is decided) and says whom the password belongs to, for the similarity validator.


def password_pair(*, label: str) -> tuple[forms.CharField, forms.CharField]:
    """The two inputs of a new password: ``password1`` (with ``label``) and ``password2``."""
    first = forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    second = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    return first, second


class PasswordPairMixin:
    """Checks a ``password_pair``: the two must match, and the second must pass the password
    validators (AUTH_PASSWORD_VALIDATORS) for the person ``_password_user`` describes."""

    def clean_password2(self) -> str:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords do not match."), code="password_mismatch")
        if second:
            validate_password(second, self._password_user())
        return second

    def _password_user(self) -> AbstractBaseUser | None:
        return None


class SignInForm(AccessibleFormMixin, forms.Form):
    # One sign-in for everyone, the admin's too: members and experts use their e-mail address,
    # the local administrator the user name the README gives (`admin`); EmailOrUsernameBackend
    # accepts both, so the label says both and the input is not type="email".
    email = forms.CharField(
        label=_("E-mail address or user name"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request: HttpRequest, **kwargs) -> None:
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            # django-axes counts failures per account and per address inside authenticate().
            self.user = authenticate(self.request, username=email, password=password)
            if self.user is None:
                raise forms.ValidationError(
                    _(
                        "The e-mail address or user name and the password do not match an account. "
                        "Check both and try again."
                    ),
                    code="invalid_login",
                )
        return cleaned


class MembershipRequestForm(AccessibleFormMixin, PasswordPairMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Work e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    organisation = forms.CharField(
        label=_("City government or ministry"),
        max_length=250,
        help_text=_("Where you work, for example Da Nang Department of Natural Resources and Environment."),
    )
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Choose a city"),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for e-mails"), choices=language_choices, initial=DEFAULT_LANGUAGE
    )
    password1, password2 = password_pair(label=_("Password"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def clean_email(self) -> str:
        # Whether the address has an account is told only to its owner, by e-mail (see
        # services.request_membership): the form answers the same either way.
        return self.cleaned_data["email"].strip().lower()

    def _password_user(self) -> AbstractBaseUser:
        return get_user_model()(
            email=self.cleaned_data.get("email", ""), first_name=self.cleaned_data.get("full_name", "")
        )


class EmailLanguageForm(AccessibleFormMixin, forms.Form):
    """The language the portal writes to this person in, changeable on the account page."""

    preferred_language = forms.ChoiceField(label=_("Language for e-mails"), choices=language_choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()


class ClaimForm(AccessibleFormMixin, PasswordPairMixin, forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Language for e-mails"), choices=language_choices, initial=DEFAULT_LANGUAGE
    )
    password1, password2 = password_pair(label=_("Choose a password"))

    def __init__(self, *args, email: str = "", **kwargs) -> None:
        self.email = email
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def _password_user(self) -> AbstractBaseUser:
        return get_user_model()(email=self.email)


class DeleteAccountForm(AccessibleFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Deleting cannot be undone: your account and expert profile are removed."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password


class AccessiblePasswordResetForm(AccessibleFormMixin, PasswordResetForm):
    """Django's reset form, with its e-mail sent through the task queue in the language of the page
    the reset was asked for on (as the sign-in link is): the reader chose that language, and the
    e-mailed link and the pages after it stay in it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        language = get_language() or DEFAULT_LANGUAGE
        subject, body = render_email(template="password_reset", context=context, language=language)
        send_email.enqueue(to=[to_email], subject=subject, body=body)


class AccessibleSetPasswordForm(AccessibleFormMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()


class AuthenticatorCodeForm(AccessibleFormMixin, forms.Form):
    """The six-digit code of an authenticator app (or a recovery code), typed after the password."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        help_text=_("Six digits. Lost your phone? Enter one of your recovery codes instead."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()


class RecoveryCodeForm(AuthenticatorCodeForm):
    """The second step of someone with passkeys but no app: the box takes a recovery code."""

    code = forms.CharField(
        label=_("Recovery code"),
        max_length=20,
        help_text=_("Lost the device with your passkey? Enter one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
