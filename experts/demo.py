"""Demo experts, focal points and their nominations, and two accounts to sign in with.

Idempotent: experts and accounts are matched on e-mail. The content is data under
``experts/data/`` (read through :mod:`portal.content_data`): ``experts.json`` (the published
profiles, each text with its languages side by side and the ones its expert wrote marked
``authored``), ``focal_points.json``, ``nominations.json``, ``practice_experts.json`` and
``accounts.json`` (development-only sign-in accounts, loaded when DEBUG is on).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.base import OutputWrapper
from django.utils import timezone

from experts.accounts.models import Account, AccountRole, AccountStatus, FocalPointType
from experts.models import Availability, Expert, ExpertStatus, Nomination, NominationStatus, OrganisationType
from experts.services import nominate_expert
from knowledge.models import Action, CaseStudyPage, City, Pollutant, Sector, Theme
from portal.content_data import (
    Boolean,
    DataFile,
    Email,
    ListOf,
    OneOf,
    Record,
    Slug,
    Text,
    Translated,
    app_data,
    optional,
)
from portal.i18n import language_codes, set_translations

TERMS = {"themes": Theme, "pollutants": Pollutant, "sectors": Sector, "actions": Action}
# The profile texts, as the data files name them → the model's field.
TEXT_FIELDS = {"position": "position", "organisation": "organisation", "bio": "biography"}

PROFILE = {
    "name": Text(),
    "city": Slug(),
    "organisation_type": OneOf(OrganisationType.values),
    "nominated_by": Text(blank=True),
    # Some experts write in one language only, so English is not required here; completeness is
    # the data file's rule (_complete_unless_untranslated).
    **{name: Translated(required=()) for name in TEXT_FIELDS},
    "skills": ListOf(Text()),
    "languages": ListOf(Slug()),
    "availability": ListOf(OneOf(Availability.values)),
    **{name: ListOf(Slug()) for name in TERMS},
    "links": optional(ListOf(Text())),
}


def _complete_unless_untranslated(item: Mapping[str, Any]) -> list[str]:
    """Every text in every language, its author's among them; or, for the profiles left
    untranslated on purpose, one language only."""
    problems = []
    languages = set(language_codes())
    for name in TEXT_FIELDS:
        written = set(item[name])
        authored = set(item["authored"].get(name, []))
        if not authored or not authored <= written:
            problems.append(f"authored.{name}: must name languages {name} is written in")
        if item.get("untranslated"):
            if len(written) != 1:
                problems.append(f"{name}: an untranslated profile is written in one language")
        elif written != languages:
            problems.append(f"{name}: missing {', '.join(sorted(languages - written))}")
    return problems


EXPERTS = DataFile(
    app_data(__file__, "experts.json"),
    Record(
        {
            "email": Email(),
            **PROFILE,
            "authored": Record({name: ListOf(OneOf(language_codes())) for name in TEXT_FIELDS}),
            "untranslated": optional(Boolean()),
        }
    ),
    key="email",
    check=_complete_unless_untranslated,
)
FOCAL_POINTS = DataFile(
    app_data(__file__, "focal_points.json"),
    Record(
        {
            "email": Email(),
            "name": Text(),
            "organisation": Text(),
            "type": OneOf(FocalPointType.values),
            "city": Slug(),
            "preferred_language": OneOf(language_codes()),
        }
    ),
    key="email",
)
NOMINATIONS = DataFile(
    app_data(__file__, "nominations.json"),
    Record(
        {
            "focal_point": Email(),
            "name": Text(),
            "email": Email(),
            "organisation": Text(),
            "organisation_type": OneOf(OrganisationType.values),
            "city": Slug(),
            "themes": ListOf(Slug()),
            "actions": ListOf(Slug()),
            "reason": Text(),
            "language": OneOf(language_codes()),
        }
    ),
    key="email",
)
# Case studies and the demo experts readers can ask about them.
PRACTICE_EXPERTS = DataFile(
    app_data(__file__, "practice_experts.json"),
    Record({"page": Slug(), "experts": ListOf(Slug(), min_length=1)}),
    key="page",
)
# Development-only credentials, printed by load_demo when DEBUG is on and never created otherwise.
ACCOUNTS = DataFile(
    app_data(__file__, "accounts.json"),
    Record(
        {
            "role": OneOf([AccountRole.MEMBER, AccountRole.EXPERT]),
            "email": Email(),
            "password": Text(),
            "name": Text(),
            "organisation": Text(blank=True),
            "city": Slug(),
            "preferred_language": OneOf(language_codes()),
            "profile": optional(Record(PROFILE)),
        }
    ),
    key="role",
)
DATA_FILES = (EXPERTS, FOCAL_POINTS, NOMINATIONS, PRACTICE_EXPERTS, ACCOUNTS)


def untranslated_profiles() -> dict[str, str]:
    """The experts whose profiles are left in their author's language on purpose: e-mail → that
    language (the directory shows the fallback with them)."""
    return {item["email"]: next(iter(item["position"])) for item in EXPERTS if item.get("untranslated")}


def _save_expert(email: str, entry: Mapping[str, Any]) -> Expert:
    expert = Expert.objects.filter(email=email).first() or Expert(email=email)
    expert.name = entry["name"]
    expert.city = City.objects.get(slug=entry["city"])
    expert.organisation_type = entry["organisation_type"]
    expert.nominated_by = entry["nominated_by"]
    expert.skills = entry["skills"]
    expert.languages = entry["languages"]
    expert.availability = entry["availability"]
    expert.links = entry.get("links", [])
    expert.status = ExpertStatus.PUBLISHED
    expert.last_reviewed = expert.last_reviewed or timezone.localdate()
    for name, field in TEXT_FIELDS.items():
        set_translations(expert, field, entry[name])
    expert.save()
    for relation, model in TERMS.items():
        getattr(expert, relation).set(model.objects.filter(slug__in=entry[relation]))
    return expert


def _demo_user(account: Mapping[str, Any]) -> AbstractBaseUser:
    User = get_user_model()
    email = account["email"]
    user, created = User.objects.get_or_create(
        username=email, defaults={"email": email, "first_name": account["name"]}
    )
    if created:
        user.set_password(account["password"])
        user.save()
    Account.objects.update_or_create(
        user=user,
        defaults={
            "role": account["role"],
            "status": AccountStatus.APPROVED,
            "organisation": account["organisation"],
            "city": City.objects.get(slug=account["city"]),
            "preferred_language": account["preferred_language"],
        },
    )
    return user


def _focal_point(entry: Mapping[str, Any]) -> Account:
    """A focal point's account: no password, so it cannot sign in."""
    User = get_user_model()
    email = entry["email"]
    user, created = User.objects.get_or_create(
        username=email, defaults={"email": email, "first_name": entry["name"]}
    )
    if created:
        user.set_unusable_password()
        user.save()
    account, _created = Account.objects.update_or_create(
        user=user,
        defaults={
            "role": AccountRole.FOCAL_POINT,
            "focal_point_type": entry["type"],
            "status": AccountStatus.APPROVED,
            "organisation": entry["organisation"],
            "city": City.objects.get(slug=entry["city"]),
            "preferred_language": entry["preferred_language"],
        },
    )
    return account


def _load_nominations(stdout: OutputWrapper) -> None:
    accounts = {entry["email"]: _focal_point(entry) for entry in FOCAL_POINTS}
    for entry in NOMINATIONS:
        if Expert.objects.filter(email=entry["email"]).exists():
            continue
        nominate_expert(
            account=accounts[entry["focal_point"]],
            name=entry["name"],
            email=entry["email"],
            organisation=entry["organisation"],
            organisation_type=entry["organisation_type"],
            city=City.objects.get(slug=entry["city"]),
            themes=list(Theme.objects.filter(slug__in=entry["themes"])),
            actions=list(Action.objects.filter(slug__in=entry["actions"])),
            reason=entry["reason"],
            language=entry["language"],
        )
    stdout.write(
        f"experts: {len(FOCAL_POINTS)} focal points, {Nomination.objects.filter(status=NominationStatus.PENDING).count()} "
        "nominations waiting for review"
    )


def load(*, stdout: OutputWrapper) -> None:
    for entry in EXPERTS:
        _save_expert(entry["email"], entry)
    stdout.write(f"experts: {len(EXPERTS)} published profiles")
    _link_experts_to_practices(stdout=stdout)
    _load_nominations(stdout)
    if not settings.DEBUG:
        stdout.write("experts: demo sign-in accounts skipped (DEBUG is off)")
        return
    accounts = ACCOUNTS.by_key()
    member = accounts[AccountRole.MEMBER]
    _demo_user(member)
    stdout.write(f"experts: demo member {member['email']} / {member['password']}")
    account = accounts[AccountRole.EXPERT]
    expert = _save_expert(account["email"], account["profile"])
    expert.user = _demo_user(account)
    expert.save(update_fields=["user"])
    stdout.write(
        f"experts: demo expert {account['email']} / {account['password']} "
        f"(sign-in links land in {settings.EMAIL_FILE_PATH}/)"
    )


def _link_experts_to_practices(*, stdout: OutputWrapper) -> None:
    linked = 0
    for entry in PRACTICE_EXPERTS:
        page = CaseStudyPage.objects.filter(slug=entry["page"]).first()
        experts = list(Expert.objects.filter(slug__in=entry["experts"]))
        if page is None or not experts:
            continue
        page.related_experts.set(experts)
        page.save_revision().publish()
        linked += 1
    stdout.write(f"experts: linked to {linked} case studies")
