"""Test data made through the same services the app uses."""

from __future__ import annotations

import itertools
from typing import Any

from thrive.accounts.services import user_add
from thrive.people.models import Organisation, Region
from thrive.people.services import organisation_add, service_get_or_create, team_get_or_create

PASSWORD = "Correct-Horse-42"
_counter = itertools.count(1)


def make_org(code: str, name: str, region: str = Region.WEST_MIDLANDS) -> Organisation:
    existing = Organisation.objects.filter(code=code).first()
    return existing or organisation_add(code=code, name=name, region=region)


def make_team(
    org: Organisation, name: str = "Assessment Team", service: str = "Safeguarding"
) -> Any:
    svc = service_get_or_create(organisation=org, name=service)
    return team_get_or_create(organisation=org, name=name, service=svc)


def make_user(
    org: Organisation, role: str, *, email: str | None = None, password: str = PASSWORD, **kw: Any
) -> Any:
    email = email or f"{role.replace('_', '.')}.{next(_counter)}@{org.code}.test"
    user, _ = user_add(email=email, organisation=org, role=role, password=password, **kw)
    return user
