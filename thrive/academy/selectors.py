"""Reads for the academy: the rules and programme in force, cohorts, enrolments a person may see,
and each enrolment's progress at a glance (in a fixed number of queries)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from thrive.academy import defaults
from thrive.academy.models import (
    AcademyRule,
    Cohort,
    Enrolment,
    Evidence,
    Outcome,
    ProgrammeDefinition,
    Review,
    evidence_label,
)
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import EmploymentSpell, Organisation, StaffMember, Team


def rule_on(organisation: Organisation, on: date) -> AcademyRule:
    """The academy rule in force on *on* (the defaults, unsaved, before the council's first)."""
    row = AcademyRule.objects.for_org(organisation).filter(effective_from__lte=on).first()
    return row or AcademyRule(organisation=organisation, **defaults.RULE)


def rules(organisation: Organisation) -> QuerySet[AcademyRule]:
    return AcademyRule.objects.for_org(organisation)


def programmes(organisation: Organisation) -> QuerySet[ProgrammeDefinition]:
    return ProgrammeDefinition.objects.for_org(organisation)


def programme_on(organisation: Organisation, on: date) -> ProgrammeDefinition | None:
    return programmes(organisation).filter(effective_from__lte=on).first()


def staff_of(access: Access) -> StaffMember | None:
    """The register's record of the person signed in, in this council."""
    return StaffMember.objects.for_org(access.organisation).filter(user=access.user).first()


def cohorts(organisation: Organisation) -> QuerySet[Cohort]:
    """The council's cohorts, newest first, with how many are enrolled and still in the year."""
    return (
        Cohort.objects.for_org(organisation)
        .select_related("team")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            in_progress=Count(
                "enrolments", filter=Q(enrolments__outcome=Outcome.IN_PROGRESS), distinct=True
            ),
        )
    )


def cohort_for(organisation: Organisation, pk: int) -> Cohort | None:
    return (
        Cohort.objects.for_org(organisation)
        .select_related("team", "recall_item")
        .prefetch_related("practice_educators")
        .filter(pk=pk)
        .first()
    )


def academy_teams(organisation: Organisation) -> QuerySet[Team]:
    return Team.objects.for_org(organisation).order_by("name")


def staff_choices(organisation: Organisation, on: date) -> QuerySet[StaffMember]:
    """Social workers in post on *on*: the people who may assess, educate or manage."""
    return (
        StaffMember.objects.for_org(organisation)
        .filter(
            spells__profession="social_worker",
            spells__start_date__lte=on,
        )
        .filter(Q(spells__end_date__isnull=True) | Q(spells__end_date__gt=on))
        .distinct()
        .order_by("last_name", "first_name")
    )


def _with_parts(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return queryset.select_related(
        "person",
        "cohort",
        "programme",
        "assessor",
        "practice_educator",
        "line_manager",
        "substantive_team",
    ).prefetch_related(
        Prefetch("reviews", queryset=Review.objects.order_by("month")),
        Prefetch("evidence", queryset=Evidence.objects.order_by("kind", "on", "id")),
    )


def enrolments_visible(access: Access) -> QuerySet[Enrolment]:
    """The enrolments *access* may see: within their reach for the academy (their own, their
    team's, the council's), and those they assess, educate or line-manage."""
    reach = Enrolment.objects.visible_to(access, Cap.ACADEMY_VIEW).values("pk")
    me = staff_of(access)
    named = Q(pk__in=reach)
    if me is not None:
        named |= Q(assessor=me) | Q(practice_educator=me) | Q(line_manager=me)
    return _with_parts(Enrolment.objects.for_org(access.organisation).filter(named))


def enrolment_for(access: Access, pk: int) -> Enrolment | None:
    return enrolments_visible(access).filter(pk=pk).first()


def own_enrolment(access: Access) -> Enrolment | None:
    return _with_parts(
        Enrolment.objects.for_org(access.organisation).filter(person__user=access.user)
    ).first()


def cohort_enrolments(cohort: Cohort) -> list[Enrolment]:
    return list(_with_parts(Enrolment.objects.for_org(cohort.organisation).filter(cohort=cohort)))


def review_for(access: Access, pk: int) -> Review | None:
    found = (
        Review.objects.for_org(access.organisation)
        .select_related("enrolment")
        .filter(pk=pk)
        .first()
    )
    if found is None or enrolment_for(access, found.enrolment_id) is None:
        return None
    return found


def evidence_for(access: Access, pk: int) -> Evidence | None:
    found = Evidence.objects.for_org(access.organisation).filter(pk=pk).first()
    if found is None or enrolment_for(access, found.enrolment_id) is None:
        return None
    return found


def enrolled_person_ids(organisation: Organisation) -> set[int]:
    return set(Enrolment.objects.for_org(organisation).values_list("person_id", flat=True))


def newly_qualified_spells(organisation: Organisation, on: date) -> list[EmploymentSpell]:
    """First social work spells with the council that began a newly qualified worker's first year
    within the year before *on* (by the caseload ramp's rule), of people not yet enrolled."""
    from thrive.caseloads.selectors import asye_start

    since = on - timedelta(days=defaults.FIRST_YEAR_DAYS)
    enrolled = enrolled_person_ids(organisation)
    first: dict[int, EmploymentSpell] = {}
    for spell in (
        EmploymentSpell.objects.for_org(organisation)
        .filter(profession="social_worker", contract__in=("permanent", "fixed_term"))
        .select_related("person", "team", "line_manager")
        .order_by("person_id", "start_date")
    ):
        first.setdefault(spell.person_id, spell)
    return [
        s
        for s in first.values()
        if s.person_id not in enrolled
        and since < s.start_date <= on
        and asye_start(s) == s.start_date
    ]


# --- Progress at a glance ----------------------------------------------------------------------


@dataclass
class EvidenceLine:
    kind: str
    label: str
    have: int
    need: int

    @property
    def done(self) -> bool:
        return self.have >= self.need


@dataclass
class Progress:
    enrolment: Enrolment
    evidence: list[EvidenceLine] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    next_review: Review | None = None
    overdue: list[Review] = field(default_factory=list)
    development_hours: Decimal = Decimal(0)
    development_due: Decimal = Decimal(0)
    load: Any = None

    @property
    def evidence_have(self) -> int:
        return sum(min(line.have, line.need) for line in self.evidence)

    @property
    def evidence_need(self) -> int:
        return sum(line.need for line in self.evidence)

    @property
    def reviews_signed(self) -> int:
        return sum(1 for r in self.reviews if r.signed_off_on)

    @property
    def development_ok(self) -> bool:
        return self.development_hours >= self.development_due

    @property
    def complete(self) -> bool:
        return self.evidence_have == self.evidence_need and self.reviews_signed == len(self.reviews)


def development_due(rule: AcademyRule, fte: Decimal, started: date, on: date) -> Decimal:
    """Hours of protected development time due from *started* to *on* (at most a year):
    the rule's share of the contracted week, for the weeks elapsed."""
    days = max(0, min((on - started).days, 365))
    weeks = Decimal(days) / 7
    hours = rule.weekly_hours * fte * rule.development_percent / 100 * weeks
    return hours.quantize(Decimal("0.1"))


def progress(
    organisation: Organisation, enrolments: Iterable[Enrolment], on: date
) -> list[Progress]:
    """Each enrolment's portfolio against its programme, reviews due and overdue, development
    time recorded against due and caseload against the ramp. A fixed number of queries."""
    from thrive.caseloads.selectors import worker_loads
    from thrive.learning.models import CpdRecord

    rows = list(enrolments)
    if not rows:
        return []
    people = {e.person_id: e for e in rows}
    hours: dict[int, Decimal] = defaultdict(Decimal)
    earliest = min(e.started_on for e in rows)
    for person_id, day, h in (
        CpdRecord.objects.for_org(organisation)
        .filter(person_id__in=people, on__gte=earliest, on__lte=on)
        .values_list("person_id", "on", "hours")
    ):
        if day >= people[person_id].started_on:
            hours[person_id] += h
    spells = list(
        EmploymentSpell.objects.for_org(organisation)
        .current(on)
        .filter(person_id__in=people, profession="social_worker")
        .select_related("person", "team")
        .order_by("person_id", "-start_date")
    )
    current: dict[int, EmploymentSpell] = {}
    for spell in spells:
        current.setdefault(spell.person_id, spell)
    loads = {w.spell.person_id: w for w in worker_loads(organisation, list(current.values()), on)}
    rule = rule_on(organisation, on)
    result = []
    for e in rows:
        have: dict[str, int] = defaultdict(int)
        for piece in e.evidence.all():
            have[piece.kind] += 1
        lines = [
            EvidenceLine(kind, evidence_label(kind), have.get(kind, 0), int(need))
            # by kind: PostgreSQL keeps a JSON object's keys in its own order, not as written
            for kind, need in sorted((e.programme.evidence or {}).items())
        ]
        reviews = list(e.reviews.all())
        # Someone who left (or whose year has an outcome) has no reviews still to come.
        still_open = e.outcome in (Outcome.IN_PROGRESS, Outcome.EXTENDED)
        open_reviews = [r for r in reviews if not r.signed_off_on and still_open]
        now_spell = current.get(e.person_id)
        fte = now_spell.fte if now_spell is not None else Decimal(1)
        result.append(
            Progress(
                enrolment=e,
                evidence=lines,
                reviews=reviews,
                next_review=open_reviews[0] if open_reviews else None,
                overdue=[r for r in open_reviews if r.due_on < on],
                development_hours=hours.get(e.person_id, Decimal(0)),
                development_due=development_due(rule, fte, e.started_on, on),
                load=loads.get(e.person_id),
            )
        )
    return result


def cohort_sessions(cohort: Cohort) -> list[Any]:
    """The cohort's induction and recall days, with places booked and attendance."""
    from thrive.learning.models import LearningSession

    if cohort.recall_item_id is None:
        return []
    return list(
        LearningSession.objects.for_org(cohort.organisation)
        .filter(item_id=cohort.recall_item_id)
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status="booked")),
            came=Count("bookings", filter=Q(bookings__attended=True)),
        )
        .order_by("starts_at")
    )


def my_sessions(cohort: Cohort, person: StaffMember) -> list[Any]:
    """The cohort's calendar for one person, each day with whether they have a place and came."""
    from thrive.learning.models import Booking

    sessions = cohort_sessions(cohort)
    mine = {
        b.session_id: b
        for b in Booking.objects.for_org(cohort.organisation).filter(
            person=person, session__item_id=cohort.recall_item_id
        )
    }
    for s in sessions:
        s.my_booking = mine.get(s.pk)
    return sessions


# --- Progression framework ---------------------------------------------------------------------


def progression_levels(organisation: Organisation, on: date) -> list[Any]:
    """Each level of the framework as described on *on* (the latest row of each name)."""
    from thrive.academy.models import ProgressionLevel

    latest: dict[str, Any] = {}
    for level in (
        ProgressionLevel.objects.for_org(organisation)
        .filter(effective_from__lte=on)
        .order_by("name", "-effective_from")
    ):
        latest.setdefault(level.name, level)
    return sorted(latest.values(), key=lambda lv: (lv.rank, lv.name))


def panel_questions(organisation: Organisation, on: date) -> list[Any]:
    from thrive.academy.models import PanelQuestion

    return list(
        PanelQuestion.objects.for_org(organisation)
        .filter(effective_from__lte=on)
        .exclude(retired_on__lte=on)
    )


def panel_question_of(organisation: Organisation, pk: int) -> Any:
    from thrive.academy.models import PanelQuestion

    return PanelQuestion.objects.for_org(organisation).filter(pk=pk).first()


def progression_plans(organisation: Organisation) -> Any:
    from thrive.academy.models import ProgressionPlan

    return (
        ProgressionPlan.objects.for_org(organisation)
        .select_related("person", "level", "decided_by")
        .prefetch_related("evidence")
    )


def plan_for(access: Access, pk: int) -> Any:
    """A progression plan the person signed in may see (None otherwise)."""
    from thrive.academy import policy

    found = (
        progression_plans(access.organisation)
        .prefetch_related("person__spells__line_manager")
        .filter(pk=pk)
        .first()
    )
    return found if found is not None and policy.sees_plan(access, found) else None


def progression_evidence_for(access: Access, pk: int) -> Any:
    """A piece of progression evidence on a plan the person signed in may see (None
    otherwise)."""
    from thrive.academy.models import ProgressionEvidence

    piece = (
        ProgressionEvidence.objects.for_org(access.organisation)
        .select_related("plan", "plan__person")
        .filter(pk=pk)
        .first()
    )
    if piece is None or plan_for(access, piece.plan_id) is None:
        return None
    return piece


def own_plans(access: Access) -> list[Any]:
    return list(progression_plans(access.organisation).filter(person__user=access.user))


def progression_not_agreed(organisation: Organisation) -> dict[int, list[date]]:
    """Each person whose progression was not agreed — a panel said "not yet", or they declined
    it themselves — with the days (the panel's, or the day they declined): a risk signal for
    stay conversations and a factor the drivers-of-leaving model reads (one query)."""
    from thrive.academy.models import ProgressionPlan, ProgressionStatus

    found: dict[int, list[date]] = {}
    for person, status, panel_on, declined_on in (
        ProgressionPlan.objects.for_org(organisation)
        .filter(
            Q(status=ProgressionStatus.NOT_YET, panel_on__isnull=False)
            | Q(status=ProgressionStatus.DECLINED)
        )
        .values_list("person_id", "status", "panel_on", "declined_on")
    ):
        day = declined_on if status == ProgressionStatus.DECLINED else panel_on
        if day is not None:
            found.setdefault(person, []).append(day)
    return found


def progression_declines(organisation: Organisation) -> dict[int, dict[date, str]]:
    """Each person who declined progression themselves: the day, with the reason in words (one
    query), so a stay prompt can say which it was."""
    from thrive.academy.models import DeclineReason, ProgressionPlan, ProgressionStatus

    found: dict[int, dict[date, str]] = {}
    for person, day, reason in (
        ProgressionPlan.objects.for_org(organisation)
        .filter(status=ProgressionStatus.DECLINED)
        .values_list("person_id", "declined_on", "declined_reason")
    ):
        if day is not None:
            found.setdefault(person, {})[day] = DeclineReason(reason).label
    return found
