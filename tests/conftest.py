"""Shared fixtures: data is set up through services, as a user would cause it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_org, make_user


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db: Any) -> Any:
    return make_org("331", "Coventry")


@pytest.fixture
def other_org(db: Any) -> Any:
    return make_org("330", "Birmingham")


@pytest.fixture
def user_with_role(org: Any) -> Any:
    """Factory fixture: ``user_with_role("team_manager")`` -> a user holding that role in org."""

    def _make(role: str, **kwargs: Any) -> Any:
        return make_user(org, role, **kwargs)

    return _make
