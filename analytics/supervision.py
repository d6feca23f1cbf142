"""Supervision schedules and compliance: when a social worker's next supervision is due, and
whether a person or a team was supervised within policy over a window.

A rule is dated (:class:`PolicyPeriod`): the rule in force on a day is the period with the latest
``effective_from`` on or before it (a day before every period takes the earliest, so a history
that starts late still has a rule). Policies change mid-year; past judgements keep the rule that
was in force then. The caller resolves role, team-type and person precedence before calling.

Frequencies: weekly (+7 days), fortnightly (+14), monthly (+1 calendar month, clamped: 31 January
-> 28/29 February), six-weekly (+42) and the ASYE ladder, counted from the ASYE start: weekly for
the first 6 weeks (days 0-41), fortnightly until 6 calendar months, then monthly. Default: monthly,
90 minutes a month (:data:`DEFAULT_POLICY`).

Definitions (all dates inclusive):

- *Clock start*: the later of the start date and ``since``, the day the council's supervision
  policy started (the caller passes it: never earlier than the day the council began recording
  supervision in Thrive), so nobody is due, late or overdue from before it.
- *Next due*: one interval after the last session, under the rule in force on the session's day
  (see :func:`next_due`); with no session yet, one interval after the clock start - or, for a
  person who started on or after ``since`` under a first-supervision rule (``first_within_days``,
  "within 2 weeks of starting"), that many days after the start date. Sessions before the clock
  start (another job, or before the policy) are ignored; several on one day are one session
  (minutes add up).
- *Late / overdue*: a session held *n* days after supervision fell due is *n* days late; on a day
  with no session since it fell due, supervision is overdue by the days since the due date.
- *Within policy over [window_start, window_end]*, with a grace of ``grace_days`` (default 0):
  (1) for every wait between one session (or the start date) and the next that overlapped the
  window - it fell due before ``window_end`` and the next session, if any, was on or after
  ``window_start`` - the next session came no more than ``grace_days`` after the due date, or, if
  none had come by ``window_end``, ``window_end`` is no more than ``grace_days`` past it; and
  (2) the person is not below the minimum minutes (below). A late session just inside the window
  that settled a wait begun before it counts against the window; nothing is judged before the
  clock start, so starters are judged from their start. A person with nothing yet due is within
  policy.
- *Minutes per month*: minutes of sessions in the person's minutes span divided by its length in
  calendar months (1 April to 30 June is 3.0). The span runs from the later of ``window_start``
  and one month after the start date (a starter's first month has nothing due under a monthly
  rule) to the earlier of ``window_end`` and the end date. Spans shorter than a month are not
  judged. It is *below minimum* when under the day-weighted average of the rules' minimums.
- *Average interval*: days between consecutive session days both inside the window (and the
  person's time in post), pooled over everyone.
- Team shares and averages are rounded half up to one decimal place; share is a percentage; each
  is ``None`` when there is nothing to average.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

ASYE_WEEKLY_DAYS = 42
"""Days from the ASYE start on the weekly rung (the first 6 weeks)."""

ASYE_FORTNIGHTLY_MONTHS = 6
"""Calendar months from the ASYE start until the ladder reaches monthly."""


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    SIX_WEEKLY = "six_weekly"
    ASYE = "asye"
    """The newly qualified ladder from ``asye_start``: weekly, then fortnightly, then monthly."""

    @property
    def label(self) -> str:
        """The rule in words, as people read it ("Every six weeks")."""
        return FREQUENCY_LABELS[self.value]


FREQUENCY_LABELS = {
    "weekly": "Weekly",
    "fortnightly": "Fortnightly",
    "monthly": "Monthly",
    "six_weekly": "Every six weeks",
    "asye": "ASYE: weekly for six weeks, fortnightly to six months, then monthly",
}
"""Each frequency in words: shown wherever a rule is."""


@dataclass(frozen=True)
class PolicyPeriod:
    """One dated supervision rule for a person, in force from *effective_from* until the next."""

    effective_from: date
    frequency: Frequency
    minimum_minutes_per_month: int = 90

    def __post_init__(self) -> None:
        object.__setattr__(self, "frequency", Frequency(self.frequency))
        if self.minimum_minutes_per_month < 0:
            raise ValueError("minimum_minutes_per_month must not be negative")


DEFAULT_POLICY = PolicyPeriod(date.min, Frequency.MONTHLY, 90)
"""Monthly, 90 minutes a month, for as long ago as needed."""


@dataclass(frozen=True)
class DueCheck:
    """One due date and how it was met (see :func:`due_dates`).

    ``met_by`` is the session that met it and ``days_late`` how late that was (0 when on time);
    both are ``None`` when it was missed. ``open`` marks a missed due date that could still be met
    late: no session yet and the following due date has not fallen by ``until``.
    """

    due: date
    met_by: date | None
    days_late: int | None
    open: bool = False


@dataclass(frozen=True)
class PersonSupervision:
    """One person's rules and sessions, as (day, minutes). ``end_date`` is the last day in post."""

    person_id: str | int
    periods: Sequence[PolicyPeriod]
    sessions: Sequence[tuple[date, int]]
    start_date: date
    asye_start: date | None = None
    end_date: date | None = None
    since: date | None = None
    first_within_days: int | None = None

    @property
    def session_dates(self) -> list[date]:
        return [day for day, _ in self.sessions]


@dataclass(frozen=True)
class Compliance:
    """A team's supervision over a window (see the module docstring for the definitions).

    ``people`` in post at some time in the window; ``within_policy`` of them; ``share`` as a
    percentage; ``overdue`` people in post on the window's last day and overdue then;
    ``average_interval_days`` between sessions; ``minutes_per_month_average`` over people judged
    on minutes; ``below_minimum`` of those.
    """

    people: int
    within_policy: int
    share: float | None
    overdue: int
    average_interval_days: float | None
    minutes_per_month_average: float | None
    below_minimum: int


def add_months(day: date, months: int) -> date:
    """*day* moved by whole calendar months, clamped to the month's end (31 Jan + 1 -> 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def asye_rung(day: date, asye_start: date) -> Frequency:
    """The ASYE ladder's frequency on *day*: weekly to day 41, fortnightly to 6 months, monthly.

    A day before the ASYE start is on the weekly rung.
    """
    if day < asye_start + timedelta(days=ASYE_WEEKLY_DAYS):
        return Frequency.WEEKLY
    if day < add_months(asye_start, ASYE_FORTNIGHTLY_MONTHS):
        return Frequency.FORTNIGHTLY
    return Frequency.MONTHLY


def add_interval(day: date, frequency: Frequency, *, asye_start: date | None = None) -> date:
    """The day supervision falls due after a session on *day* under *frequency*.

    >>> add_interval(date(2025, 1, 31), Frequency.MONTHLY)
    datetime.date(2025, 2, 28)
    >>> add_interval(date(2025, 10, 13), Frequency.ASYE, asye_start=date(2025, 9, 1))
    datetime.date(2025, 10, 27)
    """
    frequency = Frequency(frequency)
    if frequency is Frequency.ASYE:
        if asye_start is None:
            raise ValueError("the ASYE frequency needs asye_start")
        return add_interval(day, asye_rung(day, asye_start))
    if frequency is Frequency.MONTHLY:
        return add_months(day, 1)
    days = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.SIX_WEEKLY: 42}[frequency]
    return day + timedelta(days=days)


def policy_on(periods: Sequence[PolicyPeriod], day: date) -> PolicyPeriod:
    """The rule in force on *day*: the latest to start on or before it, else the earliest."""
    ordered = _ordered(periods)
    return _policy_on(ordered, day)


def next_due(
    periods: Sequence[PolicyPeriod],
    last_session: date | None,
    *,
    start_date: date,
    asye_start: date | None = None,
    since: date | None = None,
    first_within_days: int | None = None,
) -> date:
    """When supervision next falls due after *last_session* (or the clock start, if none yet).

    The rule in force on the last session sets the interval. A later rule can bring the date
    forward but never push it back: each change coming into force before the date is reached
    gives one of its own intervals from the change, and the earliest date wins. So a stricter rule
    applies from the day it starts, without making anyone overdue on that day, and a looser rule
    applies from the next session.

    Example: monthly, last session 1 January, weekly from 20 January: due the earlier of
    1 February and 20 + 7 = 27 January, so 27 January. Monthly to six-weekly from 10 January:
    1 February still (10 January + 42 days is later); after a session on 1 February the six-weekly
    rule gives 15 March.

    A *last_session* before the clock start (the later of *start_date* and *since*) belongs to
    another job or to before the policy and is ignored. With no session since the clock start,
    the first due date is one interval after it, or *first_within_days* after a start on or
    after *since*.

    >>> next_due([DEFAULT_POLICY], None, start_date=date(1998, 3, 2), since=date(2025, 10, 1))
    datetime.date(2025, 11, 1)
    >>> next_due([DEFAULT_POLICY], None, start_date=date(2026, 1, 5), since=date(2025, 10, 1),
    ...          first_within_days=14)
    datetime.date(2026, 1, 19)
    """
    ordered = _ordered(periods)
    clock = _clock_start(start_date, since)
    if last_session is None or last_session < clock:
        return _first_due(ordered, start_date, since, asye_start, first_within_days)
    return _next_due_from(ordered, last_session, asye_start)


def due_dates(
    periods: Sequence[PolicyPeriod],
    sessions: Sequence[date],
    *,
    start_date: date,
    asye_start: date | None = None,
    until: date,
    since: date | None = None,
    first_within_days: int | None = None,
) -> list[DueCheck]:
    """Every due date on or before *until*, in turn, and the session that met it.

    The first is the first due date after the clock start (:func:`next_due`); each next one is
    one interval (by :func:`next_due`) after the session that met the last. The first session
    after the previous one meets a due date on time if held on or before it, or late if held
    before the *following* due date would fall. Otherwise the due date is missed and the clock
    runs on from it, as though met that day, so a three-month gap under a monthly rule shows two
    missed due dates and one met
    late (by less than a month). Sessions after *until* or before the clock start are not looked at.
    """
    ordered = _ordered(periods)
    clock = _clock_start(start_date, since)
    held = _held(sessions, clock, until)
    checks: list[DueCheck] = []
    anchor = clock
    first: date | None = _first_due(ordered, start_date, since, asye_start, first_within_days)
    i = 0
    while True:
        while i < len(held) and held[i] <= anchor:
            i += 1
        due = first if first is not None else _next_due_from(ordered, anchor, asye_start)
        first = None
        if due > until:
            return checks
        session = held[i] if i < len(held) else None
        if session is not None and session <= due:
            checks.append(DueCheck(due, session, 0))
            anchor = session
            continue
        following = _next_due_from(ordered, due, asye_start)
        if session is not None and session < following:
            checks.append(DueCheck(due, session, (session - due).days))
            anchor = session
            continue
        checks.append(DueCheck(due, None, None, open=session is None and following > until))
        anchor = due


def overdue(
    periods: Sequence[PolicyPeriod],
    sessions: Sequence[date],
    *,
    start_date: date,
    asye_start: date | None = None,
    on: date,
    since: date | None = None,
    first_within_days: int | None = None,
) -> int | None:
    """Days supervision has been overdue on *on* (since it first fell due), else ``None``.

    A session on *on* itself counts; being due on *on* is not yet overdue. Never more than the
    days since one interval after the clock start (*since*, the policy's start), however long
    the person has been in post.

    >>> overdue([DEFAULT_POLICY], [], start_date=date(1998, 3, 2), since=date(2025, 10, 1),
    ...         on=date(2025, 11, 11))
    10
    """
    ordered = _ordered(periods)
    held = _held(sessions, _clock_start(start_date, since), on)
    if held:
        due = _next_due_from(ordered, held[-1], asye_start)
    else:
        due = _first_due(ordered, start_date, since, asye_start, first_within_days)
    return (on - due).days if due < on else None


def on_time(
    periods: Sequence[PolicyPeriod],
    sessions: Sequence[date],
    *,
    start_date: date,
    asye_start: date | None = None,
    window_start: date,
    window_end: date,
    grace_days: int = 0,
    since: date | None = None,
    first_within_days: int | None = None,
) -> bool:
    """Part (1) of *within policy*: no wait overlapping the window ran over by more than grace."""
    _check_window(window_start, window_end)
    ordered = _ordered(periods)
    clock = _clock_start(start_date, since)
    held = _held(sessions, clock, window_end)
    anchors = [clock, *(day for day in held if day > clock)]
    for k, anchor in enumerate(anchors):
        after = anchors[k + 1] if k + 1 < len(anchors) else None
        if after is not None and after < window_start:
            continue
        if k == 0:
            due = _first_due(ordered, start_date, since, asye_start, first_within_days)
        else:
            due = _next_due_from(ordered, anchor, asye_start)
        if due >= window_end:
            continue
        if ((after or window_end) - due).days > grace_days:
            return False
    return True


def minutes_per_month(
    periods: Sequence[PolicyPeriod],
    sessions: Sequence[tuple[date, int]],
    *,
    start_date: date,
    window_start: date,
    window_end: date,
    end_date: date | None = None,
    since: date | None = None,
) -> tuple[float, float] | None:
    """(minutes a month, the minimum a month) over the person's minutes span, unrounded.

    ``None`` when the span is shorter than a calendar month (see the module docstring).
    """
    _check_window(window_start, window_end)
    ordered = _ordered(periods)
    first = max(window_start, add_months(start_date, 1))
    last = window_end if end_date is None else min(window_end, end_date)
    if last < first:
        return None
    months = months_between(first, last + timedelta(days=1))
    if months < 1:
        return None
    total = 0
    for day, minutes in sessions:
        if minutes < 0:
            raise ValueError("session minutes must not be negative")
        if first <= day <= last:
            total += minutes
    return total / months, _weighted_minimum(ordered, first, last)


def person_within_policy(
    periods: Sequence[PolicyPeriod],
    sessions: Sequence[tuple[date, int]],
    *,
    start_date: date,
    asye_start: date | None = None,
    window_start: date,
    window_end: date,
    end_date: date | None = None,
    grace_days: int = 0,
    since: date | None = None,
    first_within_days: int | None = None,
) -> bool:
    """Whether a person was supervised within policy over the window: on time and not below the
    minimum minutes (module docstring). Judged up to the earlier of *window_end* and *end_date*.
    """
    _check_window(window_start, window_end)
    last = window_end if end_date is None else min(window_end, end_date)
    if last < window_start or start_date > last:
        return True
    timely = on_time(
        periods,
        [day for day, _ in sessions],
        start_date=start_date,
        asye_start=asye_start,
        window_start=window_start,
        window_end=last,
        grace_days=grace_days,
        since=since,
        first_within_days=first_within_days,
    )
    rate = minutes_per_month(
        periods,
        sessions,
        start_date=start_date,
        window_start=window_start,
        window_end=last,
        since=since,
    )
    return timely and (rate is None or rate[0] >= rate[1])


def compliance(
    people: Iterable[PersonSupervision],
    window_start: date,
    window_end: date,
    *,
    grace_days: int = 0,
) -> Compliance:
    """A team's supervision compliance over [*window_start*, *window_end*].

    People not in post at any time in the window (start after it, or end before it) are left out.
    """
    _check_window(window_start, window_end)
    counted = within = late_now = 0
    gaps: list[int] = []
    rates: list[float] = []
    below = 0
    for person in people:
        last = window_end if person.end_date is None else min(window_end, person.end_date)
        if person.start_date > window_end or last < window_start:
            continue
        counted += 1
        if person_within_policy(
            person.periods,
            person.sessions,
            start_date=person.start_date,
            asye_start=person.asye_start,
            window_start=window_start,
            window_end=window_end,
            end_date=person.end_date,
            grace_days=grace_days,
            since=person.since,
            first_within_days=person.first_within_days,
        ):
            within += 1
        if last == window_end and (
            overdue(
                person.periods,
                person.session_dates,
                start_date=person.start_date,
                asye_start=person.asye_start,
                on=window_end,
                since=person.since,
                first_within_days=person.first_within_days,
            )
            is not None
        ):
            late_now += 1
        days = _held(person.session_dates, max(person.start_date, window_start), last)
        gaps.extend((b - a).days for a, b in zip(days, days[1:], strict=False))
        rate = minutes_per_month(
            person.periods,
            person.sessions,
            start_date=person.start_date,
            window_start=window_start,
            window_end=window_end,
            end_date=person.end_date,
            since=person.since,
        )
        if rate is not None:
            rates.append(rate[0])
            below += rate[0] < rate[1]
    return Compliance(
        people=counted,
        within_policy=within,
        share=_round_half_up(100 * within / counted) if counted else None,
        overdue=late_now,
        average_interval_days=_round_half_up(sum(gaps) / len(gaps)) if gaps else None,
        minutes_per_month_average=_round_half_up(sum(rates) / len(rates)) if rates else None,
        below_minimum=below,
    )


def months_between(start: date, end: date) -> float:
    """Calendar months from *start* to *end* (exclusive): whole months, then the part-month's
    share of its own length. 1 April to 1 July is 3.0; 15 May to 1 July is 1 + 16/30.
    """
    if end <= start:
        return 0.0
    whole = (end.year - start.year) * 12 + end.month - start.month
    while add_months(start, whole) > end:
        whole -= 1
    base, following = add_months(start, whole), add_months(start, whole + 1)
    return whole + (end - base).days / (following - base).days


def _ordered(periods: Sequence[PolicyPeriod]) -> list[PolicyPeriod]:
    if not periods:
        raise ValueError("at least one policy period is needed (DEFAULT_POLICY, say)")
    ordered = sorted(periods, key=lambda p: p.effective_from)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.effective_from == b.effective_from:
            raise ValueError(f"two policy periods start on {a.effective_from}")
    return ordered


def _policy_on(ordered: list[PolicyPeriod], day: date) -> PolicyPeriod:
    found = ordered[0]
    for period in ordered:
        if period.effective_from > day:
            break
        found = period
    return found


def _next_due_from(ordered: list[PolicyPeriod], anchor: date, asye_start: date | None) -> date:
    due = add_interval(anchor, _policy_on(ordered, anchor).frequency, asye_start=asye_start)
    for period in ordered:
        if anchor < period.effective_from < due:
            due = min(
                due, add_interval(period.effective_from, period.frequency, asye_start=asye_start)
            )
    return due


def _clock_start(start_date: date, since: date | None) -> date:
    return start_date if since is None else max(start_date, since)


def _first_due(
    ordered: list[PolicyPeriod],
    start_date: date,
    since: date | None,
    asye_start: date | None,
    first_within_days: int | None,
) -> date:
    """The first due date with no session yet: *first_within_days* after a start on or after
    *since* when the policy has such a rule, else one interval after the clock start."""
    clock = _clock_start(start_date, since)
    if first_within_days is not None and clock == start_date:
        return start_date + timedelta(days=first_within_days)
    return _next_due_from(ordered, clock, asye_start)


def _held(sessions: Iterable[date], start: date, until: date) -> list[date]:
    return sorted({day for day in sessions if start <= day <= until})


def _weighted_minimum(ordered: list[PolicyPeriod], first: date, last: date) -> float:
    total = 0.0
    for k, period in enumerate(ordered):
        begin = first if k == 0 else max(first, period.effective_from)
        if k + 1 < len(ordered):
            end = min(last, ordered[k + 1].effective_from - timedelta(days=1))
        else:
            end = last
        if end >= begin:
            total += period.minimum_minutes_per_month * ((end - begin).days + 1)
    return total / ((last - first).days + 1)


def _check_window(window_start: date, window_end: date) -> None:
    if window_end < window_start:
        raise ValueError("window_end is before window_start")


def _round_half_up(value: float, places: int = 1) -> float:
    """Halves away from zero, as :func:`analytics.measures.round_half_up` (12.25 -> 12.3)."""
    written = Decimal(f"{float(value):.12g}")
    return float(written.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
