"""Fixtures for the attack tests: one account of every kind and the things they may write to."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from experts.accounts.models import AccountRole, FocalPointType
from experts.factories import AccountFactory, ExpertFactory, UserFactory
from experts.models import Expert
from tests.experts.conftest import _english, last_link, sign_in  # noqa: F401 - fixtures and helpers
from tests.knowledge.conftest import event_index  # noqa: F401 - fixture


@pytest.fixture(autouse=True)
def _plain_http_and_empty_cache(settings):
    settings.SECURE_SSL_REDIRECT = False
    # Rate-limit and lock-out counters live in the cache; each test starts with none.
    cache.clear()


@pytest.fixture
def editor(site):
    """A superuser: may do everything an editor may, in the portal and the admin."""
    return UserFactory(email="secretariat@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def member(site):
    return AccountFactory(user=UserFactory(email="member@example.org")).user


@pytest.fixture
def focal_point(site):
    return AccountFactory(
        user=UserFactory(email="focal@example.org"),
        role=AccountRole.FOCAL_POINT,
        focal_point_type=FocalPointType.GOVERNMENT,
    ).user


@pytest.fixture
def own_expert(site) -> Expert:
    """A published expert with a signed-in account of their own."""
    user = UserFactory(email="own@example.net")
    AccountFactory(user=user, role=AccountRole.EXPERT)
    return ExpertFactory(email=user.email, user=user, name="Own Expert")


@pytest.fixture
def other_expert(site) -> Expert:
    user = UserFactory(email="other@example.net")
    AccountFactory(user=user, role=AccountRole.EXPERT)
    return ExpertFactory(email=user.email, user=user, name="Other Expert")


def logged_in(user, **client_kwargs) -> Client:
    client = Client(**client_kwargs)
    client.force_login(user)
    return client
