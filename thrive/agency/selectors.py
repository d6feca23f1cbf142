"""Reads for agency placements: the lists, one placement, its facts for the rules checker,
the rules and caps in force for a council, and the check of every placement on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from thrive.agency.models import Placement, PriceCap, Rule
from thrive.agency.regions import regions_for
from thrive.agency.rules import (
    CapFact,
    CheckResult,
    PlacementFacts,
    RuleFact,
    Terms,
    check_placement,
    cost_between,
)
from thrive.core.roles import Cap

_ONE_DAY = timedelta(days=1)


def placements_visible(access: Any) -> QuerySet[Placement]:
    """The placements *access* may see, newest first (changes prefetched)."""
    return (
        Placement.objects.visible_to(access, Cap.AGENCY_VIEW)
        .select_related("team", "worker", "covered_post")
        .prefetch_related("changes")
        .order_by("-start_date", "placement_id")
    )


def placements_of(organisation: Any) -> QuerySet[Placement]:
    return (
        Placement.objects.for_org(organisation)
        .select_related("team", "worker", "covered_post")
        .prefetch_related("changes")
        .order_by("start_date", "placement_id")
    )


def in_force_on(placements: QuerySet[Placement], on: date) -> QuerySet[Placement]:
    """Placements begun by *on* and not ended (nor past their planned end) before it."""
    return placements.filter(start_date__lte=on, planned_end_date__gte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )


def placement_for(access: Any, pk: int) -> Placement | None:
    return placements_visible(access).filter(pk=pk).first()


def terms_of(placement: Placement) -> tuple[Terms, ...]:
    """The placement's terms from its start, then from each dated change."""
    first = Terms(
        effective_on=placement.start_date,
        planned_end_date=placement.planned_end_date,
        hourly_pay=placement.hourly_pay,
        employer_ni_and_levy=placement.employer_ni_and_levy,
        hourly_charge=placement.hourly_charge,
        hours_per_week=placement.hours_per_week,
    )
    later = [
        Terms(
            effective_on=c.effective_on,
            planned_end_date=c.planned_end_date,
            hourly_pay=c.hourly_pay,
            employer_ni_and_levy=c.employer_ni_and_levy,
            hourly_charge=c.hourly_charge,
            hours_per_week=c.hours_per_week,
        )
        for c in sorted(placement.changes.all(), key=lambda c: (c.effective_on, c.pk))
    ]
    return (first, *later)


def facts_of(placement: Placement, region: str, la_regions: dict[str, str]) -> PlacementFacts:
    code = placement.last_permanent_la_code
    return PlacementFacts(
        placement_id=placement.placement_id,
        region=region,
        job_type=placement.job_type,
        start_date=placement.start_date,
        end_date=placement.end_on(),
        notice_weeks=placement.notice_weeks,
        substantive_notice_weeks=placement.substantive_notice_weeks,
        terms=terms_of(placement),
        qualified_on=placement.qualified_on,
        pq_experience_years=placement.pq_experience_years,
        left_permanent_region=la_regions.get(code) if code else None,
        left_permanent_la_code=code,
        left_permanent_on=placement.left_permanent_on,
        reference_given=placement.reference_given,
        reference_obtained=placement.reference_obtained,
        signed_off=placement.signed_off,
    )


def rules_for(organisation: Any) -> list[RuleFact]:
    """Every dated rule of the sets that reach *organisation*: national, its region's, its own."""
    rules = Rule.objects.select_related("rule_set").filter(
        Q(rule_set__organisation__isnull=True) | Q(rule_set__organisation=organisation),
        Q(rule_set__region="") | Q(rule_set__region=organisation.region),
    )
    return [
        RuleFact(
            set_code=r.rule_set.code,
            set_name=r.rule_set.name,
            kind=r.kind,
            value=r.value,
            effective_from=r.effective_from,
            effective_to=r.effective_to,
            region=r.rule_set.region,
            existing_from=r.rule_set.existing_from,
        )
        for r in rules
    ]


def caps_for(region: str) -> list[CapFact]:
    return [
        CapFact(c.region, c.job_type, c.max_hourly, c.effective_from)
        for c in PriceCap.objects.filter(region=region)
    ]


@dataclass
class PlacementCheck:
    placement: Placement
    result: CheckResult
    cost_to_date: Any
    committed: Any


def check_placements(
    placements: list[Placement], organisation: Any, on: date
) -> list[PlacementCheck]:
    """Each placement checked against the rules up to *on*, with its cost to date and committed."""
    rules = rules_for(organisation)
    caps = caps_for(organisation.region)
    la_regions = regions_for({p.last_permanent_la_code for p in placements})
    checks = []
    for p in placements:
        facts = facts_of(p, organisation.region, la_regions)
        checks.append(
            PlacementCheck(
                placement=p,
                result=check_placement(facts, rules, caps, on),
                cost_to_date=cost_between(facts.terms, p.start_date, min(on, p.end_on())),
                committed=cost_between(
                    facts.terms, max(on, p.start_date - _ONE_DAY) + _ONE_DAY, p.end_on()
                ),
            )
        )
    return checks


def agency_check(organisation: Any, on: date) -> list[PlacementCheck]:
    """The check of every placement of *organisation* in force on *on* (the CLI's and API's)."""
    return check_placements(list(in_force_on(placements_of(organisation), on)), organisation, on)


def rules_in_force(organisation: Any, on: date) -> list[RuleFact]:
    return [r for r in rules_for(organisation) if r.in_force(on)]


def quarterly_return(organisation: Any, quarter: str) -> Any:
    """The DfE quarterly agency return for *quarter* (``YYYY-QN``), checked up to its end."""
    from thrive.agency.quarterly import build_return, quarter_bounds

    start, end = quarter_bounds(quarter)
    placements = list(
        placements_of(organisation)
        .filter(start_date__lte=end, planned_end_date__gte=start)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    )
    checks = check_placements(placements, organisation, end)
    return build_return(organisation, quarter, checks, caps_for(organisation.region))


@dataclass
class ExitProgress:
    team: Any
    agency_fte_now: Any
    strategy: Any
    conversions: int

    @property
    def to_go(self) -> Any:
        if self.strategy is None:
            return None
        return max(self.agency_fte_now - self.strategy.target_fte, 0)


def exit_progress(organisation: Any, on: date) -> list[ExitProgress]:
    """Each team with agency cover now or an exit strategy: agency FTE in force on *on* (hours
    a week / 37), its strategy, and the conversions to permanent made in its placements."""
    from decimal import Decimal

    from thrive.agency.models import ExitStrategy

    fte: dict[int, Decimal] = {}
    teams: dict[int, Any] = {}
    for p in in_force_on(Placement.objects.for_org(organisation).select_related("team"), on):
        fte[p.team_id] = fte.get(p.team_id, Decimal(0)) + p.hours_per_week / Decimal(37)
        teams[p.team_id] = p.team
    conversions: dict[int, int] = {}
    for team_id in (
        Placement.objects.for_org(organisation)
        .filter(converted_on__isnull=False)
        .values_list("team_id", flat=True)
    ):
        conversions[team_id] = conversions.get(team_id, 0) + 1
    strategies = {
        s.team_id: s for s in ExitStrategy.objects.for_org(organisation).select_related("team")
    }
    for s in strategies.values():
        teams.setdefault(s.team_id, s.team)
    return [
        ExitProgress(
            team=team,
            agency_fte_now=fte.get(team_id, Decimal(0)).quantize(Decimal("0.01")),
            strategy=strategies.get(team_id),
            conversions=conversions.get(team_id, 0),
        )
        for team_id, team in sorted(teams.items(), key=lambda kv: kv[1].name)
    ]


def council_teams(organisation: Any) -> Any:
    from thrive.people.models import Team

    return Team.objects.for_org(organisation).order_by("name")


# ---- The council's agency use against the region ----


@dataclass
class AgainstRegion:
    rate_years: list[dict[str, Any]]  # year, council, region, England (published, % FTE)
    quarters: list[dict[str, Any]]  # quarter, spend, placements, FTE at end, conversions
    agency_fte_now: Any
    conversions_total: int


def agency_against_region(organisation: Any, on: date, quarters: int = 4) -> AgainstRegion:
    """The council's agency rate beside its region's and England's (DfE's published workforce
    figures, % of FTE social workers who are agency), and its own spend, agency FTE and
    conversions to permanent for the last *quarters* complete quarters. Other councils' spend and
    conversions are not published, so they are not shown."""
    from decimal import Decimal

    from thrive.agency.quarterly import last_complete_quarter, quarter_bounds, quarter_of
    from thrive.intelligence.benchmarks import published_comparison

    years = list(range(on.year - 6, on.year + 1))
    comparison = published_comparison(
        la_code=organisation.code,
        region_name=organisation.region,
        measures=["agency_rate_fte"],
        years=years,
    )["agency_rate_fte"]
    rate_years = [
        {
            "year": y,
            "council": comparison.published.get(y),
            "region": comparison.region.get(y),
            "england": comparison.england.get(y),
        }
        for y in years
        if any(
            v.get(y) is not None
            for v in (comparison.published, comparison.region, comparison.england)
        )
    ]
    names = [last_complete_quarter(on)]
    while len(names) < quarters:
        start, _ = quarter_bounds(names[-1])
        names.append(quarter_of(start - _ONE_DAY))
    conversions = list(
        Placement.objects.for_org(organisation)
        .filter(converted_on__isnull=False)
        .values_list("converted_on", flat=True)
    )
    rows = []
    for name in reversed(names):
        start, end = quarter_bounds(name)
        built = quarterly_return(organisation, name)
        rows.append(
            {
                "quarter": name,
                "spend": built.summary.get("spend", Decimal(0)),
                "placements": built.summary.get("placements", 0),
                "fte_at_end": built.summary.get("fte_at_end", Decimal(0)),
                "conversions": sum(1 for d in conversions if d is not None and start <= d <= end),
            }
        )
    fte_now = sum(
        (p.hours_per_week / Decimal(37) for p in in_force_on(placements_of(organisation), on)),
        start=Decimal(0),
    ).quantize(Decimal("0.01"))
    return AgainstRegion(rate_years, rows, fte_now, len(conversions))


def rule_sets_reaching(organisation: Any) -> list[Any]:
    """The rule sets that apply in *organisation*: national, its region's, its own."""
    from thrive.agency.models import RuleSet

    return list(
        RuleSet.objects.filter(
            Q(organisation__isnull=True) | Q(organisation=organisation),
            Q(region="") | Q(region=organisation.region),
        ).order_by("code")
    )


# What the workforce projection counts as an agency social worker's cost (case-holding types).
CASE_HOLDING_TYPES = ("social_worker", "senior_social_worker", "advanced_practitioner")
FULL_TIME_HOURS = Decimal("37")


@dataclass(frozen=True)
class AgencyCost:
    """The cost of one full-time agency social worker a year, and where it came from."""

    annual: float | None
    basis: str
    placements: int = 0


def agency_cost_per_fte(
    organisation: Any, on: date, team_ids: list[int] | None = None
) -> AgencyCost:
    """From the council's social-worker placements in the year to *on* (two queries): what they
    were charged (each day at the terms in force, hourly charge × hours a week ÷ 7) over the
    full-time years they worked (hours a week ÷ 37 × days ÷ 365). Without any, the default rate
    the council recorded in force on *on* (one more query); without that, None."""
    first = on - timedelta(days=364)
    rows = placements_of(organisation).filter(
        job_type__in=CASE_HOLDING_TYPES, start_date__lte=on, planned_end_date__gte=first
    )
    if team_ids is not None:
        rows = rows.filter(team_id__in=team_ids)
    charged, fte_days, counted = Decimal(0), Decimal(0), 0
    for p in rows:
        start, end = max(p.start_date, first), min(p.end_on(), on)
        if end < start:
            continue
        terms = terms_of(p)
        charged += cost_between(terms, start, end)
        for index, t in enumerate(terms):
            seg_start = max(start, t.effective_on)
            seg_end = (
                end
                if index + 1 == len(terms)
                else min(end, terms[index + 1].effective_on - _ONE_DAY)
            )
            if seg_end >= seg_start:
                fte_days += t.hours_per_week / FULL_TIME_HOURS * ((seg_end - seg_start).days + 1)
        counted += 1
    if fte_days > 0:
        annual = float(charged / fte_days * 365)
        return AgencyCost(
            round(annual, 2),
            f"from {counted} agency social-worker placement{'s' if counted != 1 else ''} in the "
            f"year to {on:%-d %B %Y} (hourly charge × hours a week, a full-time week "
            f"{FULL_TIME_HOURS} hours)",
            counted,
        )
    from thrive.agency.models import AgencyCostRate

    rate = (
        AgencyCostRate.objects.for_org(organisation)
        .filter(effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if rate is not None:
        return AgencyCost(
            float(rate.annual_cost),
            f"no placements in the year: the council's default rate from "
            f"{rate.effective_from:%-d %B %Y}" + (f" ({rate.source})" if rate.source else ""),
        )
    return AgencyCost(None, "")


def cost_rates(organisation: Any, latest: int = 10) -> list[Any]:
    """The council's default agency costs, the latest dates first (the rules page's list)."""
    from thrive.agency.models import AgencyCostRate

    return list(AgencyCostRate.objects.for_org(organisation)[:latest])
