"""Forms of the account journey: sign-in, membership request, claim, e-mail language, password reset,
account deletion and the two-step (authenticator and recovery code) forms.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from experts.forms.fields import AccessibleFormMixin, PasswordPairMixin, language_choices
from knowledge.models import City
from portal.i18n import (
    DEFAULT_LANGUAGE,
)


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
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def clean_email(self) -> str:
        # Whether the address has an account is told only to its owner, by e-mail (see
        # services.request_membership): the form answers the same either way.
        return self.cleaned_data["email"].strip().lower()

    def _password_user(self):
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
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs) -> None:
        self.email = email
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def _password_user(self):
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
        from experts.tasks import render_email, send_email

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
