"""Forms of the editors' side: reviewing a membership request, inviting an expert, editing an expert in
the Wagtail admin and commenting on a moderation step.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.forms import TaskStateCommentForm
from wagtail.rich_text import expand_db_html

from experts.accounts.forms import language_choices
from experts.forms.fields import (
    RepeatedInputWidget,
    SpokenLanguagesField,
    TextListField,
    WebLinkListField,
    availability_field,
    public_fields_field,
)
from experts.models import Expert
from portal.i18n import (
    language_codes,
    localized_field,
)
from portal.sanitize import sanitize_html
from portal.translation_forms import TranslatedSnippetForm


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


# The toolbar the admin's biography editor offers: what sanitize_html keeps, nothing more.
BIOGRAPHY_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class ExpertAdminForm(TranslatedSnippetForm):
    """Skills, languages, links and availability as rows and ticks instead of raw JSON, the
    biography in each language as rich text with a small toolbar, and above each translation's box
    the English it translates, marked when that English changed after the translation was
    published (portal.translation_forms)."""

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
        # A draft opened in the admin is rebuilt from its revision: its terms are the revision's,
        # not the live profile's in the database.
        expertise = getattr(self.instance, "revision_expertise", None) or {}
        for relation, slugs in expertise.items():
            if relation in self.fields:
                model = Expert._meta.get_field(relation).related_model
                self.initial[relation] = list(model.objects.filter(slug__in=slugs))
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

    def save(self, commit: bool = True) -> Expert:
        instance = super().save(commit=commit)
        if not commit:
            # A draft of a live profile is a revision, not a save: its expertise terms travel in
            # the revision (Expert.serializable_data) until it is published.
            instance.pending_expertise = {
                relation: sorted(term.slug for term in self.cleaned_data[relation])
                for relation in ("themes", "pollutants", "sectors", "actions")
                if relation in self.cleaned_data
            }
        return instance


class ModerationCommentForm(TaskStateCommentForm):
    """Sending a profile draft back, or rejecting it, says why: the expert reads it in the e-mail."""

    comment = forms.CharField(
        label=_("Comment for the expert"),
        widget=forms.Textarea({"rows": 3}),
        help_text=_(
            "What to change, or why the changes are not published; the expert reads it in the e-mail."
        ),
    )
