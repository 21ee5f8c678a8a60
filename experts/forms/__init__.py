"""The forms of the expert directory, by concern.

``fields`` holds the shared fields and widgets; ``profile`` the forms an expert or a visitor fills in (profile,
contact, nomination); ``admin`` the editors' forms. The account forms (sign-in,
membership, claim, passwords, two-step, e-mail language, deletion) and the accessible error wiring
every form uses are in experts.accounts.forms. Everything is re-exported here, so
``from experts.forms import ProfileForm`` keeps working.
"""

from __future__ import annotations

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
    RepeatedInputWidget,
    SpokenLanguagesField,
    TextListField,
    WebLinkListField,
    availability_field,
    public_fields_field,
    spoken_language_choices,
    taxonomy_checkboxes,
)
from experts.forms.profile import ContactForm, NominationForm, ProfileForm

__all__ = [
    "BIOGRAPHY_FEATURES",
    "BIOGRAPHY_HELP",
    "OFFERED_SPOKEN_LANGUAGES",
    "ContactForm",
    "ExpertAdminForm",
    "InviteForm",
    "ModerationCommentForm",
    "NominationForm",
    "ProfileForm",
    "RepeatedInputWidget",
    "ReviewForm",
    "SpokenLanguagesField",
    "TextListField",
    "WebLinkListField",
    "availability_field",
    "public_fields_field",
    "spoken_language_choices",
    "taxonomy_checkboxes",
]
