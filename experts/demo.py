"""Demo experts and two accounts to sign in with (idempotent: matched on e-mail)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.base import OutputWrapper
from django.utils import timezone

from experts.demo_data import EXPERTS
from experts.demo_translations import merged
from experts.models import (
    Account,
    AccountRole,
    AccountStatus,
    Expert,
    ExpertStatus,
    FocalPointType,
    Nomination,
    NominationStatus,
)
from experts.services import nominate_expert
from knowledge.models import Action, CaseStudyPage, City, Pollutant, Sector, Theme
from portal.i18n import set_translations

TERMS = {"themes": Theme, "pollutants": Pollutant, "sectors": Sector, "actions": Action}
# Development-only credentials, printed by load_demo when DEBUG is on and never created otherwise.
DEMO_MEMBER = ("member@example.org", "clean-air-member-demo", "Rina Kusuma")
DEMO_EXPERT = ("expert@example.org", "clean-air-expert-demo", "Lê Minh Châu")


def _save_expert(entry: dict) -> Expert:
    expert = Expert.objects.filter(email=entry["email"]).first() or Expert(email=entry["email"])
    expert.name = entry["name"]
    expert.city = City.objects.get(slug=entry["city"])
    expert.organisation_type = entry["org_type"]
    expert.nominated_by = entry["nominated_by"]
    expert.skills = entry["skills"]
    expert.languages = entry["languages"]
    expert.availability = entry["availability"]
    expert.links = entry.get("links", [])
    expert.status = ExpertStatus.PUBLISHED
    expert.last_reviewed = expert.last_reviewed or timezone.localdate()
    email = entry["email"]
    set_translations(expert, "position", merged(email, "position", entry["position"]))
    set_translations(expert, "organisation", merged(email, "organisation", entry["organisation"]))
    set_translations(expert, "biography", merged(email, "bio", entry["bio"]))
    expert.save()
    for relation, model in TERMS.items():
        getattr(expert, relation).set(model.objects.filter(slug__in=entry[relation]))
    return expert


def _demo_user(email: str, password: str, name: str, role: str) -> AbstractBaseUser:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=email, defaults={"email": email, "first_name": name})
    if created:
        user.set_password(password)
        user.save()
    Account.objects.update_or_create(
        user=user,
        defaults={
            "role": role,
            "status": AccountStatus.APPROVED,
            "organisation": "Jakarta Provincial Environment Agency" if role == AccountRole.MEMBER else "",
            "city": City.objects.get(slug="jakarta" if role == AccountRole.MEMBER else "hanoi"),
            "preferred_language": "id" if role == AccountRole.MEMBER else "vi",
        },
    )
    return user


# Focal points (no password: they cannot sign in) and the nominations waiting in the moderation queue.
FOCAL_POINTS = [
    (
        "focal.vn@example.org",
        "Phạm Văn Đức",
        "Ministry of Natural Resources and Environment, Viet Nam",
        FocalPointType.GOVERNMENT,
        "hanoi",
        "vi",
    ),
    (
        "focal.ait@example.org",
        "Siriporn Chaiyasit",
        "Asian Institute of Technology",
        FocalPointType.ACADEMIA,
        "bangkok",
        "th",
    ),
    ("focal.caa@example.org", "Grace Mendoza", "Clean Air Asia", FocalPointType.CIVIL_SOCIETY, "pasig", "en"),
]
NOMINATIONS = [
    {
        "focal_point": "focal.vn@example.org",
        "name": "Nguyễn Hoàng Anh",
        "email": "hoang.anh.nguyen@example.net",
        "organisation": "Vietnam Environment Administration",
        "organisation_type": "government",
        "city": "hanoi",
        "themes": ["clean-air-for-all"],
        "actions": ["air-quality-monitoring", "public-information-and-alerts"],
        "reason": "Runs the national air-quality data portal and trained provincial monitoring staff.",
        "language": "vi",
    },
    {
        "focal_point": "focal.ait@example.org",
        "name": "Wahyu Pratama",
        "email": "wahyu.pratama@example.net",
        "organisation": "Institut Teknologi Bandung",
        "organisation_type": "academia",
        "city": "bandung",
        "themes": ["raising-climate-ambition"],
        "actions": ["source-apportionment", "emissions-inventory"],
        "reason": "Published source apportionment studies of PM2.5 in Bandung and Jakarta.",
        "language": "id",
    },
    {
        "focal_point": "focal.caa@example.org",
        "name": "Maria Santos",
        "email": "maria.santos@example.net",
        "organisation": "Metro Manila Clean Air Network",
        "organisation_type": "civil-society",
        "city": "quezon-city",
        "themes": ["clean-air-for-all"],
        "actions": ["waste-burning-bans", "public-information-and-alerts"],
        "reason": "Organised barangay campaigns against open waste burning.",
        "language": "en",
    },
]


def _focal_point(email: str, name: str, organisation: str, kind: str, city: str, language: str) -> Account:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=email, defaults={"email": email, "first_name": name})
    if created:
        user.set_unusable_password()
        user.save()
    account, _created = Account.objects.update_or_create(
        user=user,
        defaults={
            "role": AccountRole.FOCAL_POINT,
            "focal_point_type": kind,
            "status": AccountStatus.APPROVED,
            "organisation": organisation,
            "city": City.objects.get(slug=city),
            "preferred_language": language,
        },
    )
    return account


def _load_nominations(stdout: OutputWrapper) -> None:
    accounts = {entry[0]: _focal_point(*entry) for entry in FOCAL_POINTS}
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
        _save_expert(entry)
    stdout.write(f"experts: {len(EXPERTS)} published profiles")
    _link_experts_to_practices(stdout=stdout)
    _load_nominations(stdout)
    if not settings.DEBUG:
        stdout.write("experts: demo sign-in accounts skipped (DEBUG is off)")
        return
    email, password, name = DEMO_MEMBER
    _demo_user(email, password, name, AccountRole.MEMBER)
    stdout.write(f"experts: demo member {email} / {password}")
    email, password, name = DEMO_EXPERT
    expert = _save_expert(
        {
            "email": email,
            "name": name,
            "city": "hanoi",
            "org_type": "academia",
            "nominated_by": "Vietnam Academy of Science and Technology",
            "position": {
                "en": "Research scientist, air quality modelling",
                "vi": "Nghiên cứu viên mô hình chất lượng không khí",
            },
            "organisation": {
                "en": "Vietnam Academy of Science and Technology",
                "vi": "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
            },
            "bio": {"en": "<p>Models how pollution from craft villages travels into Hanoi.</p>"},
            "skills": ["CMAQ", "emission scenarios"],
            "languages": ["vi", "en"],
            "availability": ["review", "train"],
            "themes": ["clean-air-for-all"],
            "pollutants": ["pm25"],
            "sectors": ["industry"],
            "actions": ["source-apportionment"],
        }
    )
    expert.user = _demo_user(email, password, name, AccountRole.EXPERT)
    expert.save(update_fields=["user"])
    stdout.write(
        f"experts: demo expert {email} / {password} (sign-in links land in {settings.EMAIL_FILE_PATH}/)"
    )


# Case studies and the demo experts readers can ask about them (page slug → expert e-mails' local parts).
PRACTICE_EXPERTS = {
    "haiphong-emissions-inventory-industrial-zones-and-ports": ["nguyen-minh-duc"],
    "pasig-public-bike-sharing": ["glenda-bautista", "maria-santos"],
    "bangkok-emissions-inventory-with-san-diego": ["daniela-alvarez"],
    "hanoi-air-quality-monitoring": ["tran-thi-linh"],
    "jakarta-low-emission-zone": ["arief-wicaksono"],
}


def _link_experts_to_practices(*, stdout: OutputWrapper) -> None:
    linked = 0
    for page_slug, expert_slugs in PRACTICE_EXPERTS.items():
        page = CaseStudyPage.objects.filter(slug=page_slug).first()
        experts = list(Expert.objects.filter(slug__in=expert_slugs))
        if page is None or not experts:
            continue
        page.related_experts.set(experts)
        page.save_revision().publish()
        linked += 1
    stdout.write(f"experts: linked to {linked} case studies")
