"""Experts, the accounts of members and experts, two-step sign-in, moderation and contact relay.

Public interface (docs/architecture.md, "Public interfaces"): `experts.Expert` with `email` and `get_absolute_url()`.
Visibility rules live here, next to the fields they protect: ALWAYS_PUBLIC_FIELDS form the card
a visitor sees; each of OPTIONAL_FIELDS is public only when the expert lists it in
`public_fields`, otherwise members (and editors) alone see it. `email` is never shown to anyone
outside the admin.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from experts.compare import BiographyPanel, ReadableFieldPanel
from experts.slugs import ReadableSlugField, unicode_slug
from knowledge.models import Action, City, Pollutant, Sector, Theme
from portal.i18n import language_choices, language_codes, localized_field
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


class Expert(RevisionMixin, index.Indexed, models.Model):
    """An expert's profile. Every saved version is a Wagtail revision (an editor's save in the
    admin, an approved change the expert proposed), so editors read its history and compare any two
    versions as they do for pages; the expertise terms travel inside each revision
    (`serializable_data`)."""

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
    photo = models.ImageField(_("photo"), upload_to="experts/photos/", blank=True)
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
        # Every path into the database (admin, import, self-service approval) stores clean HTML.
        for code in language_codes():
            field = localized_field("biography", code)
            value = getattr(self, field, None)
            if value:
                setattr(self, field, sanitize_html(value))
        self.email = self.email.strip().lower()
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("experts:profile", kwargs={"slug": self.slug})

    # Many-to-many values are not columns, so Wagtail's revisions leave them out: each revision
    # also stores the expertise terms' slugs, and a version rebuilt from it carries them as
    # `revision_expertise` (read by experts.compare).
    EXPERTISE_KEY = "expertise"

    def serializable_data(self) -> dict:
        data = super().serializable_data()
        if self.pk:
            data[self.EXPERTISE_KEY] = {
                relation: sorted(getattr(self, relation).values_list("slug", flat=True))
                for relation in ("themes", "pollutants", "sectors", "actions")
            }
        return data

    @classmethod
    def from_serializable_data(cls, data: dict, check_fks: bool = True, strict_fks: bool = False):
        obj = super().from_serializable_data(data, check_fks, strict_fks)
        if obj is not None:
            obj.revision_expertise = data.get(cls.EXPERTISE_KEY)
        return obj

    def _unique_slug(self) -> str:
        # Latin names fold to ASCII ("Phạm Thùy Linh" → pham-thuy-linh; đ has no decomposition, so
        # it is mapped by hand); names in other scripts (Thai) keep their letters and marks in the
        # URL (สมชาย-วงศ์สวัสดิ์). Only new profiles get such slugs: existing addresses never change.
        folded = self.name.replace("đ", "d").replace("Đ", "D")
        base = (slugify(folded) or unicode_slug(self.name))[:100] or "expert"
        candidate, number = base, 2
        while Expert.objects.filter(slug=candidate).exclude(pk=self.pk).exists():
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    @property
    def country(self):
        return self.city.country

    @property
    def is_published(self) -> bool:
        return self.status == ExpertStatus.PUBLISHED

    def is_field_public(self, field: str) -> bool:
        if field in ALWAYS_PUBLIC_FIELDS:
            return True
        return field in OPTIONAL_FIELDS and field in (self.public_fields or [])

    def visible_fields(self, *, member: bool) -> set[str]:
        """The field names a reader may see: the whole profile for members, the public part otherwise."""
        if member:
            return set(ALWAYS_PUBLIC_FIELDS) | set(OPTIONAL_FIELDS)
        return {field for field in ALWAYS_PUBLIC_FIELDS + OPTIONAL_FIELDS if self.is_field_public(field)}


class AccountRole(models.TextChoices):
    # Permissions check the role value.
    MEMBER = "member", _("Member")
    EXPERT = "expert", _("Expert")
    # A member an editor has made their government's (or body's) focal point: nominates experts.
    FOCAL_POINT = "focal_point", _("Focal point")


class FocalPointType(models.TextChoices):
    """Who a focal point speaks for: the expert group's members are nominated by governments,
    academia and civil society."""

    GOVERNMENT = "government", _("Government")
    ACADEMIA = "academia", _("Academia")
    CIVIL_SOCIETY = "civil-society", _("Civil society")


class AccountStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Sent back")


class Account(models.Model):
    """What the portal knows about a person who signs in, beyond Django's user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="account"
    )
    role = models.CharField(_("role"), max_length=30, choices=AccountRole.choices, default=AccountRole.MEMBER)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccountStatus.choices,
        default=AccountStatus.PENDING,
        db_index=True,
    )
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    city = models.ForeignKey(
        City, verbose_name=_("city"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=language_choices(), default="en"
    )
    focal_point_type = models.CharField(
        _("focal point for"),
        max_length=20,
        choices=FocalPointType.choices,
        blank=True,
        help_text=_("For focal points: the kind of body that nominates experts through them."),
    )
    review_comment = models.TextField(_("editor's comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.email} ({self.get_role_display()})"

    @property
    def is_approved(self) -> bool:
        return self.status == AccountStatus.APPROVED

    @property
    def is_focal_point(self) -> bool:
        return self.is_approved and self.role == AccountRole.FOCAL_POINT


class SignInAttempt(models.Model):
    """One password-verified sign-in waiting for its e-mailed link.

    Only the SHA-256 of the link's token is stored, and the attempt is bound to the browser
    session that entered the password (the hash of a secret kept in that session), so a link
    completes only the attempt it was sent for.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    session_binding_hash = models.CharField(max_length=64)
    next_url = models.CharField(max_length=500, blank=True)
    # The language of the page the sign-in started on: its e-mail, link and landing page follow it.
    language = models.CharField(max_length=10, choices=language_choices(), default="en")
    created_at = models.DateTimeField(default=timezone.now)
    # When the password was last checked; a fresh link may be requested for an expired attempt
    # without retyping it for a short while.
    password_verified_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")

    def __str__(self) -> str:
        return f"sign-in of user {self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Invitation(models.Model):
    """An editor's invitation for an expert to claim their profile."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=10, choices=language_choices(), default="en")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"invitation for {self.expert_id} ({self.created_at:%Y-%m-%d})"


class EditorDecision(models.Model):
    """What an editor records when deciding on something submitted for review."""

    comment = models.TextField(_("editor's comment"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


class ExpertRevision(EditorDecision):
    """Changes an expert proposes to their profile; the published profile changes on approval."""

    # Not "revisions": that is Wagtail's name for an expert's own revisions (RevisionMixin).
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="proposed_changes")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(_("proposed values"), default=dict)
    photo = models.ImageField(_("proposed photo"), upload_to="experts/pending/", blank=True)
    remove_photo = models.BooleanField(default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RevisionStatus.choices,
        default=RevisionStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("profile revision")
        verbose_name_plural = _("profile revisions")

    def __str__(self) -> str:
        return f"{self.expert} · {self.get_status_display()}"


class ModerationDecision(models.Model):
    """The audit trail: who approved or sent back what, and when."""

    class Subject(models.TextChoices):
        PROFILE = "profile", _("Profile revision")
        MEMBERSHIP = "membership", _("Membership request")
        INVITATION = "invitation", _("Invitation")
        NOMINATION = "nomination", _("Nomination")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        SENT_BACK = "sent_back", _("Sent back")
        INVITED = "invited", _("Invited")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    description = models.CharField(_("about"), max_length=300)
    comment = models.TextField(_("comment"), blank=True)
    revision = models.ForeignKey(ExpertRevision, null=True, blank=True, on_delete=models.SET_NULL)
    account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.description}"


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class Nomination(EditorDecision):
    """A focal point's nomination of an expert: the unclaimed profile it created, who nominated
    it, why, and the editor's decision."""

    expert = models.OneToOneField(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="nomination"
    )
    nominated_by = models.ForeignKey(
        Account,
        verbose_name=_("focal point"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    nominating_body = models.CharField(
        _("nominating body"), max_length=250, help_text=_("Shown on the profile as “nominated by”.")
    )
    nominating_body_type = models.CharField(
        _("nominating body type"), max_length=20, choices=FocalPointType.choices, blank=True
    )
    reason = models.TextField(_("why this expert"), max_length=3000)
    language = models.CharField(
        _("language of the invitation"), max_length=10, choices=language_choices(), default="en"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("nominated"), default=timezone.now)

    panels = [FieldPanel("nominating_body"), FieldPanel("nominating_body_type"), FieldPanel("reason")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return f"{self.expert} ({self.nominating_body})"

    @property
    def country(self):
        return self.expert.city.country

    @property
    def organisation_type(self) -> str:
        return self.expert.get_organisation_type_display()


class ContactMessage(models.Model):
    """A member's message relayed to an expert; kept for rate limiting and abuse handling."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="contact_messages")
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self) -> str:
        return self.subject
