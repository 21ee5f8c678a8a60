"""Domain actions of the experts app (HackSoft style: keyword-only functions, no HTTP here
except the session a sign-in is bound to)."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import enum
import io
import json
import re
import secrets
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, validate_email
from django.db import DataError, IntegrityError, models, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import (
    Account,
    AccountRole,
    AccountStatus,
    Availability,
    ContactMessage,
    Expert,
    ExpertRevision,
    ExpertStatus,
    Invitation,
    ModerationDecision,
    Nomination,
    NominationStatus,
    OrganisationType,
    RevisionStatus,
    SignInAttempt,
)
from experts.tasks import hash_token, render_email, send_email, send_invitation, send_sign_in_link
from knowledge.models import Action, City, Pollutant, Sector, Theme
from portal.i18n import (
    DEFAULT_LANGUAGE,
    is_portal_language,
    language_codes,
    localized_field,
    localized_fields,
)
from portal.sanitize import sanitize_html

User = get_user_model()
TAXONOMY_MODELS = {"themes": Theme, "pollutants": Pollutant, "sectors": Sector, "actions": Action}
LANGUAGE_CODE_PATTERN = re.compile(r"^[a-z]{2}$")


# --------------------------------------------------------------------------------------------
# Import (the format is in the README, "Experts directory")

IMPORT_LIST_COLUMNS = (
    "themes",
    "pollutants",
    "sectors",
    "actions",
    "skills",
    "languages",
    "availability",
    "links",
)
# Import column → model field; `_vi`/`_id`/`_th` suffixed columns name the other languages.
IMPORT_TRANSLATED_COLUMNS = {"position": "position", "organisation": "organisation", "bio": "biography"}


class ImportRowError(ValueError):
    """A row that cannot be imported; the message is shown after `line N:`."""


@dataclasses.dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = dataclasses.field(default_factory=list)


def read_import_rows(*, path: Path) -> Iterator[tuple[int, dict[str, Any] | ImportRowError]]:
    """Yield (line number, row) from a CSV or JSON Lines file; the CSV header is line 1.

    Any byte sequence is read to the end: a row that is not UTF-8, holds a NUL, has a field over
    the csv module's limit or opens a quote it never closes is yielded as an ImportRowError for
    its first line, and the rows after it are read as usual.
    """
    data = path.read_bytes()
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        yield from _json_lines_rows(data)
    else:
        yield from _csv_rows(data)


def _json_lines_rows(data: bytes) -> Iterator[tuple[int, dict[str, Any] | ImportRowError]]:
    for number, raw in enumerate(data.removeprefix(codecs.BOM_UTF8).split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, ImportRowError(NOT_UTF8)
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, ImportRowError(f"not valid JSON ({error.msg})")
            continue
        if not isinstance(row, dict):
            yield number, ImportRowError("expected a JSON object")
        elif _holds_nul(row):
            yield number, ImportRowError(HOLDS_NUL)
        else:
            yield number, row


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


NOT_UTF8 = "not UTF-8 text"
# PostgreSQL cannot store NUL in text; SQLite would, and truncate it on the way out.
HOLDS_NUL = "contains a NUL character"
UNTERMINATED_QUOTE = "unterminated quote (the quoted field never ends; the rows after it are read again)"
_QUOTE_OR_COMMA = re.compile(rb'[",]')


def _scan_csv_line(line: bytes, *, in_quotes: bool) -> tuple[bool, int]:
    """Follow the csv module's quoting (excel dialect) along one physical line.

    Returns whether a quoted field is still open at the end of the line and how many delimiters
    lie outside quotes. Works on bytes: `"`, `,` and newlines are single bytes in UTF-8 and in
    every legacy encoding a bad file may be in, so a record splits correctly before it is decoded.
    A quote opens a field only at its start (as csv reads `ab"c` literally); `""` inside one is a
    quote character.
    """
    delimiters, skip_to = 0, 0
    for match in _QUOTE_OR_COMMA.finditer(line):
        index = match.start()
        if index < skip_to:
            continue
        if line[index] == ord(","):
            delimiters += 0 if in_quotes else 1
        elif in_quotes:
            if line[index + 1 : index + 2] == b'"':
                skip_to = index + 2
            else:
                in_quotes = False
        elif index == 0 or line[index - 1] == ord(","):
            in_quotes = True
    return in_quotes, delimiters


def _csv_record(raw: bytes) -> list[str] | ImportRowError | None:
    """One record's values, an ImportRowError, or None for a blank line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ImportRowError(NOT_UTF8)
    if "\x00" in text:
        return ImportRowError(HOLDS_NUL)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            return ImportRowError(f"a field is longer than {csv.field_size_limit()} characters")
        return ImportRowError(f"not valid CSV ({error})")
    if not records or records == [[]]:
        return None
    if len(records) > 1:
        return ImportRowError("not valid CSV (a line break outside quotes)")
    return records[0]


def _csv_rows(data: bytes) -> Iterator[tuple[int, dict[str, Any] | ImportRowError]]:
    """Split the file into records as the csv module would, with one difference.

    A quoted field may span lines, but an unterminated quote would make csv read the whole rest
    of the file into one field. So while a quoted field is open, a line that on its own is a
    complete row (no quote left open, as many fields as the header) is taken as the start of the
    next row, and the open record is reported as an unterminated quote. A real multi-line field
    (a biography) is only misread if one of its inner lines holds as many commas as a whole row.
    """
    lines = data.removeprefix(codecs.BOM_UTF8).split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    header: list[str] | None = None
    record: list[bytes] = []
    start = 0

    def finish() -> Iterator[tuple[int, dict[str, Any] | ImportRowError]]:
        nonlocal header
        values = _csv_record(b"\n".join(record))
        if values is None:
            return
        if header is None:
            if isinstance(values, ImportRowError):
                header = []  # nothing after an unreadable header can be matched to columns
                yield start, ImportRowError(f"the header row cannot be read: {values}")
                return
            header = [name.strip() for name in values]
            return
        if isinstance(values, ImportRowError):
            yield start, values
        elif len(values) > len(header):
            yield start, ImportRowError("more values than columns in the header")
        else:
            yield start, {name: values[i] if i < len(values) else None for i, name in enumerate(header)}

    for number, line in enumerate(lines, start=1):
        if record and header is not None:
            open_alone, delimiters = _scan_csv_line(line, in_quotes=False)
            if not open_alone and delimiters == len(header) - 1:
                yield start, ImportRowError(UNTERMINATED_QUOTE)
                record = []
        if record:
            record.append(line)
            if not _scan_csv_line(line, in_quotes=True)[0]:
                yield from finish()
                record = []
        else:
            start, record = number, [line]
            if not _scan_csv_line(line, in_quotes=False)[0]:
                yield from finish()
                record = []
        if header == []:
            return
    if record:
        yield start, ImportRowError(UNTERMINATED_QUOTE)


def _list_value(row: dict[str, Any], column: str) -> list[str]:
    value = row.get(column)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = value.split(";")
    elif isinstance(value, list):
        items = value
    else:
        raise ImportRowError(f"{column} must be a list")
    return [str(item).strip() for item in items if str(item).strip()]


def _text_value(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


def _validated_row(row: dict[str, Any]) -> dict[str, Any]:
    """Check a row and turn it into model values, or raise ImportRowError naming the first problem."""
    email = _text_value(row, "email").lower()
    if not email:
        raise ImportRowError("email is missing")
    try:
        validate_email(email)
    except ValidationError as error:
        raise ImportRowError(f"email {email!r} is not a valid address") from error
    name = _text_value(row, "name")
    if not name:
        raise ImportRowError("name is missing")
    city_slug = _text_value(row, "city")
    if not city_slug:
        raise ImportRowError("city is missing")
    city = City.objects.filter(slug=city_slug).first()
    if city is None:
        raise ImportRowError(f"unknown city {city_slug!r}")
    values: dict[str, Any] = {"email": email, "name": name, "city": city}

    organisation_type = _text_value(row, "organisation_type")
    if organisation_type and organisation_type not in OrganisationType.values:
        raise ImportRowError(f"unknown organisation_type {organisation_type!r}")
    if "organisation_type" in row:
        values["organisation_type"] = organisation_type
    if "nominated_by" in row:
        values["nominated_by"] = _text_value(row, "nominated_by")

    for column, field in IMPORT_TRANSLATED_COLUMNS.items():
        for language in language_codes():
            key = column if language == DEFAULT_LANGUAGE else f"{column}_{language}"
            if key in row:
                text = _text_value(row, key)
                values[localized_field(field, language)] = (
                    sanitize_html(text) if field == "biography" else text
                )

    for column, model in TAXONOMY_MODELS.items():
        slugs = _list_value(row, column)
        terms = list(model.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {term.slug for term in terms})
        if unknown:
            raise ImportRowError(f"unknown {column[:-1]} {', '.join(repr(slug) for slug in unknown)}")
        if column in row:
            values[column] = terms

    languages = [code.lower() for code in _list_value(row, "languages")]
    bad = [code for code in languages if not LANGUAGE_CODE_PATTERN.match(code)]
    if bad:
        raise ImportRowError(f"languages must be ISO 639-1 codes, not {', '.join(map(repr, bad))}")
    availability = _list_value(row, "availability")
    bad = [slug for slug in availability if slug not in Availability.values]
    if bad:
        raise ImportRowError(f"unknown availability {', '.join(map(repr, bad))}")
    links = _list_value(row, "links")
    check_url = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            check_url(link)
        except ValidationError as error:
            raise ImportRowError(f"link {link!r} is not an http(s) URL") from error
    for column, items in (
        ("languages", list(dict.fromkeys(languages))),
        ("availability", availability),
        ("links", links),
        ("skills", _list_value(row, "skills")),
    ):
        if column in row:
            values[column] = items

    status = _text_value(row, "status") or ExpertStatus.PUBLISHED
    if status not in ExpertStatus.values:
        raise ImportRowError(f"unknown status {status!r}")
    values["status"] = status
    for field, value in values.items():
        # PostgreSQL refuses an over-long value with an error for the whole row; say which field.
        limit = getattr(Expert._meta.get_field(field), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            raise ImportRowError(f"{field} is longer than {limit} characters")
    return values


# Another import (or an editor) may create the same expert, or another expert with the same
# slug, between our look-up and our insert; each attempt is a fresh look-up and a fresh slug.
IMPORT_ROW_ATTEMPTS = 4


def import_expert_row(*, row: dict[str, Any]) -> tuple[Expert, bool]:
    """Create or update (matched on e-mail) one expert from an import row; returns (expert, created).

    Safe to run from several imports at once: the row is written in a savepoint, and when a
    concurrent writer wins the race for the e-mail or the slug (IntegrityError) it is written
    again, as an update of the expert the other one created or under the next free slug.
    """
    values = _validated_row(row)
    relations = {column: values.pop(column) for column in TAXONOMY_MODELS if column in values}
    for attempt in range(1, IMPORT_ROW_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                expert = Expert.objects.filter(email__iexact=values["email"]).first()
                created = expert is None
                expert = expert or Expert()
                for field, value in values.items():
                    setattr(expert, field, value)
                expert.save()
                for column, terms in relations.items():
                    getattr(expert, column).set(terms)
            return expert, created
        except IntegrityError as error:
            if attempt == IMPORT_ROW_ATTEMPTS:
                raise ImportRowError(
                    f"could not be saved while other writers changed it ({error})"
                ) from error
        except DataError as error:
            raise ImportRowError(f"could not be saved ({error})") from error
    raise AssertionError("unreachable: the last attempt returns or raises")


def import_experts(*, path: Path, progress: bool = False) -> ImportReport:
    """Import every valid row of `path`; invalid rows are collected in the report, not raised."""
    from tqdm import tqdm

    report = ImportReport()
    rows: Iterator = read_import_rows(path=path)
    if progress:
        rows = tqdm(rows, desc="experts", unit=" rows")
    for number, row in rows:
        if isinstance(row, ImportRowError):
            report.errors.append((number, str(row)))
            continue
        try:
            _expert, created = import_expert_row(row=row)
        except ImportRowError as error:
            report.errors.append((number, str(error)))
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report


# --------------------------------------------------------------------------------------------
# Two-step sign-in

SESSION_ATTEMPT = "experts.sign_in.attempt"
SESSION_BINDING = "experts.sign_in.binding"
SESSION_LINK_TOKEN = "experts.sign_in.link_token"  # noqa: S105 - a session key name, not a secret


class LinkState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"
    OTHER_ATTEMPT = "other_attempt"


@dataclasses.dataclass(frozen=True)
class LinkCheck:
    state: LinkState
    attempt: SignInAttempt | None = None


def _cancel_session_attempt(session: SessionBase) -> None:
    attempt_id = session.get(SESSION_ATTEMPT)
    if attempt_id:
        SignInAttempt.objects.filter(pk=attempt_id, used_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now()
        )


def _create_attempt(
    *,
    user: AbstractBaseUser,
    session: SessionBase,
    next_url: str,
    password_verified_at,
    base_url: str,
    language: str,
) -> SignInAttempt:
    _cancel_session_attempt(session)
    if not is_portal_language(language):
        language = DEFAULT_LANGUAGE
    binding = secrets.token_urlsafe(32)
    now = timezone.now()
    attempt = SignInAttempt.objects.create(
        user=user,
        session_binding_hash=hash_token(binding),
        next_url=next_url,
        language=language,
        created_at=now,
        password_verified_at=password_verified_at,
        expires_at=now + timedelta(minutes=settings.SIGN_IN_LINK_MINUTES),
    )
    session[SESSION_ATTEMPT] = attempt.pk
    session[SESSION_BINDING] = binding
    send_sign_in_link.enqueue(attempt_id=attempt.pk, base_url=base_url, language=language)
    return attempt


def preferred_language_of(user: AbstractBaseUser, default: str = DEFAULT_LANGUAGE) -> str:
    account = Account.objects.filter(user=user).first()
    return account.preferred_language if account else default


def set_preferred_language(*, account: Account, language: str) -> Account:
    """The language every later e-mail to this person is written in."""
    if not is_portal_language(language):
        raise ValidationError(
            _("%(language)s is not one of the portal's languages."), params={"language": language}
        )
    account.preferred_language = language
    account.save(update_fields=["preferred_language"])
    return account


def start_sign_in(
    *, user: AbstractBaseUser, session: SessionBase, next_url: str, base_url: str, language: str
) -> SignInAttempt:
    """After the password was accepted: record the attempt for this session and e-mail its link.

    ``language`` is the language of the page the sign-in started on, and it beats the account's
    language for e-mails: the person is reading that language right now, and the link, the
    confirmation page and the landing page (/en/accounts/ from an English page) follow it, so
    the flow never switches language half-way. Letters the portal sends later, unasked
    (approvals, replies), keep using the account's chosen language.
    """
    return _create_attempt(
        user=user,
        session=session,
        next_url=next_url,
        password_verified_at=timezone.now(),
        base_url=base_url,
        language=language,
    )


def session_attempt(*, session: SessionBase) -> SignInAttempt | None:
    """The sign-in attempt this session started, if the session still holds its binding secret."""
    attempt_id, binding = session.get(SESSION_ATTEMPT), session.get(SESSION_BINDING)
    if not attempt_id or not binding:
        return None
    attempt = SignInAttempt.objects.select_related("user").filter(pk=attempt_id).first()
    if attempt is None or not secrets.compare_digest(attempt.session_binding_hash, hash_token(binding)):
        return None
    return attempt


def check_sign_in_link(*, token: str, session: SessionBase) -> LinkCheck:
    """What a link's token means for this session, without consuming it (GETs only look)."""
    if not token:
        return LinkCheck(LinkState.INVALID)
    attempt = SignInAttempt.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if attempt is None:
        return LinkCheck(LinkState.INVALID)
    if attempt.used_at:
        return LinkCheck(LinkState.USED, attempt)
    current = session_attempt(session=session)
    if current is None or current.pk != attempt.pk or attempt.cancelled_at:
        return LinkCheck(LinkState.OTHER_ATTEMPT, attempt)
    if attempt.expires_at <= timezone.now():
        return LinkCheck(LinkState.EXPIRED, attempt)
    if not attempt.user.is_active:
        return LinkCheck(LinkState.INVALID)
    return LinkCheck(LinkState.VALID, attempt)


def complete_sign_in(*, request: HttpRequest, token: str) -> LinkCheck:
    """Consume the link (once) and sign the person in; login() gives the session a new key."""
    check = check_sign_in_link(token=token, session=request.session)
    if check.state is not LinkState.VALID:
        return check
    now = timezone.now()
    consumed = SignInAttempt.objects.filter(
        pk=check.attempt.pk, used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if consumed != 1:
        # Another request used it between the check and now.
        return LinkCheck(LinkState.USED, check.attempt)
    login(request, check.attempt.user, backend="experts.backends.EmailOrUsernameBackend")
    for key in (SESSION_ATTEMPT, SESSION_BINDING, SESSION_LINK_TOKEN):
        request.session.pop(key, None)
    return check


def resend_sign_in_link(*, session: SessionBase, base_url: str) -> SignInAttempt | None:
    """A new link for this session's attempt, if its password was checked recently enough; in the
    language the sign-in started in (see start_sign_in)."""
    attempt = session_attempt(session=session)
    if attempt is None or attempt.used_at:
        return None
    window = timedelta(minutes=settings.SIGN_IN_RESEND_WINDOW_MINUTES)
    if attempt.password_verified_at + window <= timezone.now():
        return None
    return _create_attempt(
        user=attempt.user,
        session=session,
        next_url=attempt.next_url,
        password_verified_at=attempt.password_verified_at,
        base_url=base_url,
        language=attempt.language,
    )


# --------------------------------------------------------------------------------------------
# Membership requests and moderation decisions


class AlreadyDecided(ValidationError):
    """Another editor decided first: this request changed nothing and sent no e-mail."""


def _claim_decision(model: type[models.Model], *, pk: int, pending: str, **changes: Any) -> None:
    """Record a decision on a pending row, or raise AlreadyDecided if it is no longer pending.

    One conditional UPDATE (`WHERE pk = … AND status = 'pending'`) is the decision: on PostgreSQL a
    second UPDATE of the row waits for the first transaction's row lock and then re-checks the
    status, so it matches no row; SQLite takes its write lock when the transaction starts
    (transaction_mode IMMEDIATE), so decisions run one after the other. Either way exactly one of
    several simultaneous requests changes the row, and only that one goes on to apply the decision,
    audit it and e-mail. Callers run this first inside their transaction.
    """
    if not model._default_manager.filter(pk=pk, status=pending).update(**changes):
        raise AlreadyDecided(
            _("This has been decided already by another editor; nothing was changed and no e-mail was sent.")
        )


def _notify(*, user: AbstractBaseUser, template: str, context: dict) -> None:
    """E-mail an account holder in the language they chose for e-mails."""
    language = preferred_language_of(user)
    subject, body = render_email(template=template, context=context, language=language)
    send_email.enqueue(to=[user.email], subject=subject, body=body)


def request_membership(
    *,
    email: str,
    password: str,
    full_name: str,
    organisation: str,
    position: str,
    city: City | None,
    preferred_language: str,
) -> Account | None:
    """A city or ministry staff member asks to join; they become a member once an editor approves.

    For an address that already has an account nothing is created: its owner is e-mailed how to
    sign in instead, so the form never tells a stranger which addresses are registered.
    """
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        base = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/{preferred_language_of(existing)}/accounts"
        context = {"sign_in_url": f"{base}/sign-in/", "reset_url": f"{base}/password-reset/"}
        _notify(user=existing, template="account_exists", context=context)
        return None
    with transaction.atomic():
        user = User(username=email, email=email, first_name=full_name[:150])
        user.set_password(password)
        user.save()
        account = Account.objects.create(
            user=user,
            role=AccountRole.MEMBER,
            status=AccountStatus.PENDING,
            organisation=organisation,
            position=position,
            city=city,
            preferred_language=preferred_language,
        )
    _notify(user=user, template="membership_received", context={"account": account})
    return account


def approve_account(*, account: Account, actor: AbstractBaseUser) -> Account:
    """Approve a pending membership request; AlreadyDecided if another editor decided first."""
    with transaction.atomic():
        _claim_decision(
            Account,
            pk=account.pk,
            pending=AccountStatus.PENDING,
            status=AccountStatus.APPROVED,
            review_comment="",
        )
        account.status = AccountStatus.APPROVED
        account.review_comment = ""
        ModerationDecision.objects.create(
            actor=actor,
            subject=ModerationDecision.Subject.MEMBERSHIP,
            decision=ModerationDecision.Decision.APPROVED,
            description=f"{account.user.get_full_name()} <{account.user.email}>",
            account=account,
        )
    _notify(user=account.user, template="membership_approved", context={"account": account})
    return account


def send_back_account(*, account: Account, actor: AbstractBaseUser, comment: str) -> Account:
    """Send a pending membership request back; AlreadyDecided if another editor decided first."""
    with transaction.atomic():
        _claim_decision(
            Account,
            pk=account.pk,
            pending=AccountStatus.PENDING,
            status=AccountStatus.REJECTED,
            review_comment=comment,
        )
        account.status = AccountStatus.REJECTED
        account.review_comment = comment
        ModerationDecision.objects.create(
            actor=actor,
            subject=ModerationDecision.Subject.MEMBERSHIP,
            decision=ModerationDecision.Decision.SENT_BACK,
            description=f"{account.user.get_full_name()} <{account.user.email}>",
            comment=comment,
            account=account,
        )
    _notify(
        user=account.user, template="membership_sent_back", context={"account": account, "comment": comment}
    )
    return account


# --------------------------------------------------------------------------------------------
# Invitations and claiming a profile


def invite_expert(
    *, expert: Expert, invited_by: AbstractBaseUser, base_url: str, language: str = "en", email: str = ""
) -> Invitation:
    """E-mail the expert a link to set a password and claim their profile; earlier links stop working."""
    if expert.user_id:
        raise ValidationError(_("This profile has already been claimed."))
    now = timezone.now()
    Invitation.objects.filter(expert=expert, accepted_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    invitation = Invitation.objects.create(
        expert=expert,
        email=(email or expert.email).strip().lower(),
        invited_by=invited_by,
        language=language,
        created_at=now,
        expires_at=now + timedelta(days=settings.EXPERT_INVITATION_DAYS),
    )
    ModerationDecision.objects.create(
        actor=invited_by,
        subject=ModerationDecision.Subject.INVITATION,
        decision=ModerationDecision.Decision.INVITED,
        description=str(expert),
    )
    send_invitation.enqueue(invitation_id=str(invitation.pk), base_url=base_url)
    return invitation


def find_invitation(*, token: str) -> Invitation | None:
    """The open invitation a token belongs to, or None (unknown, used or expired)."""
    if not token:
        return None
    return (
        Invitation.objects.select_related("expert")
        .filter(
            token_hash=hash_token(token),
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
            expert__user__isnull=True,
        )
        .first()
    )


def claim_profile(*, invitation: Invitation, password: str, preferred_language: str) -> AbstractBaseUser:
    """Create (or reuse) the account for the invited address and link the expert profile to it."""
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now()
        )
        if claimed != 1:
            raise PermissionDenied(_("This invitation has already been used."))
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            user = User(
                username=invitation.email, email=invitation.email, first_name=invitation.expert.name[:150]
            )
        user.set_password(password)
        user.save()
        Account.objects.update_or_create(
            user=user,
            defaults={
                "role": AccountRole.EXPERT,
                "status": AccountStatus.APPROVED,
                "preferred_language": preferred_language,
                "organisation": invitation.expert.organisation,
                "city": invitation.expert.city,
            },
        )
        expert = invitation.expert
        expert.user = user
        expert.save(update_fields=["user"])
    return user


# --------------------------------------------------------------------------------------------
# Profile self-service and its review

# What an expert may change themselves; `nominated_by`, `status` and the e-mail stay with editors.
SELF_SERVICE_SCALAR_FIELDS = (
    "organisation_type",
    "skills",
    "languages",
    "links",
    "availability",
    "public_fields",
)


def editable_translated_fields() -> list[str]:
    return localized_fields(("position", "organisation", "biography"))


def submit_profile_revision(
    *,
    expert: Expert,
    user: AbstractBaseUser,
    data: dict[str, Any],
    photo: ContentFile | None = None,
    remove_photo: bool = False,
) -> ExpertRevision:
    """Store the expert's proposed profile as a pending revision; the public profile waits for review."""
    if expert.user_id != user.pk:
        raise PermissionDenied(_("Only the expert can change this profile."))
    allowed = set(editable_translated_fields()) | set(SELF_SERVICE_SCALAR_FIELDS) | {"city", *TAXONOMY_MODELS}
    clean_data = {key: value for key, value in data.items() if key in allowed}
    for key in clean_data:
        if key.startswith("biography"):
            clean_data[key] = sanitize_html(clean_data[key] or "")
    with transaction.atomic():
        expert.proposed_changes.filter(status=RevisionStatus.PENDING).update(status=RevisionStatus.SUPERSEDED)
        revision = ExpertRevision(
            expert=expert, submitted_by=user, data=clean_data, remove_photo=remove_photo
        )
        if photo is not None:
            revision.photo.save(photo.name, photo, save=False)
        revision.save()
        update_fields = []
        if expert.status == ExpertStatus.DRAFT:
            expert.status = ExpertStatus.IN_REVIEW
            update_fields.append("status")
        if "public_fields" in clean_data:
            # Hiding a field is the expert's right and takes effect at once; showing more waits
            # for the review like any other change.
            narrowed = [field for field in expert.public_fields or [] if field in clean_data["public_fields"]]
            if narrowed != list(expert.public_fields or []):
                expert.public_fields = narrowed
                update_fields.append("public_fields")
        if update_fields:
            expert.save(update_fields=update_fields)
    return revision


def apply_revision_data(*, expert: Expert, data: dict[str, Any]) -> None:
    """Copy a revision's values onto the expert (saved by the caller)."""
    for key, value in data.items():
        if key == "city":
            expert.city = City.objects.get(slug=value)
        elif key not in TAXONOMY_MODELS:
            setattr(expert, key, value)


def approve_revision(*, revision: ExpertRevision, actor: AbstractBaseUser) -> Expert:
    """Publish the proposed changes and record who approved them; AlreadyDecided if another editor
    decided on this revision first."""
    expert = revision.expert
    with transaction.atomic():
        decided_at = timezone.now()
        _claim_decision(
            ExpertRevision,
            pk=revision.pk,
            pending=RevisionStatus.PENDING,
            status=RevisionStatus.APPROVED,
            decided_at=decided_at,
            decided_by=actor,
            comment="",
        )
        if expert.latest_revision_id is None:
            # A profile imported or nominated has no history yet: record it as it was, so the
            # editors' Compare shows what this approval changed.
            expert.save_revision(clean=False)
        apply_revision_data(expert=expert, data=revision.data)
        if revision.remove_photo:
            expert.photo = ""
        if revision.photo:
            with revision.photo.open("rb") as handle:
                expert.photo.save(Path(revision.photo.name).name, ContentFile(handle.read()), save=False)
        if expert.status in (ExpertStatus.DRAFT, ExpertStatus.IN_REVIEW):
            expert.status = ExpertStatus.PUBLISHED
        expert.last_reviewed = timezone.localdate()
        expert.save()
        for column, model in TAXONOMY_MODELS.items():
            if column in revision.data:
                getattr(expert, column).set(model.objects.filter(slug__in=revision.data[column]))
        # The published version joins the profile's Wagtail history, written by the expert, so the
        # editors' History and Compare show what the approval changed. Not cleaned again: the
        # proposal was validated by the profile form, and an editor's approval must not fail on
        # an older value an import let through.
        expert.save_revision(user=revision.submitted_by, log_action=True, clean=False)
        revision.status = RevisionStatus.APPROVED
        revision.decided_at = decided_at
        revision.decided_by = actor
        revision.comment = ""
        ModerationDecision.objects.create(
            actor=actor,
            subject=ModerationDecision.Subject.PROFILE,
            decision=ModerationDecision.Decision.APPROVED,
            description=str(expert),
            revision=revision,
        )
    if expert.user:
        _notify(user=expert.user, template="profile_approved", context={"expert": expert})
    return expert


def send_back_revision(*, revision: ExpertRevision, actor: AbstractBaseUser, comment: str) -> ExpertRevision:
    """Send proposed changes back with a comment; AlreadyDecided if another editor decided first."""
    expert = revision.expert
    with transaction.atomic():
        decided_at = timezone.now()
        _claim_decision(
            ExpertRevision,
            pk=revision.pk,
            pending=RevisionStatus.PENDING,
            status=RevisionStatus.SENT_BACK,
            comment=comment,
            decided_at=decided_at,
            decided_by=actor,
        )
        revision.status = RevisionStatus.SENT_BACK
        revision.comment = comment
        revision.decided_at = decided_at
        revision.decided_by = actor
        if expert.status == ExpertStatus.IN_REVIEW:
            expert.status = ExpertStatus.DRAFT
            expert.save(update_fields=["status"])
        ModerationDecision.objects.create(
            actor=actor,
            subject=ModerationDecision.Subject.PROFILE,
            decision=ModerationDecision.Decision.SENT_BACK,
            description=str(expert),
            comment=comment,
            revision=revision,
        )
    if expert.user:
        _notify(
            user=expert.user, template="profile_sent_back", context={"expert": expert, "comment": comment}
        )
    return revision


# --------------------------------------------------------------------------------------------
# Contact relay and personal data


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
        profile["revisions"] = [
            {"submitted": revision.created_at.isoformat(), "status": revision.status, "data": revision.data}
            for revision in expert.proposed_changes.all()
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
        ModerationDecision.objects.filter(Q(account__user=user) | Q(revision__expert__user=user)).update(
            description="(deleted account)", comment=""
        )
        expert = Expert.objects.filter(user=user).first()
        if expert:
            for revision in expert.proposed_changes.all():
                if revision.photo:
                    revision.photo.delete(save=False)
            if expert.photo:
                expert.photo.delete(save=False)
            expert.delete()
        user.delete()


# --------------------------------------------------------------------------------------------
# Nominations by focal points


def nominate_expert(
    *,
    account: Account,
    name: str,
    email: str,
    organisation: str,
    organisation_type: str,
    city: City,
    themes: list[Theme],
    actions: list[Action],
    reason: str,
    language: str,
) -> Nomination:
    """A focal point nominates an expert: an unclaimed profile in review, and the nomination.

    The nominating body shown on the profile is the focal point's organisation.
    """
    if not account.is_focal_point:
        raise PermissionDenied(_("Only focal points can nominate experts."))
    email = email.strip().lower()
    if Expert.objects.filter(email=email).exists():
        raise ValidationError(_("An expert with this e-mail address is already in the directory."))
    body = account.organisation or account.user.get_full_name() or account.user.email
    with transaction.atomic():
        expert = Expert(
            name=name.strip(),
            email=email,
            organisation_type=organisation_type,
            nominated_by=body,
            city=city,
            status=ExpertStatus.IN_REVIEW,
        )
        # The focal point writes the organisation in their own language; it is the English
        # (default) value until an editor or the expert translates it.
        setattr(expert, localized_field("organisation", DEFAULT_LANGUAGE), organisation)
        expert.save()
        expert.themes.set(themes)
        expert.actions.set(actions)
        return Nomination.objects.create(
            expert=expert,
            nominated_by=account,
            nominating_body=body,
            nominating_body_type=account.focal_point_type,
            reason=reason,
            language=language if is_portal_language(language) else DEFAULT_LANGUAGE,
        )


def approve_nomination(*, nomination: Nomination, actor: AbstractBaseUser, base_url: str) -> Nomination:
    """Publish the nominated profile and invite the expert to claim it (in the nomination's language)."""
    if nomination.status != NominationStatus.PENDING:
        raise AlreadyDecided(_("This nomination has been decided already."))
    expert = nomination.expert
    with transaction.atomic():
        decided_at = timezone.now()
        _claim_decision(
            Nomination,
            pk=nomination.pk,
            pending=NominationStatus.PENDING,
            status=NominationStatus.APPROVED,
            decided_at=decided_at,
            decided_by=actor,
        )
        expert.status = ExpertStatus.PUBLISHED
        expert.last_reviewed = timezone.localdate()
        expert.save(update_fields=["status", "last_reviewed", "updated_at"])
        nomination.status = NominationStatus.APPROVED
        nomination.decided_at = decided_at
        nomination.decided_by = actor
        ModerationDecision.objects.create(
            actor=actor,
            subject=ModerationDecision.Subject.NOMINATION,
            decision=ModerationDecision.Decision.APPROVED,
            description=f"{expert} ({nomination.nominating_body})",
        )
        invite_expert(expert=expert, invited_by=actor, base_url=base_url, language=nomination.language)
    _notify_focal_point(nomination=nomination, template="nomination_approved", base_url=base_url)
    return nomination


def decline_nomination(*, nomination: Nomination, actor: AbstractBaseUser, comment: str) -> Nomination:
    """The profile is archived (never shown); the comment tells the focal point why."""
    if nomination.status != NominationStatus.PENDING:
        raise AlreadyDecided(_("This nomination has been decided already."))
    with transaction.atomic():
        decided_at = timezone.now()
        _claim_decision(
            Nomination,
            pk=nomination.pk,
            pending=NominationStatus.PENDING,
            status=NominationStatus.DECLINED,
            comment=comment,
            decided_at=decided_at,
            decided_by=actor,
        )
        nomination.expert.status = ExpertStatus.ARCHIVED
        nomination.expert.save(update_fields=["status", "updated_at"])
        nomination.status = NominationStatus.DECLINED
        nomination.comment = comment
        nomination.decided_at = decided_at
        nomination.decided_by = actor
        ModerationDecision.objects.create(
            actor=actor,
            subject=ModerationDecision.Subject.NOMINATION,
            decision=ModerationDecision.Decision.SENT_BACK,
            description=f"{nomination.expert} ({nomination.nominating_body})",
            comment=comment,
        )
    _notify_focal_point(
        nomination=nomination,
        template="nomination_declined",
        base_url=settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    )
    return nomination


def _notify_focal_point(*, nomination: Nomination, template: str, base_url: str) -> None:
    """Tell the focal point who nominated the expert what the editors decided, in their language."""
    focal_point = nomination.nominated_by
    if focal_point is not None:
        _notify(
            user=focal_point.user, template=template, context={"nomination": nomination, "base_url": base_url}
        )
