"""Reads for families: whose records a person may see, and how they are connected to one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from thrive.caseloads.models import (
    Allocation,
    AllocationDecision,
    CaseStatus,
    ChildStatus,
    Family,
    FamilyAssignment,
    FamilyMember,
)
from thrive.caseloads.selectors.measures import _held, _in_post, left_from
from thrive.core.models import AuditEvent
from thrive.core.permissions import Access
from thrive.people.models import EmploymentSpell, Organisation, StaffMember
from thrive.people.policy import managed_services, managed_teams


def families_visible_to(access: Access, on: date) -> QuerySet[Family]:
    """The families whose records *access*'s person may see on *on*: those where they hold a
    child's allocation, where they manage (team or service) a worker who does — or who last worked
    in their team or service and has left with cases still allocated — or where they are an
    assigned specialist. Nobody else — not even the council's leaders — sees a family's records.

    Set-based: subqueries the database answers with its indexes, whatever the number of families
    and allocations (only the leavers' one is correlated, over a team's ended spells)."""
    organisation = access.organisation
    user_id = access.user.pk
    children = (
        Allocation.objects.for_org(organisation)
        .filter(_held(on))
        .filter(_through_holders(access, on))
        .values("child_id")
    )
    via_children = FamilyMember.objects.for_org(organisation).filter(
        is_child=True, member_id__in=children
    )
    via_assignment = (
        FamilyAssignment.objects.for_org(organisation).filter(person__user_id=user_id).current(on)
    )
    return Family.objects.for_org(organisation).filter(
        Q(pk__in=via_children.values("family_id")) | Q(pk__in=via_assignment.values("family_id"))
    )


def _through_holders(access: Access, on: date, among: list[int] | None = None) -> Q:
    """The allocations that let *access*'s person see a child's family on *on*: their own, while
    in post, and those of the workers they manage (team or service), in post or left with the
    cases still allocated (only the workers *among* these, when given: a family's few)."""
    organisation = access.organisation
    spells = EmploymentSpell.objects.for_org(organisation)
    if among is not None:
        spells = spells.filter(person_id__in=among)
    current = spells.filter(_in_post(on))
    holders = Q(worker__user_id=access.user.pk, worker_id__in=current.values("person_id"))
    managed = []
    if teams := managed_teams(access):
        managed.append(Q(team_id__in=teams))
    if services := managed_services(access):
        managed.append(Q(team__service_id__in=services))
    for where in managed:
        holders |= Q(worker_id__in=current.filter(where).values("person_id"))
        left = left_from(organisation, on, where)
        if among is not None:
            left = left.filter(person_id__in=among)
        holders |= Q(worker_id__in=left.values("person_id"))
    return holders


@dataclass(frozen=True)
class Connection:
    """How one person is connected to one family on a date (all False: not connected)."""

    allocated: bool = False
    manages: bool = False
    specialist_roles: frozenset[str] = frozenset()

    @property
    def connected(self) -> bool:
        return self.allocated or self.manages or bool(self.specialist_roles)


def family_connection(access: Access, family: Family, on: date) -> Connection:
    """Why *access*'s person may see *family* on *on*: holding a child's allocation, managing a
    worker who does, or being an assigned specialist: the test of :func:`families_visible_to`,
    asked of this family's children and their few workers only, not the council's allocations
    and staff. Five small queries."""
    if family.organisation_id != access.organisation.pk:
        return Connection()
    roles = frozenset(
        FamilyAssignment.objects.filter(family=family, person__user_id=access.user.pk)
        .current(on)
        .values_list("role", flat=True)
    )
    # The family's children as a list of numbers, so that the database looks their allocations
    # up by child (a few rows) rather than through the council's, by date.
    children = list(
        FamilyMember.objects.filter(family=family, is_child=True).values_list(
            "member_id", flat=True
        )
    )
    held = Allocation.objects.for_org(access.organisation).filter(_held(on), child_id__in=children)
    workers = sorted(set(held.values_list("worker_id", flat=True)))
    if not roles and not (
        workers and held.filter(_through_holders(access, on, among=workers)).exists()
    ):
        return Connection()
    allocated = held.filter(worker__user_id=access.user.pk).exists()
    manages = not allocated and not roles
    return Connection(allocated=allocated, manages=manages, specialist_roles=roles)


def families_list(access: Access, on: date) -> QuerySet[Family]:
    """The families list: those *access* may see on *on*, each with its number of children and
    the month of its latest shared summary (``last_summary``, None when there is none)."""
    return (
        families_visible_to(access, on)
        .annotate(
            children=Count("members", filter=Q(members__is_child=True), distinct=True),
            last_summary=Max("monthly_summaries__month"),
        )
        .order_by("family_id")
    )


@dataclass(frozen=True)
class FamilyRow:
    """What the families list shows of one family beside its name: who holds its children's
    allocations and the children's case statuses on the day, each named once."""

    workers: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()


def family_rows(families: Iterable[Family], on: date) -> dict[int, FamilyRow]:
    """:class:`FamilyRow` for each of *families* (a page of the list) on *on*, by the family's
    key: three queries, however many families."""
    families = list(families)
    pks = [f.pk for f in families]
    children = FamilyMember.objects.filter(family_id__in=pks, is_child=True)
    family_of = dict(children.values_list("member_id", "family_id"))
    workers: dict[int, set[str]] = {}
    held = Allocation.objects.filter(
        _held(on),
        child_id__in=list(family_of),
        organisation_id__in={f.organisation_id for f in families},
    ).select_related("worker")
    for a in held:
        workers.setdefault(family_of[a.child_id], set()).add(a.worker.full_name)
    statuses: dict[int, set[str]] = {}
    current = ChildStatus.objects.filter(child__in=children).current(on)
    for family_pk, status in current.values_list("child__family_id", "status"):
        statuses.setdefault(family_pk, set()).add(CaseStatus(status).label)
    return {
        pk: FamilyRow(
            workers=tuple(sorted(workers.get(pk, ()))),
            statuses=tuple(sorted(statuses.get(pk, ()))),
        )
        for pk in pks
    }


def family_choices(families: QuerySet[Family]) -> list[tuple[str, str]]:
    """Families as choices for a picker (``PickerSelect``): the family's name with its case-system
    ID beside it, and the children's first names, so that a family is found by name or by ID —
    "The Ahmed family (F0042): Priya, Sam"; "Family F0043: Amy". Two queries."""
    children = FamilyMember.objects.filter(is_child=True).exclude(first_name="")
    rows = families.prefetch_related(
        Prefetch("members", queryset=children.order_by("first_name"), to_attr="named_children")
    )
    choices = []
    for f in rows:
        label = f"{f.name} ({f.family_id})" if f.name else f"Family {f.family_id}"
        names = [m.first_name for m in f.named_children]  # type: ignore[attr-defined]
        choices.append((str(f.pk), f"{label}: {', '.join(names)}" if names else label))
    return choices


def visible_family(access: Access, pk: int, on: date) -> Family | None:
    """The family numbered *pk* when *access* may see it on *on*, else None."""
    return families_visible_to(access, on).filter(pk=pk).first()


def visible_family_pks(access: Access, on: date, pks: Iterable[int]) -> set[int]:
    """Which of the families *pks* *access* may see on *on*."""
    return set(families_visible_to(access, on).filter(pk__in=pks).values_list("pk", flat=True))


def family_ref(organisation: Organisation, pk: int) -> str | None:
    """The case system's ID of the council's family numbered *pk* (None if there is none): what a
    refusal's log entry names, without opening the record."""
    return (
        Family.objects.for_org(organisation)
        .filter(pk=pk)
        .values_list("family_id", flat=True)
        .first()
    )


def family_members(family: Family) -> list[FamilyMember]:
    """A family's children and adults, with the children's case-status history."""
    return list(FamilyMember.objects.filter(family=family).prefetch_related("statuses"))


def family_child(family: Family, member_pk: int) -> FamilyMember | None:
    """The child numbered *member_pk* in *family* (None if not one of its children)."""
    return FamilyMember.objects.filter(pk=member_pk, family=family, is_child=True).first()


def children_allocations(organisation: Organisation, child_ids: list[str]) -> list[Allocation]:
    """Every allocation, past and present, of the children *child_ids*, latest first."""
    return list(
        Allocation.objects.for_org(organisation)
        .filter(child_id__in=child_ids)
        .select_related("worker")
        .order_by("-start_date")
    )


def family_assignments(family: Family) -> QuerySet[FamilyAssignment]:
    """The specialists assigned to *family*, past and present."""
    return family.assignments.select_related("person")


def family_assignment(family: Family, pk: int) -> FamilyAssignment | None:
    """The assignment numbered *pk* of *family* (None if it is not one of its own)."""
    return FamilyAssignment.objects.select_related("person").filter(pk=pk, family=family).first()


def family_decisions(family: Family, limit: int = 10) -> QuerySet[AllocationDecision]:
    """The latest allocation decisions made through the assistant for *family*."""
    return family.decisions.select_related("worker", "decided_by", "team")[:limit]


def specialists_in_post(organisation: Organisation, on: date) -> QuerySet[StaffMember]:
    """The people in post on *on* who are not social workers: whom a family may be given as an
    adult specialist."""
    in_post = EmploymentSpell.objects.for_org(organisation).current(on)
    return (
        StaffMember.objects.for_org(organisation)
        .filter(pk__in=in_post.exclude(profession="social_worker").values("person_id"))
        .order_by("last_name", "first_name")
    )


def family_access_log(
    organisation: Organisation,
    *,
    who: str = "",
    family: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Every read and write of the council's families' records, filtered by who (email or name,
    in part), by family (the case system's family ID exactly — F1 is not F10 — or the record's
    number) and by date."""
    events = AuditEvent.objects.filter(organisation=organisation, action__startswith="family.")
    if who:
        events = events.filter(Q(user__email__icontains=who) | Q(user__full_name__icontains=who))
    if family:
        pks = (
            Family.objects.for_org(organisation)
            .filter(family_id=family)
            .values_list("pk", flat=True)
        )
        events = events.filter(
            Q(object_type="caseloads.family")
            & (Q(object_id__in=[str(pk) for pk in pks]) | Q(object_id=family))
        )
    if date_from is not None:
        events = events.filter(at__date__gte=date_from)
    if date_to is not None:
        events = events.filter(at__date__lte=date_to)
    return events.select_related("user")


def child_families(access: Access, child_ids: Iterable[str], on: date) -> dict[str, Family]:
    """The family of each of the children *child_ids* (case-system IDs) whose record *access*'s
    person may open on *on*, by child ID: what a caseload links each child to. One query."""
    members = (
        FamilyMember.objects.for_org(access.organisation)
        .filter(is_child=True, member_id__in=list(child_ids))
        .filter(family__in=families_visible_to(access, on))
        .select_related("family")
    )
    return {m.member_id: m.family for m in members}
