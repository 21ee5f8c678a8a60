"""Who may sign in and how: accounts with their roles, sign-in attempts (codes), invitations and
passkeys.

These models belong to the accounts floor but keep the app label ``experts`` (so their tables,
``experts_account`` and the rest, and the migrations under ``experts/migrations`` stay as they
are): ``experts.accounts`` is a package of the ``experts`` app, not an app of its own, and
``experts.models`` imports this module so Django registers the models with the app.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from knowledge.models import City
from portal.i18n import language_choices


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
        app_label = "experts"
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
        app_label = "experts"
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")

    def __str__(self) -> str:
        return f"sign-in of user {self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Invitation(models.Model):
    """An editor's invitation for an expert to claim their profile."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # By name: an invitation is for a directory profile, and accounts never import the directory
    # (the floor in pyproject.toml). The column and the migration's state are the same either way.
    expert = models.ForeignKey("experts.Expert", on_delete=models.CASCADE, related_name="invitations")
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
        app_label = "experts"
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"invitation for {self.expert_id} ({self.created_at:%Y-%m-%d})"


class Passkey(models.Model):
    """A passkey (WebAuthn credential) an editor or administrator signs in with after the
    password, instead of the e-mailed link (experts.accounts.passkeys). Several per person: a laptop, a
    phone, a security key; each is named by its owner so the right one can be removed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(_("name"), max_length=100)
    # base64url, as browsers and the WebAuthn JSON carry it; the spec allows up to 1023 bytes.
    credential_id = models.CharField(max_length=1400, unique=True)
    # The COSE public key the signatures are checked with, and the authenticator's model (AAGUID).
    public_key = models.BinaryField()
    aaguid = models.CharField(max_length=36, blank=True)
    # The authenticator's signature counter: a count that goes back means a copied key.
    sign_count = models.PositiveBigIntegerField(default=0)
    # How the browser may reach it ("internal", "usb", "hybrid"…), offered back at sign-in.
    transports = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        app_label = "experts"
        ordering = ["created_at", "pk"]
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")

    def __str__(self) -> str:
        return self.name
