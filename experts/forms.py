from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.validators import URLValidator
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.rich_text import expand_db_html

from experts.images import process_photo
from experts.models import OPTIONAL_FIELD_LABELS, OPTIONAL_FIELDS, Availability, Expert, OrganisationType
from knowledge.models import Action, City, Pollutant, Sector, Theme
from portal.i18n import (
    DEFAULT_LANGUAGE,
    is_language_code,
    language_codes,
    language_name,
    language_name_local,
    localized_field,
)
from portal.sanitize import html_to_text, sanitize_html, text_to_html


def taxonomy_checkboxes(model: type[models.Model], *, label: str) -> forms.ModelMultipleChoiceField:
    """An optional set of taxonomy terms, ticked as checkboxes and posted by slug."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=model.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


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


# The languages offered as ticks on the profile forms: the portal's four, the languages of the
# region's cities and neighbours, and the languages of international work there. A short list a
# person can read and tab through; a language an expert already has stays offered (see
# spoken_language_choices), so nothing recorded by an import or an editor is lost on saving.
OFFERED_SPOKEN_LANGUAGES: tuple[str, ...] = (
    *("en", "vi", "id", "th", "ms", "tl", "lo", "km", "my", "zh", "ja", "ko", "mn"),
    *("hi", "bn", "ne", "si", "ta", "ur", "dz", "dv", "fr", "es", "de", "ru", "ar", "pt"),
)


def spoken_language_choices(keep: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """``(code, name)`` of the languages a profile may list, named and sorted in the reader's
    language ("Tagalog", "ภาษาลาว"), with the codes in ``keep`` added when they are not offered."""
    codes = dict.fromkeys([*OFFERED_SPOKEN_LANGUAGES, *(code for code in keep if is_language_code(code))])
    return sorted(((code, language_name(code)) for code in codes), key=lambda choice: choice[1].casefold())


class SpokenLanguagesField(forms.MultipleChoiceField):
    """Languages ticked by name; the stored value stays a list of ISO 639-1 codes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", spoken_language_choices)
        super().__init__(**kwargs)

    def keep(self, codes: list[str] | tuple[str, ...]) -> None:
        """Offer ``codes`` too (a profile's current languages), so saving never drops one."""
        self.choices = spoken_language_choices(keep=codes)


# How to write a biography without HTML, said once for the public form and the preview.
BIOGRAPHY_HELP = _(
    "Leave an empty line between paragraphs. Start lines with “- ” for a list or “1. ” for a "
    "numbered list. **Bold**, *italic* and [link text](https://…) work; web addresses become links."
)


def availability_field() -> forms.MultipleChoiceField:
    """What an expert is available for, as named ticks (the profile form and the admin's)."""
    return forms.MultipleChoiceField(
        label=_("Available to"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def public_fields_field(*, help_text: str) -> forms.MultipleChoiceField:
    """Which optional fields everyone may see, as named ticks (the profile form and the admin's)."""
    return forms.MultipleChoiceField(
        label=_("Show to everyone"),
        choices=[(field, OPTIONAL_FIELD_LABELS[field]) for field in OPTIONAL_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
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


class PasswordPairMixin:
    def clean_password2(self) -> str:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords do not match."), code="password_mismatch")
        if second:
            validate_password(second, self._password_user())
        return second

    def _password_user(self):
        return None


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


class ProfileForm(AccessibleFormMixin, forms.Form):
    """An expert's own profile. Values go into a revision; editors approve before they show."""

    organisation_type = forms.ChoiceField(
        label=_("Organisation type"), choices=[("", "—"), *OrganisationType.choices], required=False
    )
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), to_field_name="slug")
    themes = taxonomy_checkboxes(Theme, label=_("Themes"))
    pollutants = taxonomy_checkboxes(Pollutant, label=_("Pollutants"))
    sectors = taxonomy_checkboxes(Sector, label=_("Source sectors"))
    actions = taxonomy_checkboxes(Action, label=_("Actions"))
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, for example: sensor networks."),
    )
    languages = SpokenLanguagesField(label=_("Languages you speak"), required=False)
    links = forms.CharField(
        label=_("Links and publications"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address (http or https) per line."),
    )
    availability = availability_field()
    public_fields = public_fields_field(
        help_text=_(
            "Name, position, organisation, city, expertise and languages are always public. "
            "Fields you leave unticked are shown to signed-in members only. Your e-mail address is never shown."
        )
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB and 25 megapixels. It is resized to 800 pixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        texts = {"position": _("Position"), "organisation": _("Organisation"), "biography": _("Biography")}
        for field, label in texts.items():
            for code in language_codes():
                name = localized_field(field, code)
                language = language_name_local(code)
                if field == "biography":
                    self.fields[name] = forms.CharField(
                        label=f"{label} ({language})",
                        required=False,
                        max_length=20000,
                        widget=forms.Textarea(attrs={"rows": 8, "lang": code, "data-text-marks": ""}),
                        help_text=BIOGRAPHY_HELP,
                    )
                else:
                    self.fields[name] = forms.CharField(
                        label=f"{label} ({language})",
                        required=False,
                        max_length=250,
                        widget=forms.TextInput(attrs={"lang": code}),
                    )
        # The languages the profile (or its pending change) lists stay offered even when they
        # are not on the short list, and so does whatever was posted.
        posted = self.data.getlist("languages") if hasattr(self.data, "getlist") else []
        self.fields["languages"].keep([*(self.initial.get("languages") or []), *posted])
        self._describe_fields()

    @classmethod
    def initial_for(cls, expert: Expert) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "organisation_type": expert.organisation_type,
            "city": expert.city,
            "themes": list(expert.themes.all()),
            "pollutants": list(expert.pollutants.all()),
            "sectors": list(expert.sectors.all()),
            "actions": list(expert.actions.all()),
            "skills": "\n".join(expert.skills or []),
            "languages": list(expert.languages or []),
            "links": "\n".join(expert.links or []),
            "availability": list(expert.availability or []),
            "public_fields": list(expert.public_fields or []),
        }
        for field in ("position", "organisation", "biography"):
            for code in language_codes():
                name = localized_field(field, code)
                value = getattr(expert, name) or ""
                # The biography is stored as sanitised HTML and edited as text with light marks.
                initial[name] = html_to_text(value) if field == "biography" else value
        return initial

    @classmethod
    def initial_from_revision(cls, data: dict[str, Any]) -> dict[str, Any]:
        initial = dict(data)
        for key in ("skills", "links"):
            initial[key] = "\n".join(data.get(key, []))
        initial["languages"] = list(data.get("languages", []))
        for code in language_codes():
            name = localized_field("biography", code)
            initial[name] = html_to_text(data.get(name) or "")
        return initial

    def clean_skills(self) -> list[str]:
        raw = self.cleaned_data.get("skills", "").replace("\r", "")
        return list(dict.fromkeys(item.strip()[:100] for item in raw.split("\n") if item.strip()))[:30]

    def clean_links(self) -> list[str]:
        links = [item.strip() for item in self.cleaned_data.get("links", "").split() if item.strip()]
        check = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                check(link)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("“%(link)s” is not a web address starting with http:// or https://."),
                    params={"link": link[:100]},
                    code="bad_link",
                ) from error
        return links

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return process_photo(upload)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for code in language_codes():
            name = localized_field("biography", code)
            cleaned[name] = text_to_html(cleaned.get(name) or "")
        return cleaned

    def revision_data(self) -> dict[str, Any]:
        """The cleaned values in the JSON shape a revision stores (slugs for related terms)."""
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name in ("photo", "remove_photo"):
                continue
            if name == "city":
                data[name] = value.slug
            elif name in ("themes", "pollutants", "sectors", "actions"):
                data[name] = [term.slug for term in value]
            else:
                data[name] = value
        return data


class ContactForm(AccessibleFormMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The expert receives your name, organisation and e-mail address so they can reply. "
            "Their address is not shown to you."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()


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


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the person"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class InviteForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("Expert"), queryset=Expert.objects.filter(user__isnull=True).order_by("name")
    )
    email = forms.EmailField(
        label=_("Send to"), required=False, help_text=_("Leave empty to use the address on the profile.")
    )
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=language_choices)


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


class NominationForm(AccessibleFormMixin, forms.Form):
    """A focal point's nomination of an expert for the directory."""

    name = forms.CharField(label=_("Expert's full name"), max_length=200)
    email = forms.EmailField(
        label=_("Expert's e-mail address"),
        help_text=_("The invitation to claim the profile goes here; it is never shown on the portal."),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=250)
    organisation_type = forms.ChoiceField(label=_("Organisation type"), choices=OrganisationType.choices)
    city = forms.ModelChoiceField(
        label=_("City"), queryset=City.objects.all(), to_field_name="slug", empty_label=_("Choose a city")
    )
    themes = taxonomy_checkboxes(Theme, label=_("Themes"))
    actions = taxonomy_checkboxes(Action, label=_("Expertise (actions)"))
    reason = forms.CharField(
        label=_("Why this expert"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the expert has done and how they could help other cities."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=language_choices, initial=DEFAULT_LANGUAGE
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Expert.objects.filter(email=email).exists():
            raise forms.ValidationError(
                _("An expert with this e-mail address is already in the directory."), code="exists"
            )
        return email


# --- The expert's editing form in the Wagtail admin ----------------------------------------------


class RepeatedInputWidget(forms.Widget):
    """One labelled input per list item and a few empty ones to add more, all posted under one
    name: a list is edited as rows, never as JSON. Works without JavaScript."""

    def __init__(self, *, input_type: str = "text", item_label: Any, extra: int = 3, attrs=None) -> None:
        super().__init__(attrs)
        self.input_type, self.item_label, self.extra = input_type, item_label, extra

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else id_

    def render(self, name: str, value: Any, attrs=None, renderer=None) -> str:
        items = [str(item) for item in (value if isinstance(value, list | tuple) else [])]
        base_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        rows = []
        for number, item in enumerate([*items, *[""] * self.extra]):
            row_id = f"{base_id}_{number}"
            rows.append(
                format_html(
                    '<div class="repeated-input__row"><label for="{}">{} {}</label> '
                    '<input type="{}" name="{}" id="{}" value="{}"></div>',
                    row_id,
                    self.item_label,
                    number + 1,
                    self.input_type,
                    name,
                    row_id,
                    item,
                )
            )
        return format_html('<div class="repeated-input" id="{}">{}</div>', base_id, mark_safe("".join(rows)))  # noqa: S308 - rows escaped by format_html

    def value_from_datadict(self, data, files, name: str) -> list[str]:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return [values] if isinstance(values, str) else list(values)

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        # An empty list posts nothing, and that means "no items", not "leave as it was".
        return False


class TextListField(forms.Field):
    """A list of short texts, one per row: blanks dropped, repeats removed, each trimmed."""

    def __init__(self, *, max_items: int = 30, max_length: int = 100, **kwargs: Any) -> None:
        self.max_items, self.max_length = max_items, max_length
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:
        items = value if isinstance(value, list | tuple) else [value] if value else []
        cleaned = list(
            dict.fromkeys(str(item).strip()[: self.max_length] for item in items if str(item).strip())
        )
        if len(cleaned) > self.max_items:
            raise forms.ValidationError(
                _("At most %(count)d items."), params={"count": self.max_items}, code="too_many"
            )
        return cleaned


class WebLinkListField(TextListField):
    """Web addresses (http or https), one per row."""

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        check = URLValidator(schemes=["http", "https"])
        for link in value:
            try:
                check(link)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("“%(link)s” is not a web address starting with http:// or https://."),
                    params={"link": link[:100]},
                    code="bad_link",
                ) from error


# The toolbar the admin's biography editor offers: what sanitize_html keeps, nothing more.
BIOGRAPHY_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class ExpertAdminForm(WagtailAdminModelForm):
    """Skills, languages, links and availability as rows and ticks instead of raw JSON, and the
    biography in each language as rich text with a small toolbar."""

    skills = TextListField(
        label=_("Skills"), required=False, widget=RepeatedInputWidget(item_label=_("Skill"))
    )
    languages = SpokenLanguagesField(label=_("Languages spoken"), required=False)
    links = WebLinkListField(
        label=_("Links and publications"),
        required=False,
        max_length=500,
        widget=RepeatedInputWidget(input_type="url", item_label=_("Web address")),
    )
    availability = availability_field()
    public_fields = public_fields_field(
        help_text=_("Optional fields everyone may see; the others are shown to members only.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = list(getattr(self.instance, "languages", None) or [])
        posted = self.data.getlist("languages") if hasattr(self.data, "getlist") else []
        self.fields["languages"].keep([*languages, *posted])
        for code in language_codes():
            name = localized_field("biography", code)
            if name in self.fields:
                self.fields[name].widget = DraftailRichTextArea(features=BIOGRAPHY_FEATURES)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for code in language_codes():
            name = localized_field("biography", code)
            if cleaned.get(name):
                # A link the editor chose from the page chooser is stored by Wagtail as a page
                # id; it becomes the page's address before sanitising keeps only href.
                cleaned[name] = sanitize_html(expand_db_html(cleaned[name]))
        return cleaned
