"""Supervision due dates and compliance, worked by hand, plus properties checked by hypothesis."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analytics.supervision import (
    DEFAULT_POLICY,
    Compliance,
    DueCheck,
    Frequency,
    PersonSupervision,
    PolicyPeriod,
    add_interval,
    asye_rung,
    compliance,
    due_dates,
    minutes_per_month,
    months_between,
    next_due,
    overdue,
    person_within_policy,
)

MONTHLY = [DEFAULT_POLICY]
ASYE = [PolicyPeriod(date(2020, 1, 1), Frequency.ASYE)]
Q1_START, Q1_END = date(2025, 4, 1), date(2025, 6, 30)  # a quarter: exactly 3.0 months


def within(
    periods: list[PolicyPeriod],
    sessions: list[tuple[date, int]],
    start: date,
    *,
    window: tuple[date, date] = (Q1_START, Q1_END),
    grace_days: int = 0,
    asye_start: date | None = None,
) -> bool:
    return person_within_policy(
        periods,
        sessions,
        start_date=start,
        asye_start=asye_start,
        window_start=window[0],
        window_end=window[1],
        grace_days=grace_days,
    )


# --- intervals ---------------------------------------------------------------------------------


def test_fixed_intervals() -> None:
    day = date(2025, 3, 3)
    assert add_interval(day, Frequency.WEEKLY) == date(2025, 3, 10)
    assert add_interval(day, Frequency.FORTNIGHTLY) == date(2025, 3, 17)
    assert add_interval(day, Frequency.MONTHLY) == date(2025, 4, 3)
    assert add_interval(day, Frequency.SIX_WEEKLY) == date(2025, 4, 14)  # 3 Mar + 42 days
    assert add_interval(day, "monthly") == date(2025, 4, 3)  # type: ignore[arg-type]


def test_month_clamping() -> None:
    """31 January + 1 month is the last day of February; the next is counted from that session."""
    assert add_interval(date(2025, 1, 31), Frequency.MONTHLY) == date(2025, 2, 28)
    assert add_interval(date(2024, 1, 31), Frequency.MONTHLY) == date(2024, 2, 29)  # leap year
    assert add_interval(date(2025, 3, 31), Frequency.MONTHLY) == date(2025, 4, 30)
    assert add_interval(date(2025, 12, 31), Frequency.MONTHLY) == date(2026, 1, 31)
    # Sessions on 31 Jan and 28 Feb: due 28 Feb (met on the day), then 28 Mar, not 31 Mar.
    checks = due_dates(
        MONTHLY,
        [date(2025, 1, 31), date(2025, 2, 28)],
        start_date=date(2024, 12, 31),
        until=date(2025, 3, 28),
    )
    assert checks == [
        DueCheck(date(2025, 1, 31), date(2025, 1, 31), 0),
        DueCheck(date(2025, 2, 28), date(2025, 2, 28), 0),
        DueCheck(date(2025, 3, 28), None, None, open=True),
    ]


def test_months_between() -> None:
    assert months_between(date(2025, 4, 1), date(2025, 7, 1)) == 3.0
    assert months_between(date(2025, 1, 31), date(2025, 2, 28)) == 1.0
    # 15 May to 15 Jun is one month; 15 Jun to 1 Jul is 16 of the 30 days to 15 Jul.
    assert months_between(date(2025, 5, 15), date(2025, 7, 1)) == pytest.approx(1 + 16 / 30)
    assert months_between(date(2025, 5, 15), date(2025, 5, 15)) == 0.0


# --- ASYE ladder -------------------------------------------------------------------------------


def test_asye_rungs() -> None:
    """ASYE from Mon 1 Sep 2025: weekly to Sun 12 Oct (day 41), fortnightly from Mon 13 Oct
    (day 42) to 28 Feb 2026, monthly from 1 Mar 2026 (6 calendar months)."""
    start = date(2025, 9, 1)
    assert asye_rung(date(2025, 8, 25), start) is Frequency.WEEKLY  # before the ASYE starts
    assert asye_rung(date(2025, 10, 12), start) is Frequency.WEEKLY
    assert asye_rung(date(2025, 10, 13), start) is Frequency.FORTNIGHTLY
    assert asye_rung(date(2026, 2, 28), start) is Frequency.FORTNIGHTLY
    assert asye_rung(date(2026, 3, 1), start) is Frequency.MONTHLY
    # The rung on the session's day sets the interval, even if the due date is on the next rung.
    assert add_interval(date(2025, 10, 12), Frequency.ASYE, asye_start=start) == date(2025, 10, 19)
    assert add_interval(date(2026, 2, 28), Frequency.ASYE, asye_start=start) == date(2026, 3, 14)
    with pytest.raises(ValueError, match="asye_start"):
        add_interval(start, Frequency.ASYE)


def test_asye_worker_with_weekly_sessions() -> None:
    """Started 1 Sep 2025 (ASYE start too), a session every Monday from 8 Sep.

    Due dates by hand:
      start 1 Sep (weekly rung)   -> due 8 Sep;  8 Sep -> 15 Sep; ... 6 Oct -> 13 Oct (all +7)
      session 13 Oct (fortnightly) -> due 27 Oct, met early by 20 Oct
      20 Oct -> 3 Nov, met by 27 Oct; ... each due 14 days after the last Monday
      session 23 Feb 2026 (still fortnightly: before 1 Mar) -> due 9 Mar, met by 2 Mar
      session 2 Mar (monthly) -> due 2 Apr, met by 9 Mar; 9 Mar -> 9 Apr, met by 16 Mar
    """
    start = date(2025, 9, 1)
    mondays = [start + timedelta(weeks=k) for k in range(1, 29)]  # 8 Sep 2025 .. 16 Mar 2026
    assert mondays[-1] == date(2026, 3, 16)
    checks = due_dates(ASYE, mondays, start_date=start, asye_start=start, until=date(2026, 4, 10))
    assert [(c.due, c.met_by) for c in checks[:8]] == [
        (date(2025, 9, 8), date(2025, 9, 8)),
        (date(2025, 9, 15), date(2025, 9, 15)),
        (date(2025, 9, 22), date(2025, 9, 22)),
        (date(2025, 9, 29), date(2025, 9, 29)),
        (date(2025, 10, 6), date(2025, 10, 6)),
        (date(2025, 10, 13), date(2025, 10, 13)),
        (date(2025, 10, 27), date(2025, 10, 20)),
        (date(2025, 11, 3), date(2025, 10, 27)),
    ]
    assert [(c.due, c.met_by) for c in checks[-3:]] == [
        (date(2026, 3, 9), date(2026, 3, 2)),
        (date(2026, 4, 2), date(2026, 3, 9)),
        (date(2026, 4, 9), date(2026, 3, 16)),
    ]
    # 28 sessions, 28 due dates to 10 Apr, each met on or before the day.
    assert len(checks) == 28
    assert all(c.days_late == 0 for c in checks)
    assert next_due(ASYE, date(2026, 3, 16), start_date=start, asye_start=start) == date(
        2026, 4, 16
    )


def test_asye_worker_seen_only_on_due_dates() -> None:
    """The ladder walked exactly: +7 x 6 to 13 Oct, +14 to 2 Mar 2026 (16 Feb is fortnightly, so
    16 Feb + 14 = 2 Mar), then monthly: 2 Apr."""
    start = date(2025, 9, 1)
    day, seen = start, []
    while day < date(2026, 4, 30):
        day = next_due(ASYE, day, start_date=start, asye_start=start)
        seen.append(day)
    weekly = [date(2025, 9, 8), date(2025, 9, 15), date(2025, 9, 22), date(2025, 9, 29)]
    weekly += [date(2025, 10, 6), date(2025, 10, 13)]
    fortnightly = [date(2025, 10, 13) + timedelta(days=14 * k) for k in range(1, 11)]
    assert fortnightly[-2:] == [date(2026, 2, 16), date(2026, 3, 2)]
    assert seen == [*weekly, *fortnightly, date(2026, 4, 2), date(2026, 5, 2)]


# --- policy changes ----------------------------------------------------------------------------


def test_next_due_policy_change_examples_from_docstring() -> None:
    jan1 = date(2025, 1, 1)
    stricter = [DEFAULT_POLICY, PolicyPeriod(date(2025, 1, 20), Frequency.WEEKLY)]
    # Monthly on 1 Jan -> 1 Feb, but weekly from 20 Jan gives 27 Jan: the earlier wins.
    assert next_due(stricter, jan1, start_date=date(2020, 1, 1)) == date(2025, 1, 27)
    # A stricter rule from 30 Jan is too late to matter (30 Jan + 7 > 1 Feb).
    late_change = [DEFAULT_POLICY, PolicyPeriod(date(2025, 1, 30), Frequency.WEEKLY)]
    assert next_due(late_change, jan1, start_date=date(2020, 1, 1)) == date(2025, 2, 1)
    looser = [DEFAULT_POLICY, PolicyPeriod(date(2025, 1, 10), Frequency.SIX_WEEKLY)]
    assert next_due(looser, jan1, start_date=date(2020, 1, 1)) == date(2025, 2, 1)
    assert next_due(looser, date(2025, 2, 1), start_date=date(2020, 1, 1)) == date(2025, 3, 15)
    # No session yet: one interval after the start; a session before the start is ignored.
    assert next_due(MONTHLY, None, start_date=date(2025, 3, 10)) == date(2025, 4, 10)
    assert next_due(MONTHLY, date(2025, 1, 1), start_date=date(2025, 3, 10)) == date(2025, 4, 10)


PERIODS_CHANGED = [
    PolicyPeriod(date(2025, 4, 1), Frequency.MONTHLY),
    PolicyPeriod(date(2025, 7, 1), Frequency.SIX_WEEKLY),
    PolicyPeriod(date(2025, 10, 1), Frequency.MONTHLY),
]


def test_policy_changed_mid_year_monthly_to_six_weekly_and_back() -> None:
    """Monthly from 1 Apr 2025, six-weekly from 1 Jul, monthly again from 1 Oct. Started 2 May.

    start 2 May (monthly)  -> due 2 Jun
    session 2 Jun (monthly) -> 2 Jul (1 Jul + 42 = 12 Aug is later, so the looser rule waits)
    session 2 Jul (six-weekly) -> 2 Jul + 42 = 13 Aug
    session 13 Aug -> 24 Sep
    session 24 Sep (six-weekly) -> 5 Nov, but monthly from 1 Oct gives 1 Nov: due 1 Nov
    session 1 Nov (monthly) -> 1 Dec, still open on 10 Dec
    """
    sessions = [date(2025, 6, 2), date(2025, 7, 2), date(2025, 8, 13), date(2025, 9, 24)]
    sessions.append(date(2025, 11, 1))
    checks = due_dates(
        PERIODS_CHANGED, sessions, start_date=date(2025, 5, 2), until=date(2025, 12, 10)
    )
    assert checks == [
        DueCheck(date(2025, 6, 2), date(2025, 6, 2), 0),
        DueCheck(date(2025, 7, 2), date(2025, 7, 2), 0),
        DueCheck(date(2025, 8, 13), date(2025, 8, 13), 0),
        DueCheck(date(2025, 9, 24), date(2025, 9, 24), 0),
        DueCheck(date(2025, 11, 1), date(2025, 11, 1), 0),
        DueCheck(date(2025, 12, 1), None, None, open=True),
    ]
    assert (
        overdue(PERIODS_CHANGED, sessions, start_date=date(2025, 5, 2), on=date(2025, 12, 10)) == 9
    )


def test_past_judgements_keep_the_policy_then() -> None:
    """42-day gaps in Jul-Sep are within the six-weekly rule in force then, not the monthly one
    in force now; the same sessions under monthly all year are late."""
    sessions = [(d, 120) for d in (date(2025, 6, 2), date(2025, 7, 2), date(2025, 8, 13))]
    sessions.append((date(2025, 9, 24), 120))
    summer = (date(2025, 7, 1), date(2025, 9, 30))
    assert within(PERIODS_CHANGED, sessions, date(2025, 5, 2), window=summer)
    assert not within(MONTHLY, sessions, date(2025, 5, 2), window=summer)


# --- people ------------------------------------------------------------------------------------


def test_person_never_supervised() -> None:
    """Started 1 Jan 2025, monthly, no sessions. Due 1 Feb, 1 Mar missed; 1 Apr still open on
    30 Apr; overdue since 1 Feb: 28 (Feb) + 31 (Mar) + 29 (to 30 Apr) = 88 days."""
    start = date(2025, 1, 1)
    assert next_due(MONTHLY, None, start_date=start) == date(2025, 2, 1)
    assert due_dates(MONTHLY, [], start_date=start, until=date(2025, 4, 30)) == [
        DueCheck(date(2025, 2, 1), None, None),
        DueCheck(date(2025, 3, 1), None, None),
        DueCheck(date(2025, 4, 1), None, None, open=True),
    ]
    assert overdue(MONTHLY, [], start_date=start, on=date(2025, 4, 30)) == 88
    assert overdue(MONTHLY, [], start_date=start, on=date(2025, 2, 1)) is None  # due today
    assert overdue(MONTHLY, [], start_date=start, on=date(2025, 2, 2)) == 1
    assert not within(MONTHLY, [], start)


def test_late_and_long_gaps() -> None:
    """Monthly from 1 Jan: session 10 Feb is 9 days late (before 1 Mar would fall due). A gap to
    15 May: 10 Mar, 10 Apr missed, 10 May met late by 15 May (5 days)."""
    checks = due_dates(
        MONTHLY,
        [date(2025, 2, 10), date(2025, 5, 15)],
        start_date=date(2025, 1, 1),
        until=date(2025, 5, 31),
    )
    assert checks == [
        DueCheck(date(2025, 2, 1), date(2025, 2, 10), 9),
        DueCheck(date(2025, 3, 10), None, None),
        DueCheck(date(2025, 4, 10), None, None),
        DueCheck(date(2025, 5, 10), date(2025, 5, 15), 5),
    ]
    # Overdue from 10 Mar until the 15 May session.
    assert (
        overdue(MONTHLY, [date(2025, 2, 10)], start_date=date(2025, 1, 1), on=date(2025, 5, 14))
        == 65
    )
    assert (
        overdue(
            MONTHLY,
            [date(2025, 2, 10), date(2025, 5, 15)],
            start_date=date(2025, 1, 1),
            on=date(2025, 5, 15),
        )
        is None
    )


def test_person_who_started_within_the_window() -> None:
    """Started 15 May 2025, first due 15 Jun. Judged from the start; minutes not judged (the span
    from 15 Jun, one month after the start, to 30 Jun is under a month)."""
    start = date(2025, 5, 15)
    assert within(MONTHLY, [(date(2025, 6, 15), 90)], start)
    assert within(MONTHLY, [(date(2025, 6, 15), 10)], start)
    # No session: 15 days past due on 30 Jun.
    assert not within(MONTHLY, [], start)
    assert within(MONTHLY, [], start, grace_days=15)
    assert not within(MONTHLY, [], start, grace_days=14)
    # Started 1 May: minutes span 1-30 Jun is a month, so 60 minutes is below 90.
    assert within(MONTHLY, [(date(2025, 6, 1), 90)], date(2025, 5, 1))
    assert not within(MONTHLY, [(date(2025, 6, 1), 60)], date(2025, 5, 1))
    # Starting after the window: nothing due.
    assert within(MONTHLY, [], date(2025, 7, 1))


def test_late_session_at_window_start_counts_against_the_window() -> None:
    """Due 1 Mar, seen 1 Apr (31 days late): the quarter from 1 Apr holds a late session."""
    sessions = [(date(2025, 2, 1), 90), (date(2025, 4, 1), 90), (date(2025, 5, 1), 90)]
    sessions.append((date(2025, 6, 1), 90))
    assert not within(MONTHLY, sessions, date(2024, 1, 1))
    sessions[0] = (date(2025, 3, 1), 90)
    assert within(MONTHLY, sessions, date(2024, 1, 1))


def test_minutes_per_month_weighted_minimum() -> None:
    """60 minutes a month to 15 May, 90 after: over 1 Apr-30 Jun (91 days) the minimum is
    (44 x 60 + 47 x 90) / 91 = 76.5; 240 minutes / 3 months = 80 a month."""
    periods = [
        PolicyPeriod(date(2020, 1, 1), Frequency.MONTHLY, 60),
        PolicyPeriod(date(2025, 5, 15), Frequency.MONTHLY, 90),
    ]
    sessions = [(date(2025, 4, 10), 80), (date(2025, 5, 10), 80), (date(2025, 6, 9), 80)]
    result = minutes_per_month(
        periods, sessions, start_date=date(2020, 1, 1), window_start=Q1_START, window_end=Q1_END
    )
    assert result is not None
    assert result[0] == pytest.approx(80.0)
    assert result[1] == pytest.approx((44 * 60 + 47 * 90) / 91)
    assert within(periods, [(date(2025, 3, 10), 80), *sessions], date(2020, 1, 1))


# --- team compliance ---------------------------------------------------------------------------


def _team() -> list[PersonSupervision]:
    six_weekly = [PolicyPeriod(date(2020, 1, 1), Frequency.SIX_WEEKLY)]
    old = date(2020, 1, 1)
    return [
        # A: monthly on the 1st, 90 minutes: within; 270 / 3 = 90 a month; gaps 30, 31.
        PersonSupervision(
            "A", MONTHLY, [(date(2025, m, 1), 90) for m in (3, 4, 5, 6)], start_date=old
        ),
        # B: due 1 Apr, seen 10 Apr (9 days late); 180 / 3 = 60 a month, below; gaps 30, 31.
        PersonSupervision(
            "B",
            MONTHLY,
            [(date(2025, 3, 1), 90)] + [(date(2025, m, 10), 60) for m in (4, 5, 6)],
            start_date=old,
        ),
        # C: started 1 Jan 2025, never supervised: overdue on 30 Jun; 0 a month, below.
        PersonSupervision("C", MONTHLY, [], start_date=date(2025, 1, 1)),
        # D: started 15 May, seen 15 Jun: within; minutes not judged; no gaps.
        PersonSupervision("D", MONTHLY, [(date(2025, 6, 15), 90)], start_date=date(2025, 5, 15)),
        # E: left 31 Mar and F starts 1 Jul: not counted.
        PersonSupervision("E", MONTHLY, [], start_date=old, end_date=date(2025, 3, 31)),
        PersonSupervision("F", MONTHLY, [], start_date=date(2025, 7, 1)),
        # G: residential, six-weekly: 20 Mar, 1 May, 12 Jun (42 days apart): within;
        # 270 / 3 = 90 a month; gap 42.
        PersonSupervision(
            "G",
            six_weekly,
            [(date(2025, 3, 20), 90), (date(2025, 5, 1), 135), (date(2025, 6, 12), 135)],
            start_date=old,
        ),
        # H: due 1 Apr, seen 2 Apr (1 day late), then 2 May, 1 Jun: 90 a month; gaps 30, 30.
        PersonSupervision(
            "H",
            MONTHLY,
            [(date(2025, 3, 1), 90), (date(2025, 4, 2), 90), (date(2025, 5, 2), 90)]
            + [(date(2025, 6, 1), 90)],
            start_date=old,
        ),
    ]


def test_team_compliance_by_hand() -> None:
    """Quarter 1 Apr-30 Jun 2025. People: A B C D G H = 6 (E left, F not started).
    Within policy: A, D, G = 3 -> 50.0%. Overdue on 30 Jun: C = 1.
    Gaps: A 30 31, B 30 31, G 42, H 30 30 = 224 / 7 = 32.0 days.
    Minutes a month (judged: A B C G H): 90 + 60 + 0 + 90 + 90 = 330 / 5 = 66.0; below: B, C.
    """
    assert compliance(_team(), Q1_START, Q1_END) == Compliance(
        people=6,
        within_policy=3,
        share=50.0,
        overdue=1,
        average_interval_days=32.0,
        minutes_per_month_average=66.0,
        below_minimum=2,
    )


def test_team_compliance_with_grace_rounds_half_up() -> None:
    """A day's grace lets H in: 4 of 6 = 66.666...% -> 66.7. B is still out (9 days late, and
    below the minimum even with 9 days' grace)."""
    assert compliance(_team(), Q1_START, Q1_END, grace_days=1).share == 66.7
    assert compliance(_team(), Q1_START, Q1_END, grace_days=9).within_policy == 4
    # 1 of 8 = 12.5% exactly; and 1 of 3 = 33.3%.
    one_of_eight = [_team()[0]] + [_team()[2]] * 7
    assert compliance(one_of_eight, Q1_START, Q1_END).share == 12.5
    assert compliance(_team()[:3], Q1_START, Q1_END).share == 33.3


def test_empty_team() -> None:
    assert compliance([], Q1_START, Q1_END) == Compliance(0, 0, None, 0, None, None, 0)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="at least one"):
        next_due([], None, start_date=Q1_START)
    with pytest.raises(ValueError, match="two policy periods"):
        next_due([DEFAULT_POLICY, DEFAULT_POLICY], None, start_date=Q1_START)
    with pytest.raises(ValueError, match="window_end"):
        compliance([], Q1_END, Q1_START)
    with pytest.raises(ValueError, match="negative"):
        PolicyPeriod(Q1_START, Frequency.MONTHLY, -1)


# --- properties --------------------------------------------------------------------------------

days = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))
frequencies = st.sampled_from(list(Frequency))


@st.composite
def policies(draw: st.DrawFn) -> list[PolicyPeriod]:
    starts = draw(st.lists(days, min_size=1, max_size=4, unique=True))
    return [
        PolicyPeriod(d, draw(frequencies), draw(st.integers(min_value=0, max_value=120)))
        for d in starts
    ]


sessions_st = st.lists(st.tuples(days, st.integers(min_value=0, max_value=150)), max_size=25)


@st.composite
def windows(draw: st.DrawFn) -> tuple[date, date]:
    a, b = draw(days), draw(days)
    return min(a, b), max(a, b)


@given(policies(), st.none() | days, days, days)
def test_next_due_is_after_the_last_session_and_the_start(
    periods: list[PolicyPeriod], last: date | None, start: date, asye: date
) -> None:
    due = next_due(periods, last, start_date=start, asye_start=asye)
    assert due > start
    if last is not None:
        assert due > last
        assert (due - max(last, start)).days <= 42


@given(policies(), days, days, st.integers(min_value=0, max_value=60), days)
def test_next_due_never_earlier_after_a_later_session(
    periods: list[PolicyPeriod], a: date, start: date, extra: int, asye: date
) -> None:
    b = a + timedelta(days=extra)
    assert next_due(periods, a, start_date=start, asye_start=asye) <= next_due(
        periods, b, start_date=start, asye_start=asye
    )


@settings(max_examples=60)
@given(policies(), days, windows(), days)
def test_a_session_on_every_due_date_is_within_policy(
    periods: list[PolicyPeriod], start: date, window: tuple[date, date], asye: date
) -> None:
    held: list[tuple[date, int]] = []
    day = start
    while day <= window[1]:
        day = next_due(periods, day, start_date=start, asye_start=asye)
        held.append((day, 200))  # 200 minutes beats any minimum
    assert within(periods, held, start, window=window, asye_start=asye)
    checks = due_dates(
        periods, [d for d, _ in held], start_date=start, asye_start=asye, until=window[1]
    )
    assert all(c.days_late == 0 for c in checks)
    assert (
        overdue(periods, [d for d, _ in held], start_date=start, asye_start=asye, on=window[1])
        is None
    )


@settings(max_examples=150)
@given(
    policies(),
    sessions_st,
    days,
    windows(),
    days,
    st.tuples(days, st.integers(0, 150)),
    st.integers(0, 10),
)
def test_adding_a_session_never_makes_someone_less_compliant(
    periods: list[PolicyPeriod],
    held: list[tuple[date, int]],
    start: date,
    window: tuple[date, date],
    asye: date,
    extra: tuple[date, int],
    grace: int,
) -> None:
    if within(periods, held, start, window=window, grace_days=grace, asye_start=asye):
        assert within(
            periods, [*held, extra], start, window=window, grace_days=grace, asye_start=asye
        )


@settings(max_examples=100)
@given(policies(), sessions_st, days, days, days)
@example(
    periods=[
        PolicyPeriod(date(2023, 2, 1), Frequency.WEEKLY, 0),
        PolicyPeriod(date(2023, 1, 2), Frequency.FORTNIGHTLY, 0),
        PolicyPeriod(date(2023, 1, 3), Frequency.WEEKLY, 0),
        PolicyPeriod(date(2023, 1, 1), Frequency.WEEKLY, 0),
    ],
    held=[(date(2023, 1, 3), 0)],
    start=date(2023, 1, 2),
    until=date(2023, 2, 1),
    asye=date(2023, 1, 1),
)
def test_due_dates_are_ordered_and_consistent(
    periods: list[PolicyPeriod], held: list[tuple[date, int]], start: date, until: date, asye: date
) -> None:
    dates = [d for d, _ in held]
    checks = due_dates(periods, dates, start_date=start, asye_start=asye, until=until)
    assert all(start < c.due <= until for c in checks)
    # Never out of order. Two may share a date: when a weekly rule starts the day after a
    # fortnightly one, a session that day meets the first due date early and the weekly rule
    # makes the next one fall due on the same day.
    assert all(a.due <= b.due for a, b in zip(checks, checks[1:], strict=False))
    assert sum(c.open for c in checks) <= 1
    for c in checks:
        if c.met_by is None:
            assert c.days_late is None
        else:
            assert c.days_late == max(0, (c.met_by - c.due).days)
            assert c.met_by in dates
    # Overdue at `until` by the days since the first of the trailing missed due dates.
    run: list[DueCheck] = []
    for c in checks:
        run = [*run, c] if c.met_by is None else []
    assert all(c.open == (c is run[-1]) for c in checks if run) or not run
    expected = (until - run[0].due).days if run and run[0].due < until else None
    assert overdue(periods, dates, start_date=start, asye_start=asye, on=until) == expected
