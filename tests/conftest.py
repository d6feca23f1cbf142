"""Shared fixtures: data is set up through services, as a user would cause it."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import make_org, make_user

# Property-based tests explore new examples on developers' machines (and keep any failure they
# find in .hypothesis/ to replay); in CI they run a fixed, repeatable set, so a landing never
# depends on luck. A failure found locally becomes an @example in the test.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


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
