"""Forms filled in on the public side: an expert's own profile, the contact form on a profile and the
nomination of an expert.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from experts.accounts.forms import AccessibleFormMixin, language_choices
from experts.forms.fields import (
    BIOGRAPHY_HELP,
    SpokenLanguagesField,
    availability_field,
    public_fields_field,
    taxonomy_checkboxes,
    validate_web_links,
)
from experts.images import process_photo
from experts.models import Expert, OrganisationType
from knowledge.models import Action, City, Pollutant, Sector, Theme
from portal.i18n import (
    DEFAULT_LANGUAGE,
    language_codes,
    language_name_local,
    localized_field,
)
from portal.sanitize import html_to_text, text_to_html


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
        """The form filled from a version of the profile: the live one, or the expert's draft
        rebuilt from its revision (whose expertise terms are in `revision_expertise`)."""
        expertise = getattr(expert, "revision_expertise", None) or {}

        def terms(relation: str) -> list[models.Model]:
            if relation in expertise:
                model = Expert._meta.get_field(relation).related_model
                return list(model.objects.filter(slug__in=expertise[relation]))
            return list(getattr(expert, relation).all())

        initial: dict[str, Any] = {
            "organisation_type": expert.organisation_type,
            "city": expert.city,
            "themes": terms("themes"),
            "pollutants": terms("pollutants"),
            "sectors": terms("sectors"),
            "actions": terms("actions"),
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

    def clean_skills(self) -> list[str]:
        raw = self.cleaned_data.get("skills", "").replace("\r", "")
        return list(dict.fromkeys(item.strip()[:100] for item in raw.split("\n") if item.strip()))[:30]

    def clean_links(self) -> list[str]:
        links = [item.strip() for item in self.cleaned_data.get("links", "").split() if item.strip()]
        validate_web_links(links)
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
