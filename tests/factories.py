"""Test data made through the same services the app uses.

Each factory_boy factory's create step calls the service a user's action would call
(``organisation_add``, ``team_get_or_create``, ``user_add``, ``staff_add``, ``run_import``), so test
data obeys the same rules and leaves the same audit trail as users' data. ``build()`` gives an
unsaved object for tests that need one without the database.

The short helpers (``make_org``, ``make_team``, ``make_user``, ``make_staff``, ``import_known``,
``linked_user``) are what most tests call; they go through the factories.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import factory

from thrive.accounts.models import User
from thrive.accounts.services import user_add
from thrive.people.models import Organisation, Region, Service, StaffMember, Team
from thrive.people.services import (
    organisation_add,
    service_get_or_create,
    staff_add,
    team_get_or_create,
)

PASSWORD = "Correct-Horse-42"
KNOWN = Path(__file__).resolve().parent / "data" / "known"
KNOWN_KINDS = ("staff", "posts", "absences", "allocations")


class OrganisationFactory(factory.Factory[Organisation]):
    """A council, added with ``organisation_add`` (so it has its starting lists); asking again
    for a code already added gives that council."""

    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"{900 + n % 100:03d}")
    name = factory.LazyAttribute(lambda o: f"Council {o.code}")
    region = Region.WEST_MIDLANDS

    @classmethod
    def _create(cls, model_class: type[Organisation], *args: Any, **kwargs: Any) -> Organisation:
        existing = Organisation.objects.filter(code=kwargs["code"]).first()
        return existing or organisation_add(**kwargs)


class ServiceFactory(factory.Factory[Service]):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Safeguarding"

    @classmethod
    def _create(cls, model_class: type[Service], *args: Any, **kwargs: Any) -> Service:
        return service_get_or_create(**kwargs)


class TeamFactory(factory.Factory[Team]):
    """A team in a service (by the service's name), through ``team_get_or_create``."""

    class Meta:
        model = Team
        exclude = ("service_name",)

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Assessment Team"
    service_name = "Safeguarding"
    service = factory.LazyAttribute(
        lambda o: service_get_or_create(organisation=o.organisation, name=o.service_name)
    )

    @classmethod
    def _create(cls, model_class: type[Team], *args: Any, **kwargs: Any) -> Team:
        return team_get_or_create(**kwargs)


class UserFactory(factory.Factory[User]):
    """A person who signs in holding *role* in *organisation*, through ``user_add`` (audited as
    ``role.granted``). Giving an existing email another role adds the role to that person."""

    class Meta:
        model = User
        exclude = ("sequence_number",)

    organisation = factory.SubFactory(OrganisationFactory)
    role = "practitioner"
    password = PASSWORD
    team = None
    service = None
    full_name = ""
    sequence_number = factory.Sequence(lambda n: n + 1)
    email = factory.LazyAttribute(
        lambda o: f"{o.role.replace('_', '.')}.{o.sequence_number}@{o.organisation.code}.test"
    )

    @classmethod
    def _build(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        # The role and where it is held are the grant's, not the account's.
        for grant_only in ("organisation", "role", "password", "team", "service", "actor"):
            kwargs.pop(grant_only, None)
        return model_class(**kwargs)

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        user, _ = user_add(**kwargs)
        return user


class StaffFactory(factory.Factory[StaffMember]):
    """A person in the register with their first employment spell, through ``staff_add``: by
    default a full-time permanent social worker who started on 1 January 2020."""

    class Meta:
        model = StaffMember

    organisation = factory.SubFactory(OrganisationFactory)
    staff_id = factory.Sequence(lambda n: f"T{n + 1}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Worker{n + 1}")
    profession = "social_worker"
    contract = "permanent"
    team = factory.LazyAttribute(lambda o: TeamFactory.create(organisation=o.organisation))
    fte = Decimal("1")
    start_date = date(2020, 1, 1)
    org_role = 5
    swe_number = factory.Sequence(lambda n: f"SW9{n + 1:05d}")

    @classmethod
    def _create(cls, model_class: type[StaffMember], *args: Any, **kwargs: Any) -> StaffMember:
        return staff_add(**kwargs)


def make_org(code: str, name: str, region: str = Region.WEST_MIDLANDS) -> Organisation:
    return OrganisationFactory.create(code=code, name=name, region=region)


def make_team(
    org: Organisation, name: str = "Assessment Team", service: str = "Safeguarding"
) -> Any:
    return TeamFactory.create(organisation=org, name=name, service_name=service)


def make_user(
    org: Organisation, role: str, *, email: str | None = None, password: str = PASSWORD, **kw: Any
) -> Any:
    if email is not None:
        kw["email"] = email
    return UserFactory.create(organisation=org, role=role, password=password, **kw)


def make_staff(org: Organisation, **kw: Any) -> StaffMember:
    return StaffFactory.create(organisation=org, **kw)


def import_known(org: Organisation) -> Organisation:
    """The known council (tests/data/known, worked by hand in its README) imported into *org*
    through the register's imports, as a council's HR and case files would be."""
    from thrive.people.imports import run_import

    for kind in KNOWN_KINDS:
        report = run_import(
            kind=kind,
            organisation=org,
            filename=f"{kind}.csv",
            content=(KNOWN / f"{kind}.csv").read_bytes(),
        )
        assert report.ok, report.summary()
    return org


def link_user(person: StaffMember, user: Any) -> StaffMember:
    """Make *user* the register's *person* (the link a council makes when a person first signs
    in), through ``staff_sign_in_link``; the user keeps the name the test gave it."""
    from thrive.people.register_links import staff_sign_in_link

    linked = staff_sign_in_link(person=person, user=user, keep_name=True)
    person.user = linked.user  # the caller's copy, as the database now has it
    return linked


def linked_user(org: Organisation, staff_id: str, role: str, **kw: Any) -> Any:
    """A user with *role* who is the register's *staff_id*."""
    user = make_user(org, role, **kw)
    link_user(StaffMember.objects.get(organisation=org, staff_id=staff_id), user)
    return user
