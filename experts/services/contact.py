"""The relayed contact form, and a person's data: its export and its deletion."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from experts.accounts.models import Account
from experts.accounts.services import preferred_language_of
from experts.accounts.tasks import render_email, send_email
from experts.models import ContactMessage, Expert, ModerationDecision, Nomination
from experts.photos import PHOTO_DIRECTORY
from experts.services.common import TAXONOMY_MODELS
from experts.services.profile import (
    PENDING_PHOTO_FOLDER,
    SELF_SERVICE_SCALAR_FIELDS,
    editable_translated_fields,
    self_service_fields,
)
from portal.i18n import (
    DEFAULT_LANGUAGE,
    is_portal_language,
)


class ContactRateLimited(Exception):
    """The sender reached CONTACT_MESSAGES_PER_HOUR."""


def send_contact_message(
    *, sender: AbstractBaseUser, expert: Expert, subject: str, body: str
) -> ContactMessage:
    """Relay a member's message to the expert; the expert's address never reaches the sender."""
    since = timezone.now() - timedelta(hours=1)
    if (
        ContactMessage.objects.filter(sender=sender, created_at__gte=since).count()
        >= settings.CONTACT_MESSAGES_PER_HOUR
    ):
        raise ContactRateLimited
    message = ContactMessage.objects.create(sender=sender, expert=expert, subject=subject, body=body)
    language = (
        preferred_language_of(expert.user)
        if expert.user
        else next((code for code in expert.languages if is_portal_language(code)), DEFAULT_LANGUAGE)
    )
    sender_account = Account.objects.filter(user=sender).first()
    sender_name = sender.get_full_name() or sender.email
    organisation = sender_account.organisation if sender_account else ""
    mail_subject, mail_body = render_email(
        template="contact",
        context={
            "expert": expert,
            "sender_name": sender_name,
            "sender_label": f"{sender_name} ({organisation})" if organisation else sender_name,
            "subject": subject,
            "body": body,
        },
        language=language,
    )
    send_email.enqueue(to=[expert.email], subject=mail_subject, body=mail_body, reply_to=[sender.email])
    return message


def export_personal_data(*, user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the portal stores about this person, as JSON-ready data."""
    data: dict[str, Any] = {
        "user": {
            "email": user.email,
            "name": user.get_full_name(),
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
    }
    account = Account.objects.filter(user=user).select_related("city").first()
    if account:
        data["account"] = {
            "role": account.role,
            "status": account.status,
            "organisation": account.organisation,
            "position": account.position,
            "city": account.city.slug if account.city else None,
            "preferred_language": account.preferred_language,
            "focal_point_type": account.focal_point_type,
            "created_at": account.created_at.isoformat(),
        }
        data["nominations_made"] = [
            {
                "expert": nomination.expert.name,
                "nominating_body": nomination.nominating_body,
                "reason": nomination.reason,
                "status": nomination.status,
                "nominated": nomination.created_at.isoformat(),
            }
            for nomination in Nomination.objects.filter(nominated_by=account).select_related("expert")
        ]
    data["event_registrations"] = [
        {
            "event": registration.event.title,
            "language": registration.language,
            "registered": registration.created.isoformat(),
            "reminder_sent": registration.reminder_sent_at.isoformat()
            if registration.reminder_sent_at
            else None,
        }
        for registration in user.event_registrations.select_related("event")
    ]
    expert = Expert.objects.filter(user=user).select_related("city").first()
    if expert:
        profile = {
            field: getattr(expert, field)
            for field in ("name", "email", "slug", "organisation_type", "nominated_by", "status")
        }
        profile.update({field: getattr(expert, field) for field in editable_translated_fields()})
        profile.update({field: getattr(expert, field) for field in SELF_SERVICE_SCALAR_FIELDS})
        profile["city"] = expert.city.slug
        profile["photo"] = expert.photo.url if expert.photo else None
        profile["last_reviewed"] = expert.last_reviewed.isoformat() if expert.last_reviewed else None
        for column in TAXONOMY_MODELS:
            profile[column] = list(getattr(expert, column).values_list("slug", flat=True))
        # Changes proposed before moderation moved to Wagtail's workflow, then the versions the
        # expert wrote since (the fields they may edit).
        profile["revisions"] = [
            {"submitted": revision.created_at.isoformat(), "status": revision.status, "data": revision.data}
            for revision in expert.proposed_changes.all()
        ] + [
            {
                "submitted": revision.created_at.isoformat(),
                "data": {
                    key: value for key, value in revision.content.items() if key in self_service_fields()
                },
            }
            for revision in expert.revisions.filter(user=user).order_by("created_at")
        ]
        profile["messages_received"] = expert.contact_messages.count()
        data["expert_profile"] = profile
    data["messages_sent"] = [
        {
            "to": message.expert.name,
            "subject": message.subject,
            "body": message.body,
            "sent": message.created_at.isoformat(),
        }
        for message in ContactMessage.objects.filter(sender=user).select_related("expert")
    ]
    return data


def delete_account(*, user: AbstractBaseUser) -> None:
    """Remove the person's account and, for an expert, their profile with its photos and drafts."""
    with transaction.atomic():
        # The audit trail keeps who decided what, but no longer names the person who left.
        expert = Expert.objects.filter(user=user).first()
        about_them = Q(account__user=user) | Q(revision__expert__user=user)
        if expert:
            # Decisions in the workflow name the profile they were about.
            about_them |= Q(subject=ModerationDecision.Subject.PROFILE, description=str(expert))
        ModerationDecision.objects.filter(about_them).update(description="(deleted account)", comment="")
        if expert:
            for revision in expert.proposed_changes.all():
                if revision.photo:
                    revision.photo.delete(save=False)
            # Photos proposed in drafts nobody published are the expert's alone.
            for revision in expert.revisions.all():
                name = revision.content.get("photo") or ""
                if (
                    name.startswith((PENDING_PHOTO_FOLDER + "/", PHOTO_DIRECTORY))
                    and name != expert.photo.name
                ):
                    default_storage.delete(name)
            if expert.photo:
                expert.photo.delete(save=False)
            expert.delete()
        user.delete()
