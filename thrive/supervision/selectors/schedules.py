"""Whose rule is which, who is due or overdue, and a supervisor's diary.

The rules themselves (due dates, the ASYE ladder, within policy, minutes) are
``analytics.supervision``; this module gathers the people, policies and sessions in a fixed
number of queries and asks it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Min, Q
from django.utils import timezone

from analytics import supervision as rules
from thrive.caseloads.selectors import asye_starts
from thrive.core import clock
from thrive.core.models import current_q
from thrive.core.permissions import Access
from thrive.people.models import EmploymentSpell, Organisation, StaffMember
from thrive.supervision.models import (
    Kind,
    Session,
    SessionStatus,
    SupervisionPolicy,
)
from thrive.supervision.policy import books_supervision_in

ASYE_YEAR = timedelta(days=365)
SUPERVISED_CONTRACTS = ["permanent", "fixed_term", "agency"]


def _in_post(on: date) -> Q:
    return current_q(EmploymentSpell, on)


ASYE_LEVEL = 4
"""How specific the ASYE is: only a person's own rule outranks it."""


def supervision_since(organisation: Organisation) -> date:
    """The day the council's supervision clock starts in Thrive: nobody is due, late or overdue
    from before it. The earliest of the day the council was added, its first supervision rule
    and its first recorded one-to-one supervision (imported history counts): a person with no
    session since is first due from the later of this day and their start in post."""
    first_rule = SupervisionPolicy.objects.for_org(organisation).aggregate(
        first=Min("effective_from")
    )["first"]
    return _since(organisation, first_rule)


def _since(organisation: Organisation, first_rule: date | None) -> date:
    found = (
        Session.objects.for_org(organisation)
        .filter(kind=Kind.ONE_TO_ONE, status=SessionStatus.HELD)
        .aggregate(first=Min("starts_at"))["first"]
    )
    known = [day for day in (first_rule,) if day is not None]
    if found is not None:
        known.append(timezone.localtime(found).date())
    if organisation.created_at is not None:
        known.append(timezone.localtime(organisation.created_at).date())
    return min(known) if known else clock.today()


class PolicyBook:
    """An organisation's supervision policies, to work out each person's dated rules, and the
    day its supervision clock starts (:func:`supervision_since`)."""

    def __init__(self, organisation: Organisation) -> None:
        self.rows = list(
            SupervisionPolicy.objects.for_org(organisation).order_by("effective_from", "id")
        )
        self.since = _since(organisation, self.rows[0].effective_from if self.rows else None)

    def first_within_days(self, spell: EmploymentSpell, asye: date | None) -> int | None:
        """The first-supervision rule for someone starting in *spell* ("within 14 days of
        starting"): from the most specific rule in force on their start day that sets one."""
        day = spell.start_date
        in_asye = asye is not None and asye <= day < asye + ASYE_YEAR
        best: tuple[int, date] | None = None
        found = None
        for row in self.rows:
            if row.effective_from > day or row.first_within_days is None:
                continue
            level = self._level(row, spell, in_asye)
            # As for the frequency, only an ASYE rule or the person's own loosens the ladder.
            if level is None or (in_asye and level < ASYE_LEVEL):
                continue
            if best is None or (level, row.effective_from) >= best:
                best, found = (level, row.effective_from), row.first_within_days
        return found

    def _level(self, row: SupervisionPolicy, spell: EmploymentSpell, in_asye: bool) -> int | None:
        """How specific a row is for this person (higher wins), or None if it does not apply."""
        if row.person_id:
            return 5 if row.person_id == spell.person_id else None
        if row.asye:
            return ASYE_LEVEL if in_asye else None
        if row.org_role is not None:
            return 3 if row.org_role == spell.org_role else None
        if row.team_type:
            team_type = spell.team.team_type if spell.team_id and spell.team else ""
            return 2 if row.team_type == team_type else None
        return 1

    def rule_on(
        self, spell: EmploymentSpell, day: date, asye: date | None
    ) -> tuple[rules.PolicyPeriod, SupervisionPolicy | None]:
        """The rule in force for the person on *day* and the policy row it came from (``None``
        for the default). Someone in their ASYE follows the ASYE ladder unless an ASYE row or a
        rule of their own says otherwise: a council, team-type or role row only sets their
        minimum minutes."""
        in_asye = asye is not None and asye <= day < asye + ASYE_YEAR
        best: tuple[int, date] | None = None
        chosen = None
        for row in self.rows:
            if row.effective_from > day:
                continue
            level = self._level(row, spell, in_asye)
            if level is None:
                continue
            key = (level, row.effective_from)
            if best is None or key >= best:
                best, chosen = key, row
        if chosen is None:
            frequency = rules.Frequency.ASYE if in_asye else rules.Frequency.MONTHLY
            return rules.PolicyPeriod(day, frequency, 90), None
        assert best is not None
        frequency = rules.Frequency(chosen.frequency)
        if in_asye and best[0] < ASYE_LEVEL:
            frequency = rules.Frequency.ASYE
        if frequency == rules.Frequency.ASYE and asye is None:
            frequency = rules.Frequency.MONTHLY
        return rules.PolicyPeriod(day, frequency, chosen.minimum_minutes_per_month), chosen

    def periods_for(self, spell: EmploymentSpell, asye: date | None) -> list[rules.PolicyPeriod]:
        """The person's rules as dated periods, from their start, each change where a policy
        starts or their ASYE begins or ends."""
        changes = {spell.start_date}
        changes |= {r.effective_from for r in self.rows if r.effective_from > spell.start_date}
        if asye is not None:
            changes |= {asye, asye + ASYE_YEAR}
        periods: list[rules.PolicyPeriod] = []
        for day in sorted(changes):
            if day < spell.start_date:
                continue
            rule, _ = self.rule_on(spell, day, asye)
            if periods and (periods[-1].frequency, periods[-1].minimum_minutes_per_month) == (
                rule.frequency,
                rule.minimum_minutes_per_month,
            ):
                continue
            periods.append(rule)
        return periods


# "Due" in the diary: the next supervision falls due within this many days and is not booked.
DUE_SOON_DAYS = 14


@dataclass
class PersonSchedule:
    spell: EmploymentSpell
    periods: list[rules.PolicyPeriod]
    sessions: list[tuple[date, int]]
    asye_start: date | None
    last_session: date | None
    next_due: date
    overdue_days: int | None
    booked: Session | None
    rule: rules.PolicyPeriod
    on: date
    since: date | None = None
    first_within_days: int | None = None

    @property
    def person(self) -> StaffMember:
        return self.spell.person

    @property
    def in_asye(self) -> bool:
        """Whether the person is inside their assessed year on the day shown: only then are
        they labelled ASYE (the ladder itself follows the same year, see ``PolicyBook``)."""
        return self.asye_start is not None and (
            self.asye_start <= self.on < self.asye_start + ASYE_YEAR
        )

    @property
    def supervision(self) -> rules.PersonSupervision:
        return rules.PersonSupervision(
            person_id=self.spell.person_id,
            periods=self.periods,
            sessions=self.sessions,
            start_date=self.spell.start_date,
            asye_start=self.asye_start,
            end_date=self.spell.end_date - timedelta(days=1) if self.spell.end_date else None,
            since=self.since,
            first_within_days=self.first_within_days,
        )

    @property
    def standing(self) -> str:
        """The person's standing, "overdue", "booked", "due" (within DUE_SOON_DAYS) or "later":
        the one place a person is counted, so the diary's tags and its header always agree.
        Someone overdue with a session booked is still overdue (the tag says when it is booked)."""
        if self.overdue_days is not None:
            return "overdue"
        if self.booked is not None:
            return "booked"
        if self.next_due <= self.on + timedelta(days=DUE_SOON_DAYS):
            return "due"
        return "later"

    @property
    def state(self) -> tuple[str, str]:
        """(words, tag colour) for the diary."""
        standing = self.standing
        if standing == "overdue":
            late = f"Overdue by {self.overdue_days} day{'s' if self.overdue_days != 1 else ''}"
            if self.booked is not None:
                at = timezone.localtime(self.booked.starts_at)
                return f"{late}; booked for {at.day} {at:%b}", "orange"
            return late, "red"
        if standing == "booked":
            return "Booked", "green"
        if standing == "due":
            return "Due", "yellow"
        return "Not due yet", "grey"


def supervised_spells(
    organisation: Organisation, on: date, **filters: Any
) -> list[EmploymentSpell]:
    """Social workers in post (employed or agency) on *on*: the people supervision policy covers."""
    return list(
        EmploymentSpell.objects.for_org(organisation)
        .filter(_in_post(on), profession="social_worker", contract__in=SUPERVISED_CONTRACTS)
        .filter(**filters)
        .select_related("person", "team", "line_manager")
        .order_by("person__last_name", "person__first_name")
    )


def held_sessions(
    organisation: Organisation, people: Iterable[int]
) -> dict[int, list[tuple[date, int]]]:
    """Held one-to-one sessions per supervisee as (day, minutes): what counts as supervision."""
    out: dict[int, list[tuple[date, int]]] = defaultdict(list)
    rows = (
        Session.objects.for_org(organisation)
        .filter(kind=Kind.ONE_TO_ONE, status=SessionStatus.HELD, supervisee_id__in=list(people))
        .order_by("starts_at")
        .values_list("supervisee_id", "starts_at", "minutes", "planned_minutes")
    )
    for person, starts_at, minutes, planned in rows:
        out[person].append((starts_at.date(), minutes if minutes is not None else planned))
    return out


def schedules(
    organisation: Organisation, spells: list[EmploymentSpell], on: date
) -> list[PersonSchedule]:
    """Each person's rule, last supervision, next due date and whether they are overdue on *on*.
    Three queries whatever the number of people."""
    book = PolicyBook(organisation)
    people = [s.person_id for s in spells]
    sessions = held_sessions(organisation, people)
    booked: dict[int, Session] = {}
    for s in (
        Session.objects.for_org(organisation)
        .filter(kind=Kind.ONE_TO_ONE, status=SessionStatus.BOOKED, supervisee_id__in=people)
        .filter(starts_at__date__gte=on)
        .order_by("-starts_at")
    ):
        assert s.supervisee_id is not None
        booked[s.supervisee_id] = s
    result = []
    starts = asye_starts(organisation, spells)
    for spell in spells:
        asye = starts.get(spell.person_id)
        periods = book.periods_for(spell, asye)
        first_within = book.first_within_days(spell, asye)
        held = [(d, m) for d, m in sessions.get(spell.person_id, []) if d <= on]
        last = max((d for d, _ in held), default=None)
        days = [d for d, _ in held]
        timing = {
            "start_date": spell.start_date,
            "asye_start": asye,
            "since": book.since,
            "first_within_days": first_within,
        }
        due = rules.next_due(periods, last, **timing)  # type: ignore[arg-type]
        late = rules.overdue(periods, days, on=on, **timing)  # type: ignore[arg-type]
        result.append(
            PersonSchedule(
                spell=spell,
                periods=periods,
                sessions=held,
                asye_start=asye,
                last_session=last,
                next_due=due,
                overdue_days=late,
                booked=booked.get(spell.person_id),
                rule=rules.policy_on(periods, on),
                on=on,
                since=book.since,
                first_within_days=first_within,
            )
        )
    return result


def supervisees_of(person: StaffMember, on: date) -> list[EmploymentSpell]:
    """The people a supervisor supervises on *on*: those they line-manage."""
    return supervised_spells(person.organisation, on, line_manager=person)


def diary(person: StaffMember, on: date) -> dict[str, Any]:
    """A supervisor's diary: sessions booked ahead, people due within the horizon, and overdue."""
    mine = schedules(person.organisation, supervisees_of(person, on), on)
    upcoming = list(
        Session.objects.for_org(person.organisation)
        .filter(supervisor=person, status=SessionStatus.BOOKED, starts_at__date__gte=on)
        .select_related("supervisee")
        .order_by("starts_at")
    )
    awaiting = list(
        Session.objects.for_org(person.organisation)
        .filter(supervisor=person, status=SessionStatus.HELD, supervisee_signed_at__isnull=True)
        .exclude(kind=Kind.GROUP)
        .select_related("supervisee")
        .order_by("-starts_at")
    )
    return {
        "upcoming": upcoming,
        "overdue": [s for s in mine if s.standing == "overdue"],
        "due": [s for s in mine if s.standing == "due"],
        "everyone": mine,
        "awaiting_signature": awaiting,
    }


# --- Who may read what ------------------------------------------------------------------------


def bookable_people(
    access: Access, me: StaffMember | None, on: date, *, any_profession: bool = False
) -> list[StaffMember]:
    """Whom *access*'s person may book supervision for: the people they line manage, and whoever
    the supervision policy lets them book for by team or service (everyone, council-wide). With
    *any_profession*, people of every profession in those teams and in their own team — group
    case supervision is multi-disciplinary."""
    organisation = access.organisation
    if any_profession:
        spells = list(
            EmploymentSpell.objects.for_org(organisation)
            .current(on)
            .select_related("person", "team")
            .order_by("person__last_name", "person__first_name")
        )
        mine = {s.team_id for s in spells if me is not None and s.person_id == me.pk}
    else:
        spells = supervised_spells(organisation, on)
        mine = set()
    people = [
        s.person
        for s in spells
        if not (me is not None and s.person_id == me.pk)
        and (
            (me is not None and s.line_manager_id == me.pk)
            or s.team_id in mine
            or books_supervision_in(access, s.team)
        )
    ]
    return list({p.pk: p for p in people}.values())


def professions_of(
    organisation: Organisation, on: date, people: list[StaffMember]
) -> dict[int, str]:
    """Each of *people*'s profession on *on* (in words), by person id: shown beside each name in
    the group-invite list, since group case supervision is multi-disciplinary."""
    spells = (
        EmploymentSpell.objects.for_org(organisation)
        .current(on)
        .filter(person__in=[p.pk for p in people])
        .order_by("start_date")
    )
    return {s.person_id: s.get_profession_display() for s in spells}
