"""factory_boy factories for the experts app (tests and demo-like fixtures)."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from experts.accounts.models import Account, AccountRole, AccountStatus
from experts.models import Expert, ExpertStatus, OrganisationType
from knowledge.models import City

DEFAULT_PASSWORD = "clean-air-test-password"  # noqa: S105 - test fixtures only


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.LazyAttribute(lambda user: user.email)
    first_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AccountFactory(DjangoModelFactory):
    class Meta:
        model = Account

    user = factory.SubFactory(UserFactory)
    role = AccountRole.MEMBER
    status = AccountStatus.APPROVED
    organisation = "Bangkok Metropolitan Administration"
    preferred_language = "en"


class ExpertFactory(DjangoModelFactory):
    class Meta:
        model = Expert
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Expert {n}")
    email = factory.Sequence(lambda n: f"expert{n}@example.net")
    position = "Air quality engineer"
    organisation = "Clean Air Asia"
    organisation_type = OrganisationType.CIVIL_SOCIETY
    nominated_by = "Clean Air Asia"
    city = factory.LazyFunction(lambda: City.objects.get(slug="hanoi"))
    languages = factory.LazyFunction(lambda: ["en"])
    biography = "<p>Works on monitoring networks.</p>"
    status = ExpertStatus.PUBLISHED

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def pollutants(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.pollutants.set(extracted)

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)

    @factory.post_generation
    def actions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.actions.set(extracted)


def expert_user(expert: Expert, *, language: str = "en"):
    """An approved expert account linked to `expert`, with DEFAULT_PASSWORD."""
    user = UserFactory(email=expert.email, username=expert.email)
    AccountFactory(user=user, role=AccountRole.EXPERT, preferred_language=language)
    expert.user = user
    expert.save(update_fields=["user"])
    return user
