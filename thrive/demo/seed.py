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
from thrive.core import clock
from thrive.core.roles import Role
from thrive.core.staging import refresh_planner_statistics
from thrive.people.models import Organisation, Region, TeamType
from thrive.people.register_links import staff_sign_in_link
from thrive.people.services import (
    organisation_add,
    service_get_or_create,
    team_get_or_create,
)

DEMO_PASSWORD = "Thrive-Demo-2026"
# DEMO_PASSWORD hashed, once a seed (set by ``seed_demo``).
_DEMO_HASH = [""]
DEMO_DOMAIN = "thrive.test"
PARTNERSHIP_NAME = "West Midlands Children's Workforce Partnership"
AVERAGE_LA_INPOST_FTE = 236.5

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


def _councils(n: int) -> list[tuple[str, str, str]]:
    if n < 1 or n > len(WEST_MIDLANDS):
        from thrive.core.errors import ThriveError

        raise ThriveError(f"--orgs must be between 1 and {len(WEST_MIDLANDS)}.")
    return WEST_MIDLANDS[:n]


def shipped_dfe_dir() -> Path:
    """The folder of the published indicators file that ships with Thrive."""
    from thrive.intelligence.published_data import read_verified

    entry, _ = read_verified("indicators")
    return entry.path.parent


def seed_demo(
    *,
    orgs: int = 3,
    seed: int = 2025,
    dfe_dir: Path | None = None,
    progress: Callable[..., Any] | None = None,
) -> DemoResult:
    """Create (or complete) the demo region, each council calibrated to its own published
    figures: those that ship with Thrive, or those in *dfe_dir* when given."""
    rng = random.Random(seed)
    result = DemoResult()
    councils = _councils(orgs)
    # Every demo account has the one published password: checked against the password rules
    # and hashed once (the hasher's full cost), not once for each of the region's ~50 accounts.
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.password_validation import validate_password

    validate_password(DEMO_PASSWORD)
    _DEMO_HASH[0] = make_password(DEMO_PASSWORD)
    if dfe_dir is None:
        from thrive.intelligence.benchmarks import benchmarks_load_shipped

        loads = benchmarks_load_shipped(only_if_missing=True)
        if loads:
            result.notes.append(
                "Published DfE benchmarks loaded: "
                + ", ".join(load.filename for load in loads)
                + " (shipped with Thrive)."
            )
        dfe_dir = shipped_dfe_dir()
    else:
        from thrive.intelligence.benchmarks import has_published_data, load_default_files

        if not has_published_data():
            loaded = load_default_files(dfe_dir)
            if loaded:
                result.notes.append("Published DfE benchmarks loaded: " + ", ".join(loaded) + ".")
    iterator = progress(councils, desc="Councils") if progress else councils
    with transaction.atomic():
        for code, name, ons in iterator:
            org = Organisation.objects.filter(code=code).first() or organisation_add(
                code=code,
                name=name,
                ons_code=ons,
                region=Region.WEST_MIDLANDS,
                partnership=PARTNERSHIP_NAME,
            )
            result.organisations.append(org)
            _seed_workforce(org, seed, dfe_dir, result)
            refresh_planner_statistics()
            _seed_structure_and_users(org, rng, result)
        for org in result.organisations:
            # A senior leader in every council and the partnership's lead, who changes the West
            # Midlands memorandum's rules and price caps (agency.shared_rules.manage).
            for role in (Role.SENIOR_LEADER, Role.PARTNERSHIP_LEAD):
                user_add(
                    email=f"regional.lead@{DEMO_DOMAIN}",
                    organisation=org,
                    role=role,
                    encoded_password=_DEMO_HASH[0],
                    full_name="Riya Chandra (regional lead)",
                )
        result.logins.append(
            (
                "every council",
                "Senior leader and partnership lead (regional)",
                f"regional.lead@{DEMO_DOMAIN}",
            )
        )
        refresh_planner_statistics()
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


# The council-wide cap the demo's caseload policy sets (thrive/demo/families.py), which the
# drivers model reads; the planted leavers hold two more than it.
PLANTED_CAP = 17


def _seed_workforce(org: Organisation, seed: int, dfe_dir: Path, result: DemoResult) -> None:
    """Five years of a calibrated workforce, unless the council already has one."""
    from analytics.synth import Targets, generate_register
    from analytics.synth_forward import continue_register
    from thrive.demo.workforce import published_history, published_targets, write_register
    from thrive.people.models import StaffMember

    if StaffMember.objects.for_org(org).exists():
        return
    published = published_targets(dfe_dir, org.code)
    # Without a published size, an average English council's (36,186.3 FTE over 153 LAs).
    size = published.get("inpost_fte") or AVERAGE_LA_INPOST_FTE
    targets = Targets.from_measures({**published, "inpost_fte": size})
    # Each earlier year calibrated to the council's published row too, when there is one.
    history = published_history(dfe_dir, org.code) if published else {}
    register = generate_register(
        targets, la_code=org.code, seed=seed + int(org.code), history=history or None
    )
    # The published years end at the last census date; the days since are lived to today.
    register = continue_register(register, until=clock.today(), seed=seed + int(org.code))
    # The effect ``thrive drivers`` should find: leavers over the caseload cap before leaving.
    from thrive.demo.planted import plant_caseload_effect

    planted = plant_caseload_effect(register, cap=PLANTED_CAP, seed=seed + int(org.code))
    counts = write_register(org, register)
    from thrive.caseloads.services import families_sync

    families_sync(organisation=org)
    source = "its published 2025 figures" if published else "national averages"
    result.notes.append(
        f"{org.name}: {counts['people']} people, {counts['allocations']} allocations, "
        f"calibrated to {source}; {planted} leavers over the caseload cap before leaving "
        "(planted for the drivers model to find)."
    )


def _seed_structure_and_users(org: Organisation, rng: random.Random, result: DemoResult) -> None:
    from thrive.people.models import Team

    teams = {}
    services = {}
    if not Team.objects.for_org(org).exists():
        for service_name, team_specs in STRUCTURE.items():
            service = service_get_or_create(organisation=org, name=service_name)
            services[service_name] = service
            for team_name, team_type in team_specs:
                teams[team_name] = team_get_or_create(
                    organisation=org, name=team_name, service=service, team_type=team_type
                )
    managed = (
        Team.objects.for_org(org)
        .filter(team_type=TeamType.FAMILY_SAFEGUARDING)
        .order_by("name")
        .first()
        or Team.objects.for_org(org).order_by("name").first()
    )
    scoped: dict[str, dict[str, Any]] = {
        Role.TEAM_MANAGER: {"team": managed},
        Role.SERVICE_MANAGER: {"service": managed.service if managed else None},
    }
    for role in Role.values:
        email = demo_email(role, org.name)
        user_add(
            email=email,
            organisation=org,
            role=role,
            encoded_password=_DEMO_HASH[0],
            full_name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            **scoped.get(role, {}),
        )
        result.logins.append((org.name, Role(role).label, email))
    _link_people(org, managed)
    from thrive.demo.families import seed_families, seed_leaver_cases, seed_newly_qualified

    newly = seed_newly_qualified(org, managed)
    if newly:
        result.notes.append(
            f"{org.name}: a newly qualified worker on the ramp with {newly} children."
        )
    result.logins.extend(_practitioner_sign_ins(org, managed))
    left = seed_leaver_cases(org, managed, rng)
    if left:
        result.notes.append(f"{org.name}: {left} children still allocated to a leaver.")
    count = seed_families(org, rng)
    if count:
        result.notes.append(f"{org.name}: workbooks for {count} families.")
    from thrive.demo.learning import seed_learning, seed_programmes
    from thrive.demo.supervision import seed_supervision

    sessions = seed_supervision(org, rng)
    if sessions:
        result.notes.append(f"{org.name}: {sessions} supervision sessions over the last year.")
    places = seed_learning(org, rng)
    if places:
        result.notes.append(f"{org.name}: a learning offer with {places} places booked.")
    participants = seed_programmes(org, rng)
    if participants:
        result.notes.append(f"{org.name}: a programme evaluation with {participants} participants.")
    from thrive.engagement.demo import seed_engagement

    answered = seed_engagement(org, rng)
    if answered:
        result.notes.append(f"{org.name}: three staff survey waves with {answered} responses.")
    from thrive.engagement.demo import seed_engagement_more

    more = seed_engagement_more(org, rng)
    if more:
        result.notes.append(
            f"{org.name}: {more['flexible']} flexible working requests, {more['exits']} exit and "
            f"{more['stays']} stay conversations, {more['shout_outs']} shout-outs, "
            f"{more['newsletters']} newsletters, {more['dropins']} drop-in slots, "
            f"{more.get('returners', 0)} returners back after two to four years."
        )
    from thrive.agency.demo import seed_agency

    placed = seed_agency(org, rng)
    if placed:
        result.notes.append(f"{org.name}: {placed} agency placements, some breaking the rules.")
    from thrive.agency.demo import seed_rotas

    filled = seed_rotas(org, demo_email(Role.PRACTITIONER, org.name))
    if filled:
        result.notes.append(f"{org.name}: a No Wrong Door hub's rota, {filled} shifts filled.")
    from thrive.academy.demo import seed_academy

    academy = seed_academy(org, rng, lead_email=demo_email(Role.WORKFORCE_DEVELOPMENT, org.name))
    if academy:
        result.notes.append(
            f"{org.name}: {academy} (academy lead: the workforce development login)."
        )
    from thrive.recruitment.demo import seed_recruitment

    hiring = seed_recruitment(
        org,
        emails={
            "recruiter": demo_email(Role.HR_RECRUITMENT, org.name),
            "approver": demo_email(Role.SENIOR_LEADER, org.name),
            "manager": demo_email(Role.SERVICE_MANAGER, org.name),
            "panel": demo_email(Role.PANEL_MEMBER, org.name),
            "partner": demo_email(Role.PARTNER, org.name),
        },
    )
    if hiring:
        result.notes.append(f"{org.name}: {hiring}.")
        from thrive.academy.demo import seed_talent_offer

        offered = seed_talent_offer(
            org,
            lead_email=demo_email(Role.WORKFORCE_DEVELOPMENT, org.name),
            recruiter_email=demo_email(Role.HR_RECRUITMENT, org.name),
        )
        if offered:
            result.notes.append(f"{org.name}: {offered}.")
    from thrive.recruitment.showcase import seed_portal_extras

    extras = seed_portal_extras(org, recruiter_email=demo_email(Role.HR_RECRUITMENT, org.name))
    if extras:
        result.notes.append(f"{org.name}: {extras}.")


def _practitioner_sign_ins(org: Organisation, team: Any) -> list[tuple[str, str, str]]:
    """Sign-ins for two practitioners whose journeys differ: the newly qualified social worker in
    their ASYE (on the caseload ramp and the supervision ladder) and an agency social worker
    holding cases, each linked to their own record in the register."""
    from django.db.models import Q

    from thrive.people.models import EmploymentSpell, StaffMember

    today = clock.today()
    current = (
        EmploymentSpell.objects.for_org(org)
        .filter(start_date__lte=today, profession="social_worker")
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .select_related("person")
    )
    agency = current.filter(
        contract="agency", person__user__isnull=True, person__allocations__end_date__isnull=True
    ).distinct()
    if team is not None and agency.filter(team=team).exists():
        agency = agency.filter(team=team)
    wanted = [
        ("newly.qualified", "Newly qualified social worker (ASYE)", f"NQ{org.code}", None),
        ("agency.social.worker", "Agency social worker", None, agency.order_by("person__staff_id")),
    ]
    logins = []
    for local, label, staff_id, spells in wanted:
        email = f"{local}@{_slug(org.name)}.{DEMO_DOMAIN}"
        if staff_id is not None:
            person = StaffMember.objects.for_org(org).filter(staff_id=staff_id).first()
        else:
            spell = spells.first() if spells is not None else None
            person = spell.person if spell is not None else None
        linked = StaffMember.objects.for_org(org).filter(user__email=email).first()
        person = linked or person
        if person is None:
            continue
        user, _ = user_add(
            email=email,
            organisation=org,
            role=Role.PRACTITIONER,
            encoded_password=_DEMO_HASH[0],
            full_name=person.full_name,
        )
        if person.user_id is None:
            staff_sign_in_link(person=person, user=user)
        logins.append((org.name, label, email))
    return logins


def _link_people(org: Organisation, team: Any) -> None:
    """Give the demo practitioner, adult specialist and team manager a record in the register,
    so "your own record" pages have something to show."""

    from thrive.accounts.models import User
    from thrive.people.models import EmploymentSpell, StaffMember

    today = clock.today()
    current = EmploymentSpell.objects.for_org(org).current(today)
    wanted = {
        # A practitioner holding cases today, so their caseload and families have something.
        Role.PRACTITIONER: current.filter(
            profession="social_worker",
            org_role=5,
            person__allocations__start_date__lte=today,
            person__allocations__end_date__isnull=True,
        ).distinct(),
        Role.ADULT_SPECIALIST: current.exclude(profession__in=["social_worker", "other"]),
        Role.TEAM_MANAGER: current.filter(profession="social_worker", org_role=3),
    }
    for role, spells in wanted.items():
        if team is not None and spells.filter(team=team).exists():
            spells = spells.filter(team=team)
        spell = spells.select_related("person").order_by("person__staff_id").first()
        user = User.objects.filter(email=demo_email(role, org.name)).first()
        if spell is None or user is None or StaffMember.objects.filter(user=user).exists():
            continue
        person = spell.person
        if person.user_id is None:
            staff_sign_in_link(person=person, user=user)
