"""Build the demo region: a regional partnership of councils with a signed-in user for every role.

Deterministic for a seed. Safe to run again: what exists is kept, what is missing is added.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from thrive.accounts.services import user_add
from thrive.core.roles import Role
from thrive.people.models import Organisation, Partnership, Region, TeamType
from thrive.people.services import service_get_or_create, team_get_or_create

DEMO_PASSWORD = "Thrive-Demo-2026"
DEMO_DOMAIN = "thrive.test"
PARTNERSHIP_NAME = "West Midlands Children's Workforce Partnership"

# West Midlands councils (DfE LA code, name, ONS code); Coventry first, as in the seed documents.
WEST_MIDLANDS: list[tuple[str, str, str]] = [
    ("331", "Coventry", "E08000026"),
    ("330", "Birmingham", "E08000025"),
    ("334", "Solihull", "E08000029"),
    ("335", "Walsall", "E08000030"),
    ("336", "Wolverhampton", "E08000031"),
    ("332", "Dudley", "E08000027"),
    ("333", "Sandwell", "E08000028"),
    ("937", "Warwickshire", "E10000031"),
    ("885", "Worcestershire", "E10000034"),
    ("860", "Staffordshire", "E10000028"),
    ("861", "Stoke-on-Trent", "E06000021"),
    ("893", "Shropshire", "E06000051"),
    ("894", "Telford and Wrekin", "E06000020"),
    ("884", "Herefordshire", "E06000019"),
]

# Service -> teams (name, type).
STRUCTURE: dict[str, list[tuple[str, str]]] = {
    "Front door and assessment": [
        ("Front Door (MASH)", TeamType.FRONT_DOOR),
        ("Assessment Team 1", TeamType.ASSESSMENT),
        ("Assessment Team 2", TeamType.ASSESSMENT),
    ],
    "Safeguarding": [
        ("Family Safeguarding North", TeamType.FAMILY_SAFEGUARDING),
        ("Family Safeguarding South", TeamType.FAMILY_SAFEGUARDING),
        ("Child Protection Team", TeamType.CHILD_PROTECTION),
        ("Disabled Children's Team", TeamType.DISABLED_CHILDREN),
    ],
    "Children in care": [
        ("Children in Care Team", TeamType.CHILDREN_IN_CARE),
        ("Care Leavers Team", TeamType.CARE_LEAVERS),
        ("Fostering Team", TeamType.FOSTERING),
        ("No Wrong Door Hub", TeamType.RESIDENTIAL),
    ],
    "Early help and youth justice": [
        ("Early Help Team", TeamType.EARLY_HELP),
        ("Youth Justice Team", TeamType.YOUTH_JUSTICE),
    ],
    "Workforce development": [("Social Work Academy", TeamType.ACADEMY)],
}


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def demo_email(role: str, org_name: str) -> str:
    return f"{role.replace('_', '.')}@{_slug(org_name)}.{DEMO_DOMAIN}"


@dataclass
class DemoResult:
    organisations: list[Organisation] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # council, role, email
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"Demo region ready: {len(self.organisations)} councils in {PARTNERSHIP_NAME}.",
            *self.notes,
            "",
            f"Sign in at http://127.0.0.1:8000/ with any of these (password: {DEMO_PASSWORD}):",
        ]
        width = max((len(e) for _, _, e in self.logins), default=10)
        for council, role, email in self.logins:
            lines.append(f"  {email.ljust(width)}  {role} – {council}")
        return "\n".join(lines)


def _councils(n: int, dfe_dir: Path | None) -> list[tuple[str, str, str]]:
    if n < 1 or n > len(WEST_MIDLANDS):
        from thrive.core.errors import ThriveError

        raise ThriveError(f"--orgs must be between 1 and {len(WEST_MIDLANDS)}.")
    return WEST_MIDLANDS[:n]


def seed_demo(
    *,
    orgs: int = 3,
    seed: int = 2025,
    dfe_dir: Path | None = None,
    progress: Callable[..., Any] | None = None,
) -> DemoResult:
    """Create (or complete) the demo region."""
    rng = random.Random(seed)
    result = DemoResult()
    councils = _councils(orgs, dfe_dir)
    iterator = progress(councils, desc="Councils") if progress else councils
    with transaction.atomic():
        partnership, _ = Partnership.objects.get_or_create(
            name=PARTNERSHIP_NAME, defaults={"region": Region.WEST_MIDLANDS}
        )
        for code, name, ons in iterator:
            org, _ = Organisation.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "ons_code": ons,
                    "region": Region.WEST_MIDLANDS,
                    "partnership": partnership,
                },
            )
            result.organisations.append(org)
            _seed_structure_and_users(org, rng, result)
        for org in result.organisations:
            user_add(
                email=f"regional.lead@{DEMO_DOMAIN}",
                organisation=org,
                role=Role.SENIOR_LEADER,
                password=DEMO_PASSWORD,
                full_name="Riya Chandra (regional lead)",
            )
        result.logins.append(
            ("every council", "Senior leader (regional)", f"regional.lead@{DEMO_DOMAIN}")
        )
    return result


_FIRST = [
    "Amina",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Farah",
    "Grace",
    "Harry",
    "Isla",
    "Jamal",
    "Kiran",
    "Leah",
    "Marcus",
    "Nadia",
    "Owen",
    "Priya",
    "Rosa",
    "Sam",
    "Tom",
    "Zara",
]
_LAST = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Francis",
    "Green",
    "Hussain",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morris",
    "Nowak",
    "O'Brien",
    "Patel",
    "Roberts",
    "Singh",
]


def _seed_structure_and_users(org: Organisation, rng: random.Random, result: DemoResult) -> None:
    teams = {}
    services = {}
    for service_name, team_specs in STRUCTURE.items():
        service = service_get_or_create(organisation=org, name=service_name)
        services[service_name] = service
        for team_name, team_type in team_specs:
            teams[team_name] = team_get_or_create(
                organisation=org, name=team_name, service=service, team_type=team_type
            )
    scoped: dict[str, dict[str, Any]] = {
        Role.TEAM_MANAGER: {"team": teams["Family Safeguarding North"]},
        Role.SERVICE_MANAGER: {"service": services["Safeguarding"]},
    }
    for role in Role.values:
        email = demo_email(role, org.name)
        user_add(
            email=email,
            organisation=org,
            role=role,
            password=DEMO_PASSWORD,
            full_name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            **scoped.get(role, {}),
        )
        result.logins.append((org.name, Role(role).label, email))
