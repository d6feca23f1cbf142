"""Writes for organisations, services and teams."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from thrive.core.errors import ThriveError
from thrive.people.models import Organisation, Partnership, Region, Service, Team, TeamType


def _raise_validation(exc: ValidationError) -> None:
    problems = [
        f"{field}: {message}" if field != "__all__" else message
        for field, messages in exc.message_dict.items()
        for message in messages
    ]
    raise ThriveError("The details are not valid.", problems=problems) from exc


def full_clean_or_raise(obj: object, **kwargs: object) -> None:
    """Run a model's full_clean and turn its errors into a :class:`ThriveError`."""
    try:
        obj.full_clean(**kwargs)  # type: ignore[attr-defined]
    except ValidationError as exc:
        _raise_validation(exc)


def _region_value(region: str) -> str:
    for value in Region.values:
        if value.casefold() == region.strip().casefold():
            return value
    raise ThriveError(
        f"'{region}' is not an English region. Use one of: " + "; ".join(Region.values) + "."
    )


@transaction.atomic
def organisation_add(
    *, code: str, name: str, region: str, ons_code: str = "", partnership: str | None = None
) -> Organisation:
    """Add a council. Its code is the 3-digit DfE LA code; the region as DfE writes it."""
    code = code.strip()
    if Organisation.objects.filter(code=code).exists():
        raise ThriveError(f"A council with code {code} already exists.")
    org = Organisation(
        code=code, name=name.strip(), region=_region_value(region), ons_code=ons_code
    )
    if partnership:
        org.partnership, _ = Partnership.objects.get_or_create(
            name=partnership, defaults={"region": org.region}
        )
    full_clean_or_raise(org)
    org.save()
    return org


@transaction.atomic
def service_get_or_create(*, organisation: Organisation, name: str) -> Service:
    service, _ = Service.objects.get_or_create(organisation=organisation, name=name.strip())
    return service


@transaction.atomic
def team_get_or_create(
    *,
    organisation: Organisation,
    name: str,
    service: Service | None = None,
    team_type: str = TeamType.OTHER,
) -> Team:
    team, created = Team.objects.get_or_create(
        organisation=organisation,
        name=name.strip(),
        defaults={"service": service, "team_type": team_type},
    )
    if created:
        full_clean_or_raise(team)
    return team
