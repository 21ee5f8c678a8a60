"""Write-side domain logic of events: the index page, registrations, reminders, follow-up reports."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from knowledge.models import EventIndexPage, EventPage, EventRegistration
from knowledge.services import set_translations
from portal.models import HomePage

EVENT_INDEX_SLUG = "events"
EVENT_INDEX_TITLES = {"en": "Events", "vi": "Sự kiện", "id": "Acara", "th": "กิจกรรม"}
EVENT_INDEX_INTROS = {
    "en": "Forums, workshops, training and expert-group meetings: register to take part.",
    "vi": "Diễn đàn, hội thảo, đào tạo và các cuộc họp nhóm chuyên gia: hãy đăng ký để tham gia.",
    "id": "Forum, lokakarya, pelatihan, dan pertemuan kelompok pakar: daftar untuk ikut serta.",
    "th": "เวทีสัมมนา การประชุมเชิงปฏิบัติการ การฝึกอบรม และการประชุมกลุ่มผู้เชี่ยวชาญ ลงทะเบียนเพื่อเข้าร่วม",
}


def ensure_event_index() -> EventIndexPage:
    """The events index under the home page at /<lang>/events/, created (published) when missing."""
    index = EventIndexPage.objects.first()
    if index is not None:
        return index
    with translation.override("en"):
        index = EventIndexPage(
            slug=EVENT_INDEX_SLUG, title=EVENT_INDEX_TITLES["en"], draft_title=EVENT_INDEX_TITLES["en"]
        )
        set_translations(index, "title", EVENT_INDEX_TITLES, clear_missing=False)
        set_translations(index, "intro", EVENT_INDEX_INTROS, clear_missing=False)
        HomePage.objects.get().add_child(instance=index)
        index.save_revision().publish()
    return index


def _portal_language(code: str | None, user: AbstractBaseUser) -> str:
    languages = {language for language, _name in settings.LANGUAGES}
    if code in languages:
        return code
    account = getattr(user, "account", None)
    if account is not None and account.preferred_language in languages:
        return account.preferred_language
    return settings.LANGUAGE_CODE


def register_for_event(
    *, event: EventPage, user: AbstractBaseUser, language: str | None = None
) -> EventRegistration:
    """Register an approved member (idempotent: a second call returns the first registration).

    `language` is the participant's language for the reminder; by default their account's.
    """
    from experts.selectors import is_member

    if not is_member(user=user):
        raise PermissionDenied(_("Only approved members can register for events."))
    existing = EventRegistration.objects.filter(event=event, user=user).first()
    if existing is not None:
        return existing
    if not event.registration_open or event.is_past:
        raise ValidationError(_("Registration for this event is closed."))
    try:
        with transaction.atomic():
            registration = EventRegistration.objects.create(
                event=event, user=user, language=_portal_language(language, user)
            )
    except IntegrityError:
        # A double submission raced us to the unique constraint: the first one stands.
        return EventRegistration.objects.get(event=event, user=user)
    return registration


def cancel_registration(*, event: EventPage, user: AbstractBaseUser) -> bool:
    deleted, _details = EventRegistration.objects.filter(event=event, user=user).delete()
    return bool(deleted)
