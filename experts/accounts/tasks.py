"""The accounts' background e-mail: sign-in links, invitations and every message to a person.

Tokens are created inside the tasks, so no link secret is ever stored in a task's arguments (the
database task queue keeps those). Tasks queued before these moved name them ``experts.tasks.…``;
that module re-exports them, so such a stored path still finds its task.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from experts.accounts.models import Invitation, SignInAttempt

# Someone is waiting at the screen for these e-mails (a sign-in link, an invitation, a message), so
# they go before queued index updates: a bulk import or the demo loader can queue hundreds of those.
INTERACTIVE_EMAIL_PRIORITY = 10


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A random URL-safe token and the hash the database keeps of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str]:
    """Subject and body of `experts/emails/<template>_subject.txt` / `_body.txt` in `language`."""
    with translation.override(language):
        subject = render_to_string(f"experts/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"experts/emails/{template}_body.txt", context)
    return " ".join(subject.splitlines()), body


def _send(*, to: list[str], subject: str, body: str, reply_to: list[str] | None = None) -> None:
    EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=reply_to
    ).send()


@task(priority=INTERACTIVE_EMAIL_PRIORITY)
def send_email(*, to: list[str], subject: str, body: str, reply_to: list[str] | None = None) -> None:
    _send(to=to, subject=subject, body=body, reply_to=reply_to)


@task(priority=INTERACTIVE_EMAIL_PRIORITY)
def send_sign_in_link(*, attempt_id: int, base_url: str, language: str) -> None:
    attempt = SignInAttempt.objects.select_related("user").get(pk=attempt_id)
    if attempt.used_at or attempt.cancelled_at:
        return
    token, token_hash = new_token()
    attempt.token_hash = token_hash
    attempt.save(update_fields=["token_hash"])
    with translation.override(language):
        link = base_url + reverse("experts:sign_in_link", kwargs={"token": token})
    subject, body = render_email(
        template="sign_in_link",
        context={"link": link, "minutes": settings.SIGN_IN_LINK_MINUTES, "user": attempt.user},
        language=language,
    )
    _send(to=[attempt.user.email], subject=subject, body=body)


@task(priority=INTERACTIVE_EMAIL_PRIORITY)
def send_invitation(*, invitation_id: str, base_url: str) -> None:
    invitation = Invitation.objects.select_related("expert").get(pk=invitation_id)
    if invitation.accepted_at:
        return
    token, token_hash = new_token()
    invitation.token_hash = token_hash
    invitation.save(update_fields=["token_hash"])
    with translation.override(invitation.language):
        link = base_url + reverse("experts:claim_link", kwargs={"token": token})
    subject, body = render_email(
        template="invitation",
        context={"link": link, "expert": invitation.expert, "days": settings.EXPERT_INVITATION_DAYS},
        language=invitation.language,
    )
    _send(to=[invitation.email], subject=subject, body=body)
