"""Reads for the register: organisations, the staff list, a person, a team, the establishment.

Every selector starts from :meth:`OrgQuerySet.visible_to`, so organisation and role scoping happen
here and nowhere else, and each runs a fixed number of queries however many rows there are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from thrive.caseloads.models import Allocation
from thrive.core.models import current_q
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import (
    EMPLOYEE_CONTRACTS,
    Absence,
    EmploymentSpell,
    Organisation,
    Post,
    Profession,
    RegisterRevision,
    Service,
    StaffMember,
    Team,
)


def organisations_for_user(user: Any) -> QuerySet[Organisation]:
    """The councils in which *user* holds at least one role."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(role_assignments__user=user).distinct().order_by("name")


def services_and_teams(organisation: Organisation) -> tuple[QuerySet[Service], QuerySet[Team]]:
    """The council's services and teams by name, for its details page."""
    return (
        Service.objects.for_org(organisation).order_by("name"),
        Team.objects.for_org(organisation).select_related("service").order_by("name"),
    )


def organisation_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()


def staff_member_for(user: Any, organisation: Organisation) -> StaffMember | None:
    """The register record of the person signed in as *user* in *organisation*, if they have one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return StaffMember.objects.for_org(organisation).filter(user=user).first()


def staff_member_by_staff_id(organisation: Organisation, staff_id: str) -> StaffMember | None:
    """The person with the council's own staff ID (as typed: surrounding spaces ignored)."""
    staff_id = (staff_id or "").strip()
    if not staff_id:
        return None
    return StaffMember.objects.for_org(organisation).filter(staff_id=staff_id).first()


def service_by_id(organisation: Organisation, pk: Any) -> Service | None:
    """One of the council's services by id (anything that is not an id finds nothing)."""
    try:
        return Service.objects.for_org(organisation).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


# --- the staff list ---------------------------------------------------------------------------

SORTS = {
    "name": ("last_name", "first_name"),
    "-name": ("-last_name", "-first_name"),
    "team": ("current_team", "last_name"),
    "start": ("current_start", "last_name"),
    "-start": ("-current_start", "last_name"),
    "fte": ("current_fte", "last_name"),
    "-fte": ("-current_fte", "last_name"),
}


@dataclass
class StaffFilters:
    q: str = ""
    team: int | None = None
    profession: str = ""
    contract: str = ""
    org_role: int | None = None
    status: str = "current"  # current, left, all
    sort: str = "name"


def staff_list(access: Access, filters: StaffFilters, *, on: date) -> QuerySet[StaffMember]:
    """People the person may see, each with their latest spell's team, role, contract and FTE."""
    latest = EmploymentSpell.objects.filter(person=OuterRef("pk")).order_by("-start_date")
    qs = StaffMember.objects.visible_to(access, Cap.REGISTER_VIEW).annotate(
        current_team=Subquery(latest.values("team__name")[:1]),
        current_team_id=Subquery(latest.values("team_id")[:1]),
        current_profession=Subquery(latest.values("profession")[:1]),
        current_contract=Subquery(latest.values("contract")[:1]),
        current_fte=Subquery(latest.values("fte")[:1]),
        current_org_role=Subquery(latest.values("org_role")[:1]),
        current_start=Subquery(latest.values("start_date")[:1]),
        in_post=Exists(EmploymentSpell.objects.filter(person=OuterRef("pk")).current(on)),
    )
    if filters.q:
        for word in filters.q.split():
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(staff_id__iexact=word)
                | Q(swe_number__iexact=word)
            )
    if filters.team:
        qs = qs.filter(current_team_id=filters.team)
    if filters.profession:
        qs = qs.filter(current_profession=filters.profession)
    if filters.contract:
        qs = qs.filter(current_contract=filters.contract)
    if filters.org_role:
        qs = qs.filter(current_org_role=filters.org_role)
    if filters.status == "current":
        qs = qs.filter(in_post=True)
    elif filters.status == "left":
        qs = qs.filter(in_post=False)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["name"]), "pk")


def visible_teams(access: Access) -> QuerySet[Team]:
    return Team.objects.visible_to(access, Cap.REGISTER_VIEW).select_related("service")


def staff_list_values(
    access: Access, filters: StaffFilters, fields: list[str], *, on: date
) -> Iterator[tuple[Any, ...]]:
    """The staff list's *fields*, row by row, streamed (the CSV download)."""
    return staff_list(access, filters, on=on).values_list(*fields).iterator()


def team_visible_for(access: Access, capability: str, pk: Any) -> Team | None:
    """The team numbered *pk* when *access* reaches it for *capability*, else None."""
    return Team.objects.visible_to(access, capability).filter(pk=pk).first()


def visible_team(access: Access, pk: int) -> Team | None:
    """The team numbered *pk* when *access* may see the register there, else None."""
    return visible_teams(access).filter(pk=pk).first()


# --- one person --------------------------------------------------------------------------------


def person_detail(access: Access, pk: int) -> StaffMember | None:
    """One person, if the person asking may see them (else ``None``: shown as not found)."""
    return StaffMember.objects.visible_to(access, Cap.REGISTER_VIEW).filter(pk=pk).first()


def person_spell(person: StaffMember, pk: int) -> EmploymentSpell | None:
    """The spell numbered *pk* of *person* (None if it is not one of theirs)."""
    return EmploymentSpell.objects.select_related("person").filter(pk=pk, person=person).first()


def person_last_ended_spell(person: StaffMember) -> EmploymentSpell | None:
    """The spell *person* left last (None if none has ended): the one a return follows."""
    return (
        EmploymentSpell.objects.filter(person=person, end_date__isnull=False)
        .select_related("team")
        .order_by("-end_date", "-pk")
        .first()
    )


def person_team_ids(person: StaffMember) -> list[tuple[int, int]]:
    """(team, service) of each of *person*'s spells, past and present."""
    return list(person.spells.values_list("team_id", "team__service_id"))


@dataclass
class PersonRecord:
    person: StaffMember
    spells: list[EmploymentSpell]
    revisions: list[RegisterRevision]
    posts: list[Post]
    absences: list[Absence]
    allocations: list[Allocation]
    cases_now: int

    @property
    def has_left(self) -> bool:
        """Every spell has ended: they may come back (a returner)."""
        return bool(self.spells) and all(s.end_date is not None for s in self.spells)


def person_record(person: StaffMember, *, on: date) -> PersonRecord:
    spells = list(person.spells.select_related("team", "line_manager").order_by("-start_date"))
    revisions = list(
        RegisterRevision.objects.filter(
            organisation_id=person.organisation_id,
            kind__in=["person", "spell"],
            record_id__in=[person.pk, *[s.pk for s in spells]],
        ).select_related("user")[:50]
    )
    allocations = list(person.allocations.order_by("-start_date")[:200])
    cases_now = sum(
        1 for a in allocations if a.start_date <= on and (a.end_date is None or a.end_date > on)
    )
    return PersonRecord(
        person=person,
        spells=spells,
        revisions=revisions,
        posts=list(person.posts.select_related("team")),
        absences=list(person.absences.order_by("-start_date")[:100]),
        allocations=allocations,
        cases_now=cases_now,
    )


# --- one team ----------------------------------------------------------------------------------


def _in_post_on(on: date) -> Q:
    return current_q(EmploymentSpell, on)


def _post_status(on: date) -> dict[str, Any]:
    """Annotations saying whether a post is vacant on *on* (formats.md's rule) and whether an
    agency worker holding it covers it."""
    holder_spells = EmploymentSpell.objects.filter(person=OuterRef("holder_id")).filter(
        _in_post_on(on)
    )
    employed = holder_spells.filter(contract__in=EMPLOYEE_CONTRACTS)
    return {
        "filled": Case(
            When(
                social_work_post=True,
                then=Exists(employed.filter(profession=Profession.SOCIAL_WORKER)),
            ),
            default=Exists(employed),
            output_field=BooleanField(),
        ),
        "agency_cover": Exists(holder_spells.filter(contract="agency")),
    }


@dataclass
class TeamPicture:
    team: Team
    members: Sequence[EmploymentSpell]
    employee_fte: float
    agency_fte: float
    posts: list[Post]
    funded_fte: float
    vacant_fte: float
    vacant_covered_fte: float
    cases: int


def team_picture(team: Team, *, on: date) -> TeamPicture:
    members = list(
        EmploymentSpell.objects.filter(team=team)
        .filter(_in_post_on(on))
        .select_related("person")
        .annotate(
            cases=Count(
                "person__allocations",
                filter=Q(person__allocations__start_date__lte=on)
                & (
                    Q(person__allocations__end_date__isnull=True)
                    | Q(person__allocations__end_date__gt=on)
                ),
            )
        )
        .order_by("person__last_name", "person__first_name")
    )
    posts = list(
        Post.objects.filter(team=team)
        .filter(Q(funded_from__lte=on) & (Q(funded_to__isnull=True) | Q(funded_to__gte=on)))
        .select_related("holder")
        .annotate(**_post_status(on))
        .order_by("post_id")
    )
    employee_fte = sum(float(m.fte) for m in members if m.contract in EMPLOYEE_CONTRACTS)
    agency_fte = sum(float(m.fte) for m in members if m.contract == "agency")
    vacant = [p for p in posts if not getattr(p, "filled", False)]
    return TeamPicture(
        team=team,
        members=members,
        employee_fte=employee_fte,
        agency_fte=agency_fte,
        posts=posts,
        funded_fte=sum(float(p.fte) for p in posts),
        vacant_fte=sum(float(p.fte) for p in vacant),
        vacant_covered_fte=sum(float(p.fte) for p in vacant if getattr(p, "agency_cover", False)),
        cases=sum(getattr(m, "cases", 0) for m in members),
    )


def team_summaries(access: Access, *, on: date) -> QuerySet[Team]:
    """Teams with headcount, FTE and funded posts on a date (one query)."""
    return (
        visible_teams(access)
        .annotate(
            headcount=Count(
                "spells__person",
                filter=Q(spells__start_date__lte=on)
                & (Q(spells__end_date__isnull=True) | Q(spells__end_date__gt=on)),
                distinct=True,
            ),
            fte=Coalesce(
                Sum(
                    "spells__fte",
                    filter=Q(spells__start_date__lte=on)
                    & (Q(spells__end_date__isnull=True) | Q(spells__end_date__gt=on)),
                ),
                Value(0),
                output_field=DecimalField(max_digits=12, decimal_places=6),
            ),
        )
        .order_by("name")
    )


def establishment(access: Access, *, on: date) -> QuerySet[Post]:
    """Funded posts on a date, each marked vacant or not and whether agency covers it."""
    return (
        Post.objects.visible_to(access, Cap.REGISTER_VIEW)
        .filter(Q(funded_from__lte=on) & (Q(funded_to__isnull=True) | Q(funded_to__gte=on)))
        .select_related("team", "holder")
        .annotate(**_post_status(on))
        .order_by("team__name", "post_id")
    )
