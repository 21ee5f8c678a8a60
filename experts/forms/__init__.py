"""The forms of the expert directory, by concern.

``fields`` holds the shared fields, widgets and mixins; ``account`` the sign-in, membership,
password and two-step forms; ``profile`` the forms an expert or a visitor fills in (profile,
contact, nomination); ``admin`` the editors' forms. Everything is re-exported here, so
``from experts.forms import ProfileForm`` keeps working.
"""

from __future__ import annotations

from experts.forms.account import (
    AccessiblePasswordResetForm,
    AccessibleSetPasswordForm,
    AuthenticatorCodeForm,
    ClaimForm,
    DeleteAccountForm,
    EmailLanguageForm,
    MembershipRequestForm,
    RecoveryCodeForm,
    SignInForm,
)
from experts.forms.admin import (
    BIOGRAPHY_FEATURES,
    ExpertAdminForm,
    InviteForm,
    ModerationCommentForm,
    ReviewForm,
)
from experts.forms.fields import (
    BIOGRAPHY_HELP,
    OFFERED_SPOKEN_LANGUAGES,
    AccessibleFormMixin,
    PasswordPairMixin,
    RepeatedInputWidget,
    SpokenLanguagesField,
    TextListField,
    WebLinkListField,
    availability_field,
    language_choices,
    public_fields_field,
    spoken_language_choices,
    taxonomy_checkboxes,
)
from experts.forms.profile import ContactForm, NominationForm, ProfileForm

__all__ = [
    "BIOGRAPHY_FEATURES",
    "BIOGRAPHY_HELP",
    "OFFERED_SPOKEN_LANGUAGES",
    "AccessibleFormMixin",
    "AccessiblePasswordResetForm",
    "AccessibleSetPasswordForm",
    "AuthenticatorCodeForm",
    "ClaimForm",
    "ContactForm",
    "DeleteAccountForm",
    "EmailLanguageForm",
    "ExpertAdminForm",
    "InviteForm",
    "MembershipRequestForm",
    "ModerationCommentForm",
    "NominationForm",
    "PasswordPairMixin",
    "ProfileForm",
    "RecoveryCodeForm",
    "RepeatedInputWidget",
    "ReviewForm",
    "SignInForm",
    "SpokenLanguagesField",
    "TextListField",
    "WebLinkListField",
    "availability_field",
    "language_choices",
    "public_fields_field",
    "spoken_language_choices",
    "taxonomy_checkboxes",
]
