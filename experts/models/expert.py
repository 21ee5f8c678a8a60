"""The expert profile: its choices, the visibility rules of its fields and the ``Expert`` model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from experts.compare import BiographyPanel, ReadableFieldPanel
from experts.photos import PHOTO_DIRECTORY, photo_storage
from experts.slugs import ReadableSlugField, unicode_slug
from knowledge.models import Action, City, Pollutant, Sector, Theme
from portal.i18n import language_codes, localized_field
from portal.sanitize import sanitize_html


class OrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CITY = "city", _("City")
    ACADEMIA = "academia", _("Academia")
    CIVIL_SOCIETY = "civil-society", _("Civil society")
    INTERNATIONAL_ORGANISATION = "international-organisation", _("International organisation")
    PRIVATE_SECTOR = "private-sector", _("Private sector")


class Availability(models.TextChoices):
    MENTOR = "mentor", _("Mentor a twinning")
    TRAIN = "train", _("Train")
    REVIEW = "review", _("Review")
    ADVISE = "advise", _("Advise")


class ExpertStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# The card every visitor may see (docs/architecture.md, "Who uses it"): name, role, organisation, city, expertise, languages.
ALWAYS_PUBLIC_FIELDS: tuple[str, ...] = (
    "name",
    "position",
    "organisation",
    "organisation_type",
    "city",
    "themes",
    "pollutants",
    "sectors",
    "actions",
    "languages",
)
# Fields the expert decides about: listed in `public_fields` → everyone, otherwise members only.
OPTIONAL_FIELDS: tuple[str, ...] = (
    "biography",
    "photo",
    "skills",
    "links",
    "nominated_by",
    "availability",
)
OPTIONAL_FIELD_LABELS = {
    "biography": _("Biography"),
    "photo": _("Photo"),
    "skills": _("Skills"),
    "links": _("Links and publications"),
    "nominated_by": _("Nominated by"),
    "availability": _("Availability"),
}
# Translated text columns (modeltranslation, see translation.py).
TRANSLATED_FIELDS: tuple[str, ...] = ("position", "organisation", "biography")


def default_public_fields() -> list[str]:
    return ["biography", "photo", "skills", "links", "nominated_by", "availability"]


class Expert(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    """An expert's profile, moderated with Wagtail's own machinery, as pages are.

    The row is the live (published) profile: readers only ever see it. A change, whether an expert
    proposes it from the public form or an editor saves a draft in the admin, is a draft revision;
    an expert's goes into the "Expert profile moderation" workflow, whose approval publishes it
    (copies it onto the row). Editors read the history and compare any two versions as they do for
    pages, and lock a profile while they work on it. The expertise terms travel inside each
    revision (`serializable_data`) and reach the row when it is published (experts.moderation).
    """

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(
        _("e-mail address"), unique=True, help_text=_("Never shown on the portal; contact is relayed.")
    )
    # Readable in every script (experts.slugs): a Thai name keeps its vowel and tone marks.
    slug = ReadableSlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    organisation_type = models.CharField(
        _("organisation type"), max_length=40, choices=OrganisationType.choices, blank=True
    )
    nominated_by = models.CharField(_("nominated by"), max_length=250, blank=True)
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="experts")
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="experts")
    pollutants = models.ManyToManyField(
        Pollutant, verbose_name=_("pollutants"), blank=True, related_name="experts"
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("source sectors"), blank=True, related_name="experts"
    )
    actions = models.ManyToManyField(Action, verbose_name=_("actions"), blank=True, related_name="experts")
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("ISO 639-1 codes, such as vi or th.")
    )
    biography = models.TextField(
        _("biography"),
        blank=True,
        help_text=_("Paragraphs, bold, italic, lists and links; everything else is removed."),
    )
    # Served only through experts.photos.photo_view, which checks who may see it; indexed, as
    # that view finds the profile by its file name.
    photo = models.ImageField(
        _("photo"), upload_to=PHOTO_DIRECTORY, blank=True, storage=photo_storage, db_index=True
    )
    links = models.JSONField(_("links and publications"), default=list, blank=True)
    availability = models.JSONField(_("availability"), default=list, blank=True)
    public_fields = models.JSONField(
        _("public optional fields"),
        default=default_public_fields,
        blank=True,
        help_text=_("Optional fields everyone may see; the others are shown to members only."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ExpertStatus.choices, default=ExpertStatus.DRAFT, db_index=True
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Panels of fields whose stored form is not what an editor reads (slugs, codes, lists, ids)
    # compare through experts.compare; translated text fields stay FieldPanels so that
    # wagtail-modeltranslation gives each language its own.
    # The biography is sanitised HTML in a TextField: the English shown beside a translation's box
    # (portal.translation_forms) and the translators' files treat it as rich text.
    rich_text_fields = ("biography",)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("email"), FieldPanel("slug"), ReadableFieldPanel("status")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("position"),
                FieldPanel("organisation"),
                ReadableFieldPanel("organisation_type"),
                FieldPanel("nominated_by"),
                ReadableFieldPanel("city"),
            ],
            heading=_("Role"),
        ),
        MultiFieldPanel(
            [
                ReadableFieldPanel("themes"),
                ReadableFieldPanel("pollutants"),
                ReadableFieldPanel("sectors"),
                ReadableFieldPanel("actions"),
            ],
            heading=_("Expertise"),
        ),
        BiographyPanel("biography"),
        ReadableFieldPanel("photo"),
        ReadableFieldPanel("skills"),
        ReadableFieldPanel("languages"),
        ReadableFieldPanel("links"),
        ReadableFieldPanel("availability"),
        ReadableFieldPanel("public_fields"),
        ReadableFieldPanel("last_reviewed"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        permissions = [("moderate_expert", _("Can moderate expert profiles and member requests"))]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.prepare_for_storage()
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("experts:profile", kwargs={"slug": self.slug})

    def prepare_for_storage(self) -> None:
        """What every write stores: clean HTML and a lower-case address. Called by save() and by
        the bulk import (experts.services.importing), which writes rows without save()."""
        for code in language_codes():
            field = localized_field("biography", code)
            value = getattr(self, field, None)
            if value:
                setattr(self, field, sanitize_html(value))
        self.email = self.email.strip().lower()

    # Many-to-many values are not columns, so Wagtail's revisions leave them out: each revision
    # also stores the expertise terms' slugs, and a version rebuilt from it carries them as
    # `revision_expertise` (read by experts.compare).
    EXPERTISE_KEY = "expertise"

    def serializable_data(self) -> dict:
        data = super().serializable_data()
        if self.pk:
            # A draft's terms are not in the database yet: the form (or the expert's proposal)
            # leaves them on the instance as `pending_expertise`; otherwise the row's hold.
            pending = getattr(self, "pending_expertise", None) or {}
            stored = getattr(self, "revision_expertise", None) or {}
            data[self.EXPERTISE_KEY] = {
                relation: sorted(
                    pending[relation]
                    if relation in pending
                    else stored[relation]
                    if relation in stored
                    else getattr(self, relation).values_list("slug", flat=True)
                )
                for relation in ("themes", "pollutants", "sectors", "actions")
            }
        return data

    @classmethod
    def from_serializable_data(cls, data: dict, check_fks: bool = True, strict_fks: bool = False):
        obj = super().from_serializable_data(data, check_fks, strict_fks)
        if obj is not None:
            obj.revision_expertise = data.get(cls.EXPERTISE_KEY)
        return obj

    @staticmethod
    def slug_base(name: str) -> str:
        """The address a new profile named ``name`` gets when it is free (else base-2, base-3…).

        Latin names fold to ASCII ("Phạm Thùy Linh" → pham-thuy-linh; đ has no decomposition, so
        it is mapped by hand); names in other scripts (Thai) keep their letters and marks in the
        URL (สมชาย-วงศ์สวัสดิ์). Only new profiles get such slugs: existing addresses never change.
        """
        folded = name.replace("đ", "d").replace("Đ", "D")
        return (slugify(folded) or unicode_slug(name))[:100] or "expert"

    @staticmethod
    def first_free_slug(base: str, taken: set[str]) -> str:
        """``base``, or the first of base-2, base-3… not in ``taken``."""
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def _unique_slug(self) -> str:
        base = self.slug_base(self.name)
        candidate, number = base, 2
        while Expert.objects.filter(slug=candidate).exclude(pk=self.pk).exists():
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    @property
    def country(self):
        return self.city.country

    @property
    def is_published(self) -> bool:
        return self.status == ExpertStatus.PUBLISHED and self.live

    def is_field_public(self, field: str) -> bool:
        if field in ALWAYS_PUBLIC_FIELDS:
            return True
        return field in OPTIONAL_FIELDS and field in (self.public_fields or [])

    def visible_fields(self, *, member: bool) -> set[str]:
        """The field names a reader may see: the whole profile for members, the public part otherwise."""
        if member:
            return set(ALWAYS_PUBLIC_FIELDS) | set(OPTIONAL_FIELDS)
        return {field for field in ALWAYS_PUBLIC_FIELDS + OPTIONAL_FIELDS if self.is_field_public(field)}
