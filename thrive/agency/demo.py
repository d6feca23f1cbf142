"""Demo agency placements for one council: compliant ones, one breach of each kind the council's
region has rules for, one above the price cap without sign-off and one with it, and legacy
placements begun before the national rules. Dates are relative to today. The price caps are
illustrative figures, entered only if the region has none."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from thrive.agency.models import JobType, Placement, PriceCap
from thrive.agency.rules import add_months
from thrive.agency.services import rule_sets_ensure
from thrive.core import clock

TM = JobType.TEAM_MANAGER.value
DEMO_CAPS = {
    JobType.SOCIAL_WORKER: "42.00",
    JobType.SENIOR_SOCIAL_WORKER: "45.00",
    JobType.ADVANCED_PRACTITIONER: "48.00",
    JobType.TEAM_MANAGER: "55.00",
    JobType.IRO: "50.00",
}
HEADER = (
    "placement_id,staff_id,agency,job_type,team,start_date,planned_end_date,notice_weeks,"
    "hourly_pay,employer_ni_and_levy,hourly_charge,hours_per_week,covers_post_id,qualified_on,"
    "pq_experience_years,last_permanent_la_code,left_permanent_on,reference_given,"
    "reference_obtained,project_team"
)


def _caps(region: str) -> None:
    """The region's price caps, through the agency_caps import a region's lead would use."""
    from thrive.core.errors import ThriveError
    from thrive.people.imports import run_import

    if PriceCap.objects.filter(region=region).exists():
        return
    rows = ["region,job_type,max_hourly,effective_from"]
    rows += [f'"{region}",{job},{value},2025-10-01' for job, value in DEMO_CAPS.items()]
    report = run_import(
        kind="agency_caps",
        organisation=None,
        content="\n".join(rows).encode(),
        filename="demo-price-caps.csv",
    )
    if not report.ok:
        raise ThriveError(report.summary())


def _neighbour_code(org: Any) -> str:
    """Another LA in the council's region (for a leaver's last permanent post)."""
    from thrive.agency.regions import published_regions

    codes = sorted(c for c, r in published_regions().items() if r == org.region and c != org.code)
    return codes[0] if codes else org.code


def seed_agency(org: Any, rng: random.Random) -> int:
    """Placements for *org* (none if it has some already); returns how many were made. Fixed
    placements: *rng* is left untouched so the other seeders' figures do not move."""
    from thrive.agency.services import placement_sign_off, placements_from_register
    from thrive.people.imports import run_import
    from thrive.people.models import Team

    if Placement.objects.for_org(org).exists():
        return 0
    rule_sets_ensure()  # a flushed test database has lost what migration 0002 loaded
    _caps(org.region)
    made = placements_from_register(organisation=org, actor=None)
    teams = list(Team.objects.for_org(org).order_by("name").values_list("name", flat=True)[:3])
    if not teams:
        return made
    t = clock.today()
    d = lambda days: (t + timedelta(days=days)).isoformat()  # noqa: E731
    months = lambda n: add_months(t, n).isoformat()  # noqa: E731
    near = _neighbour_code(org)
    agencies = ["Acme Social Care Ltd", "Bright Locums", "Premier Recruitment"]
    # (id, job type, start, end, notice, pay, ni, charge, qualified, pq, la, left, ref_obt)
    plan = [
        (
            "DEMO-A1",
            "social_worker",
            d(-120),
            d(180),
            4,
            "36",
            "5",
            "55",
            "2012-07-01",
            "12",
            "",
            "",
            "yes",
        ),
        (
            "DEMO-A2",
            "senior_social_worker",
            d(-60),
            d(240),
            4,
            "39",
            "5.5",
            "60",
            "2009-07-01",
            "15",
            "",
            "",
            "yes",
        ),
        (
            "DEMO-A3",
            "social_worker",
            d(-45),
            d(140),
            4,
            "30",
            "4",
            "45",
            months(-7),
            "0.6",
            "",
            "",
            "yes",
        ),
        (
            "DEMO-A4",
            "social_worker",
            d(-30),
            d(150),
            4,
            "36",
            "5",
            "55",
            "2015-07-01",
            "9",
            near,
            months(-8),
            "yes",
        ),
        (
            "DEMO-A5",
            "social_worker",
            d(-20),
            d(160),
            4,
            "36",
            "5",
            "55",
            "2016-07-01",
            "8",
            near,
            months(-2),
            "yes",
        ),
        (
            "DEMO-A6",
            "social_worker",
            d(-90),
            d(90),
            4,
            "36",
            "5",
            "55",
            "2014-07-01",
            "10",
            "",
            "",
            "no",
        ),
        (
            "DEMO-A7",
            "advanced_practitioner",
            d(-75),
            d(105),
            1,
            "41",
            "5.5",
            "65",
            "2008-07-01",
            "16",
            "",
            "",
            "yes",
        ),
        (
            "DEMO-A8",
            TM,
            d(-50),
            d(130),
            4,
            "53",
            "7",
            "82",
            "2004-07-01",
            "20",
            "",
            "",
            "yes",
        ),
        (
            "DEMO-A9",
            TM,
            d(-40),
            d(140),
            4,
            "52",
            "6.5",
            "80",
            "2006-07-01",
            "18",
            "",
            "",
            "yes",
        ),
        (
            "DEMO-L1",
            "social_worker",
            "2024-06-03",
            d(90),
            4,
            "36",
            "5",
            "55",
            "2022-07-01",
            "2",
            "",
            "",
            "yes",
        ),
        (
            "DEMO-L2",
            "social_worker",
            "2024-03-04",
            d(60),
            4,
            "35",
            "5",
            "54",
            "2010-07-01",
            "14",
            "",
            "",
            "yes",
        ),
    ]
    rows = [HEADER]
    for i, (pid, job, start, end, notice, pay, ni, charge, qual, pq, la, left, ref) in enumerate(
        plan
    ):
        rows.append(
            f"{pid},{pid}-W,{agencies[i % 3]},{job},{teams[i % len(teams)]},{start},{end},"
            f"{notice},{pay},{ni},{charge},37,,{qual},{pq},{la},{left},yes,{ref},"
            f"{'yes' if i == 1 else 'no'}"
        )
    report = run_import(
        kind="placements",
        organisation=org,
        content="\n".join(rows).encode(),
        filename="demo-placements.csv",
    )
    if not report.ok:
        return made
    signed = Placement.objects.for_org(org).get(placement_id="DEMO-A9")
    placement_sign_off(
        placement=signed,
        dcs_name="Director of Children's Services",
        dcs_on=t - timedelta(days=45),
        ceo_name="Chief Executive",
        ceo_on=t - timedelta(days=44),
        actor=None,
    )
    _exit_strategies(org)
    return made + report.new


EXIT_STRATEGY_TEAMS = 4


def _exit_strategies(org: Any) -> int:
    """An exit strategy for each of the teams with the most agency cover now (as Coventry's
    workforce strategy sets one per team): halve it within a year through conversions to
    permanent, the academy's newly qualified workers and the vacancies being recruited to.
    Fixed, so the other seeders' figures do not move."""
    from decimal import Decimal

    from thrive.agency.selectors import exit_progress
    from thrive.agency.services import exit_strategy_save

    today = clock.today()
    busiest = sorted(
        (p for p in exit_progress(org, today) if p.agency_fte_now > 0 and p.strategy is None),
        key=lambda p: (-p.agency_fte_now, p.team.name),
    )[:EXIT_STRATEGY_TEAMS]
    for i, p in enumerate(busiest):
        now = p.agency_fte_now
        exit_strategy_save(
            organisation=org,
            team=p.team,
            target_fte=(now / 2).quantize(Decimal("0.1")),
            target_date=add_months(today, 12 if i % 2 == 0 else 9),
            planned_conversions=1 + i % 2,
            academy_newly_qualified=2 if i < 2 else 1,
            vacancies_recruiting=max(1, int(now / 2)),
            notes="Agency cover halved within the year: conversions to permanent, the academy's "
            "next intake and the vacancies now advertised.",
            actor=None,
        )
    return len(busiest)


# ---- Residential rotas ----


def build_sample_home(
    org: Any,
    *,
    code: str,
    name: str,
    own_staff: int,
    start: date,
    weeks: int = 4,
    shortage: bool = False,
    team: Any = None,
    kind: str = "no_wrong_door",
    link_first_to: Any = None,
    patterns: dict[int, list[dict[str, Any]]] | None = None,
) -> Any:
    """A home built from :mod:`thrive.agency.rota_sample` (shifts, own staff with leave, a cover
    pool from Early Help and Youth Justice, bank and agency workers) through the rota set-up
    services. *link_first_to*: a register staff member who becomes the first home worker (so
    they see "my shifts"). *patterns*: the working patterns of the workers at those places in
    the sample (each a :class:`WorkingPattern`'s fields), dated."""
    from datetime import time

    from thrive.agency.models import RotaShift, RotaUnavailable, RotaWorker, WorkingPattern
    from thrive.agency.rota_sample import sample_shifts, sample_staff
    from thrive.agency.services import home_add, rota_workers_add, shifts_add

    home = home_add(organisation=org, code=code, name=name, kind=kind, team=team, actor=None)
    shifts_add(
        home=home,
        shifts=[
            RotaShift(
                code=sh.code,
                name=sh.name,
                starts=time(sh.start_minute // 60, sh.start_minute % 60),
                ends=time((sh.end_minute // 60) % 24, sh.end_minute % 60),
                min_staff=sh.min_staff,
                min_senior=sh.min_senior,
                needs_driver=sh.needs_driver,
                needs_waking_night=sh.needs_waking_night,
                sleep_in=sh.sleep_in,
                order=order,
            )
            for order, sh in enumerate(sample_shifts(own_staff, shortage=shortage))
        ],
        actor=None,
    )
    workers, leave, dated = [], [], []
    for i, spec in enumerate(sample_staff(own_staff, start, weeks, shortage=shortage)):
        worker = RotaWorker(
            staff_member=link_first_to if i == 0 else None,
            name=(
                f"{link_first_to.first_name} {link_first_to.last_name}".strip()
                if i == 0 and link_first_to is not None
                else spec.name
            ),
            tier=spec.tier,
            from_service=spec.name.rsplit(" worker", 1)[0] if spec.tier == "cover_pool" else "",
            senior="senior" in spec.skills,
            driver="driver" in spec.skills,
            waking_night="waking_night" in spec.skills,
            contracted_hours=spec.contracted_hours,
            max_hours_week=spec.max_hours_week,
            hourly_cost=f"{spec.hourly_cost:.2f}",
            extra_hours_as="toil" if i % 2 else "pay",
        )
        workers.append(worker)
        if spec.unavailable:
            leave.append(
                RotaUnavailable(
                    worker=worker,
                    start_date=min(spec.unavailable),
                    end_date=max(spec.unavailable),
                    reason="Annual leave",
                )
            )
        dated += [WorkingPattern(worker=worker, **fields) for fields in (patterns or {}).get(i, [])]
    rota_workers_add(home=home, workers=workers, unavailable=leave, patterns=dated, actor=None)
    return home


def demo_patterns(monday: date, own_staff: int) -> dict[int, list[dict[str, Any]]]:
    """Working patterns for the demo's hub (by place in the sample's workers): a part-time
    worker's four days, cut to three (Monday to Wednesday) from the rota's third week under a
    flexible working agreement; a worker on days only (no sleep-ins, caring at home at night);
    an Early Help worker in the cover pool released on Tuesdays and Thursdays."""
    from datetime import time

    from thrive.agency.models_rota import WEEKDAY_FIELDS

    early, late = time(7), time(22, 30)  # the early's start, the late's end
    return {
        3: [
            {
                "effective_from": monday - timedelta(weeks=26),
                **_days("monday", "tuesday", "wednesday", "thursday"),
                "note": "Part-time: four days a week",
            },
            {
                "effective_from": monday + timedelta(weeks=2),
                **_days("monday", "tuesday", "wednesday"),
                "note": "Flexible working agreed: Monday to Wednesday",
            },
        ],
        5: [
            {
                "effective_from": monday - timedelta(weeks=12),
                **_days(*WEEKDAY_FIELDS),
                "day_starts": early,
                "day_ends": late,
                "note": "Days only: caring at home overnight",
            }
        ],
        own_staff: [
            {
                "effective_from": monday - timedelta(weeks=8),
                **_days("tuesday", "thursday"),
                "day_starts": early,
                "day_ends": late,
                "note": "Released by her Early Help team on Tuesdays and Thursdays",
            }
        ],
    }


def _days(*names: str) -> dict[str, bool]:
    return dict.fromkeys(names, True)


def seed_rotas(org: Any, practitioner_email: str = "") -> int:
    """A No Wrong Door hub (short of waking-night staff, so agency fills some nights) with its
    rota for four weeks from this Monday, published. Returns the shifts filled (0 if it exists)."""
    from thrive.agency.models import Home
    from thrive.agency.services import rota_publish, rota_solve
    from thrive.people.models import StaffMember

    if Home.objects.for_org(org).exists():
        return 0
    practitioner = (
        StaffMember.objects.for_org(org).filter(user__email__iexact=practitioner_email).first()
        if practitioner_email
        else None
    )
    today = clock.today()
    monday = today - timedelta(days=today.weekday())
    home = build_sample_home(
        org,
        code="hub",
        name="No Wrong Door hub",
        own_staff=12,
        start=monday,
        shortage=True,
        link_first_to=practitioner,
        patterns=demo_patterns(monday, 12),
    )
    # However busy the machine, the solver's first fit fills the rota when the search has no
    # time (the demo once had a hub with no rota under load). Half a second less than the 3 it
    # once had pays for the swap journey below (50 queries; 1.2 s measured under a load of 20
    # on two cores, far less idle), so seeding takes about as long as before.
    rota = rota_solve(home=home, starts=monday, weeks=4, actor=None, time_limit=2.5)
    rota = rota_publish(rota=rota, version=rota.version, actor=None)
    if practitioner is not None and practitioner.user is not None:
        demo_swap(rota, practitioner.user)
    return rota.assignments.count()


def demo_swap(rota: Any, user: Any) -> Any:
    """The swap journey on the demo's rota: *user*'s worker exchanges one of their coming shifts
    for a home colleague's shift of the same length within two weeks (an early for a late, say:
    the same hours over the rota) that keeps the daily and weekly rest and every shift's staffing
    and skills, asked for and approved. (The same kind of shift within a week never does in the
    hub's tight rota: each such exchange leaves someone under 11 hours' rest.)
    Candidates are screened with the pure check on the two people only (no query each); the
    one chosen is then asked and decided through the services, which check the whole rota
    again. Returns the swap (None when no exchange keeps every rule)."""
    from dataclasses import replace

    from thrive.agency.models import RotaAssignment
    from thrive.agency.rota_selectors import rota_problem
    from thrive.agency.rota_solver import Assignment, shortfalls, verify
    from thrive.agency.services import swap_decide, swap_request

    problem, _, _, workers = rota_problem(rota.home, rota.starts, rota.weeks)
    key = {w.pk: k for k, w in workers.items()}
    rows = list(
        RotaAssignment.objects.filter(rota=rota).select_related("shift", "worker__staff_member")
    )
    items = [
        (a, Assignment(a.day, a.shift.code, key[a.worker_id], a.tier, float(a.hours), 0))
        for a in rows
        if a.worker_id in key
    ]
    everyone = [i for _, i in items]
    on = {(i.day, i.shift, i.staff) for i in everyone}
    today = clock.today()
    mine = [
        (a, i)
        for a, i in items
        if a.worker.staff_member is not None
        and a.worker.staff_member.user_id == user.pk
        and a.day > today
    ]
    minutes = {sh.code: sh.minutes for sh in problem.shifts}
    exchanges = [
        (give, g, take, t)
        for give, g in mine
        for take, t in items
        if t.staff != g.staff
        and t.tier == "own"
        and minutes[t.shift] == minutes[g.shift]
        and (t.day, t.shift) != (g.day, g.shift)
        and t.day > today
        and abs((t.day - g.day).days) <= 13
        and (g.day, g.shift, t.staff) not in on
        and (t.day, t.shift, g.staff) not in on
    ]
    for give, g, take, t in exchanges:
        after = [i for i in everyone if i is not g and i is not t]
        after += [replace(g, staff=t.staff), replace(t, staff=g.staff)]
        if verify(problem, [i for i in after if i.staff in (g.staff, t.staff)]):
            continue
        slots = {(g.day, g.shift), (t.day, t.shift)}
        if any(
            (gap.day, gap.shift) in slots
            for gap in shortfalls(problem, [i for i in after if (i.day, i.shift) in slots])
        ):
            continue
        swap = swap_request(
            give=give, colleague=take.worker, take=take, reason="A family wedding", actor=user
        )
        return swap_decide(
            swap=swap,
            approve=True,
            version=swap.version,
            note="Approved: both shifts keep their staffing and everyone their rest.",
            actor=None,
        )
    return None
