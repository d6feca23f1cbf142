"""Working patterns (the days and hours a person works, as dated records): the solver, its first
fit and the independent check keep everyone to their pattern unless they agreed extra hours,
worked by hand on small rotas; the set-up page, ``thrive rota pattern`` and the API record one."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta
from typing import Any

import pytest

from thrive.agency.rota_solver import (
    Assignment,
    RotaProblem,
    ShiftSpec,
    StaffSpec,
    first_fit,
    shortfalls,
    solve,
    verify,
)

MONDAY = date(2026, 1, 5)
WEEKEND = frozenset({MONDAY + timedelta(days=5), MONDAY + timedelta(days=6)})
DAY = ShiftSpec("day", "Day", 8 * 60, 16 * 60, min_staff=1)


def _weekdays_only(extra: float = 0.0) -> StaffSpec:
    return StaffSpec(
        "ann",
        "Ann",
        "own",
        contracted_hours=40,
        off_pattern=frozenset((d, "day") for d in WEEKEND),
        off_pattern_hours_week=extra,
    )


def _problem(ann: StaffSpec) -> RotaProblem:
    return RotaProblem(
        start=MONDAY,
        weeks=1,
        shifts=[DAY],
        staff=[ann, StaffSpec("bank", "Bo", "bank", hourly_cost=20)],
    )


def test_no_one_is_rostered_outside_their_pattern() -> None:
    # Seven day shifts of 8 hours. Ann (the home's own staff) could work six (a whole day off a
    # week) but her pattern is Monday to Friday and she agreed no extra hours: she works the
    # five weekdays and the bank worker both weekend days.
    problem = _problem(_weekdays_only())
    for assignments in (
        solve(problem, time_limit=5).assignments,
        [
            Assignment(problem.days[d], "day", problem.staff[p].key, "", 8, 0)
            for p, d, _s in first_fit(problem)[0]
        ],
    ):
        assert verify(problem, assignments) == []
        assert shortfalls(problem, assignments) == []
        worked = {(a.staff, a.day) for a in assignments}
        assert {d for k, d in worked if k == "ann"} == set(problem.days) - WEEKEND
        assert {d for k, d in worked if k == "bank"} == WEEKEND
    result = solve(problem, time_limit=5)
    bank = [a for a in result.assignments if a.staff == "bank"]
    assert all("Ann: outside their working pattern" in a.reason for a in bank)


def test_extra_hours_agreed_allow_a_shift_outside_the_pattern() -> None:
    # Ann agreed 8 extra hours a week: one weekend shift (six days: the weekly rest still
    # leaves her one day off), the bank worker the other.
    problem = _problem(_weekdays_only(extra=8))
    result = solve(problem, time_limit=5)
    assert verify(problem, result.assignments) == []
    by_staff = Counter(a.staff for a in result.assignments)
    assert by_staff == {"ann": 6, "bank": 1}
    fitted, gaps = first_fit(problem)
    assert gaps == []
    assert Counter(problem.staff[p].key for p, _, _ in fitted) == {"ann": 6, "bank": 1}


def test_verify_finds_work_outside_the_pattern() -> None:
    problem = _problem(_weekdays_only(extra=8))
    saturday, sunday = sorted(WEEKEND)
    both = [Assignment(day, "day", "ann", "own", 8, 0) for day in (saturday, sunday)]
    assert verify(problem, both[:1]) == []
    assert verify(problem, both) == [
        "Ann: 16 hours outside their working pattern in week 1, above the 8 extra hours agreed"
    ]
    strict = _problem(_weekdays_only())
    assert verify(strict, both[:1]) == ["Ann: 8 hours outside their working pattern in week 1"]


def test_the_hours_of_a_pattern_keep_someone_to_their_shifts() -> None:
    # Early 07:00-15:00 and late 15:00-23:00, one each, every day: 14 shifts. Cy works any day
    # but only 07:00-15:00 (a late is outside his pattern): six earlies at most (a day off).
    # Di any shift, six days at most. So the home's own staff fill 12 and the bank worker 2,
    # and Cy is never on a late.
    early = ShiftSpec("early", "Early", 7 * 60, 15 * 60)
    late = ShiftSpec("late", "Late", 15 * 60, 23 * 60)
    days = [MONDAY + timedelta(days=i) for i in range(7)]
    problem = RotaProblem(
        start=MONDAY,
        weeks=1,
        shifts=[early, late],
        staff=[
            StaffSpec(
                "cy",
                "Cy",
                "own",
                contracted_hours=48,
                off_pattern=frozenset((d, "late") for d in days),
            ),
            StaffSpec("di", "Di", "own", contracted_hours=48),
            StaffSpec("bank", "Bo", "bank"),
        ],
    )
    result = solve(problem, time_limit=5)
    assert verify(problem, result.assignments) == []
    assert result.gaps == []
    shifts = {(a.staff, a.shift) for a in result.assignments}
    assert ("cy", "late") not in shifts
    by_staff = Counter(a.staff for a in result.assignments)
    assert by_staff == {"cy": 6, "di": 6, "bank": 2}


# ---- The database side: the set-up page, the CLI, dated patterns and the rota check ----

SUITE_MONDAY = date(2026, 6, 15)  # the suite's day is Wednesday 17 June 2026


@pytest.mark.django_db
def test_patterns_recorded_on_the_page_and_the_cli_keep_the_rota_to_them(org: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.agency.rota_pages import seen_workers
    from tests.factories import make_team, make_user
    from thrive.agency.models import RotaWorker, WorkingPattern
    from thrive.agency.rota_selectors import home_setup, rota_now_breaks, rota_problem
    from thrive.agency.services import home_add, rota_solve, rota_worker_add, shift_add
    from thrive.cli import main
    from thrive.core.models import AuditEvent
    from thrive.core.roles import Role

    team = make_team(org, "Ash House", service="Children in Care")
    home = home_add(
        organisation=org, code="ash", name="Ash House", kind="childrens_home", team=team, actor=None
    )
    shift_add(home=home, actor=None, code="day", name="Day", starts=time(8), ends=time(16))
    ann = rota_worker_add(home=home, actor=None, name="Ann", tier="own", contracted_hours=40)
    rota_worker_add(home=home, actor=None, name="Bo", tier="bank", hourly_cost="20")
    manager = make_user(org, Role.TEAM_MANAGER, team=team)
    client = Client()
    client.force_login(manager)
    url = reverse("agency:home_setup", args=[org.code, home.pk])
    form = {
        "add": "pattern",
        "pattern-worker": str(ann.pk),
        "pattern-effective_from_0": "1",
        "pattern-effective_from_1": "6",
        "pattern-effective_from_2": "2026",
        "pattern-weekdays": ["0", "1", "2", "3", "4"],
        "pattern-day_starts": "07:00",
        "pattern-day_ends": "",
        "workers-seen": seen_workers(client, url),
    }
    half = client.post(url, form).content.decode()
    assert "Give both the time their day starts and the time it ends" in half
    assert not WorkingPattern.objects.exists()
    none = client.post(url, form | {"pattern-weekdays": []}).content.decode()
    assert "Choose at least one day they work" in none
    saved = client.post(url, form | {"pattern-day_starts": "", "pattern-note": "Contract"})
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert "Mon, Tue, Wed, Thu, Fri (from 1 Jun 2026)" in page
    # From Thursday 18 June: Thursday and Friday only, 08:00 to 16:00 (the CLI; dated, the
    # first pattern kept for the days before).
    command = ["rota", "pattern", "--org", org.code, "--home", "ash", "--worker", "Ann"]
    command += ["--from", "2026-06-18", "--days", "thu,fri", "--hours", "08:00-16:00"]
    elsewhere = make_user(org, Role.TEAM_MANAGER, team=make_team(org, "Elsewhere"))
    seen = ["--version", str(RotaWorker.objects.get(pk=ann.pk).version)]
    assert main([*command, *seen, "--as", elsewhere.email]) == 1  # not their home
    # The worker's version as read is required; an older one is refused, nothing changed.
    stale = ["--version", str(int(seen[1]) - 1)]
    assert main([*command, *stale, "--as", manager.email]) == 1
    assert WorkingPattern.objects.filter(worker=ann).count() == 1
    assert main([*command, *seen, "--as", manager.email]) == 0
    assert WorkingPattern.objects.filter(worker=ann).count() == 2
    assert AuditEvent.objects.filter(action="agency.working_pattern_set").count() == 2
    _shifts, workers = home_setup(home, date(2026, 6, 18))
    assert [w.pattern.describe() for w in workers if w.name == "Ann"] == ["Thu, Fri, 08:00–16:00"]
    # Monday to Wednesday under the first pattern, Thursday and Friday under the second: Ann
    # is off her pattern at the weekend only; the bank worker fills Saturday and Sunday.
    problem, _, _, _ = rota_problem(home, SUITE_MONDAY, 1)
    (spec,) = [s for s in problem.staff if s.name == "Ann"]
    assert {d for d, _ in spec.off_pattern} == {date(2026, 6, 20), date(2026, 6, 21)}
    rota = rota_solve(home=home, starts=SUITE_MONDAY, weeks=1, actor=None, time_limit=2)
    assert {a.day for a in rota.assignments.filter(worker=ann)} == {
        SUITE_MONDAY + timedelta(days=i) for i in range(5)
    }
    assert rota_now_breaks(rota, list(rota.assignments.select_related("shift"))) == []
    # A pattern from Friday without Friday: the rota now breaks it, the check says so.
    seen = ["--version", str(RotaWorker.objects.get(pk=ann.pk).version)]
    assert main([*command[:-6], "--from", "2026-06-19", "--days", "thu", *seen]) == 0
    breaks = rota_now_breaks(rota, list(rota.assignments.select_related("shift")))
    assert breaks == ["Ann: 8 hours outside their working pattern in week 1"]


def test_patterns_added_with_the_workers_in_bulk_are_checked_as_one_is(org: Any) -> None:
    """A home brought to Thrive (or the demo) adds its workers with their patterns at once,
    through ``rota_workers_add``: each pattern checked as ``working_pattern_set`` checks one,
    nothing written when one is refused, one audit entry a pattern."""
    from thrive.agency.models import RotaWorker, WorkingPattern
    from thrive.agency.services import home_add, rota_workers_add
    from thrive.core.errors import ThriveError
    from thrive.core.models import AuditEvent

    home = home_add(organisation=org, code="oak", name="Oak", kind="childrens_home", actor=None)
    ann = RotaWorker(name="Ann", tier="own", contracted_hours=24)
    bo = RotaWorker(name="Bo", tier="bank")
    good = WorkingPattern(worker=ann, effective_from=MONDAY, monday=True, tuesday=True)
    for bad, words in (
        (WorkingPattern(worker=bo, effective_from=MONDAY), "at least one day"),
        (
            WorkingPattern(worker=bo, effective_from=MONDAY, friday=True, day_starts=time(7)),
            "Give both",
        ),
        (WorkingPattern(worker=ann, effective_from=MONDAY, friday=True), "from each date"),
        (
            WorkingPattern(worker=RotaWorker(name="Cy", tier="bank"), effective_from=MONDAY),
            "a worker being added",
        ),
    ):
        with pytest.raises(ThriveError, match=words):
            rota_workers_add(home=home, workers=[ann, bo], patterns=[good, bad], actor=None)
        assert not RotaWorker.objects.exists() and not WorkingPattern.objects.exists()
    later = WorkingPattern(
        worker=ann,
        effective_from=MONDAY + timedelta(weeks=4),
        wednesday=True,
        day_starts=time(7),
        day_ends=time(15),
    )
    rota_workers_add(home=home, workers=[ann, bo], patterns=[good, later], actor=None)
    rows = WorkingPattern.objects.filter(worker__name="Ann").order_by("effective_from")
    assert [(p.describe(), p.organisation_id) for p in rows] == [
        ("Mon, Tue", org.pk),
        ("Wed, 07:00–15:00", org.pk),
    ]
    assert AuditEvent.objects.filter(action="agency.working_pattern_set").count() == 2
