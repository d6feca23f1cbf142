"""The agency rules checker: pure functions over plain facts, no database.

A placement is checked on its start date against every rule in force then in its council's region,
again on the date of each extension, and, for a rule set that reaches placements begun before its
rules (``existing_from``; DfE's national rules from 1 October 2025), on that date against that set.
Each breach names the rule, the set it comes from (its ``source``) and the values compared; what
cannot be checked because a fact is not recorded is listed apart (``unknown``), never as a breach.
A placement above a price cap with the recorded sign-off of both the director of children's services
and the chief executive is an exception the guidance allows, listed apart, not a breach.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from analytics.supervision import add_months  # one calendar-month step for all areas


@dataclass(frozen=True)
class Terms:
    """A placement's rates and hours from a date (the start, then each dated change)."""

    effective_on: date
    planned_end_date: date
    hourly_pay: Decimal | None
    employer_ni_and_levy: Decimal | None
    hourly_charge: Decimal
    hours_per_week: Decimal

    @property
    def capped_hourly(self) -> Decimal | None:
        if self.hourly_pay is None or self.employer_ni_and_levy is None:
            return None
        return self.hourly_pay + self.employer_ni_and_levy


@dataclass(frozen=True)
class PlacementFacts:
    placement_id: str
    region: str  # the council's region
    job_type: str
    start_date: date
    end_date: date  # actual end, else planned end (after extensions)
    notice_weeks: int | None
    terms: tuple[Terms, ...]  # the first is the start's; later ones are extensions
    substantive_notice_weeks: int | None = None
    qualified_on: date | None = None
    pq_experience_years: Decimal | None = None
    left_permanent_region: str | None = None  # None: never permanent, or the LA is not known
    left_permanent_la_code: str = ""
    left_permanent_on: date | None = None
    reference_given: bool | None = None
    reference_obtained: bool | None = None
    signed_off: bool = False

    def terms_on(self, day: date) -> Terms:
        current = self.terms[0]
        for t in self.terms:
            if t.effective_on <= day:
                current = t
        return current


@dataclass(frozen=True)
class RuleFact:
    set_code: str
    set_name: str
    kind: str
    value: Decimal | None
    effective_from: date
    effective_to: date | None = None
    region: str = ""  # blank: every region
    existing_from: date | None = None

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def applies_in(self, region: str) -> bool:
        return not self.region or self.region == region


@dataclass(frozen=True)
class CapFact:
    region: str
    job_type: str
    max_hourly: Decimal
    effective_from: date


@dataclass(frozen=True)
class Finding:
    rule: str
    source: str
    detail: str
    checked_on: date
    values: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "source": self.source,
            "detail": self.detail,
            "checked_on": self.checked_on.isoformat(),
            "values": self.values,
        }


@dataclass
class CheckResult:
    placement_id: str
    checked_on: list[date] = field(default_factory=list)
    breaches: list[Finding] = field(default_factory=list)
    unknown: list[Finding] = field(default_factory=list)
    exceptions: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "placement_id": self.placement_id,
            "checked_on": [d.isoformat() for d in self.checked_on],
            "breaches": [b.as_dict() for b in self.breaches],
            "unknown": [u.as_dict() for u in self.unknown],
            "signed_off_above_cap": [e.as_dict() for e in self.exceptions],
        }


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def cap_on(caps: Iterable[CapFact], region: str, job_type: str, day: date) -> CapFact | None:
    """The cap in force on *day* for *region* and *job_type* (the latest from on or before it)."""
    fitting = [
        c for c in caps if c.region == region and c.job_type == job_type and c.effective_from <= day
    ]
    return max(fitting, key=lambda c: c.effective_from, default=None)


def check_dates(p: PlacementFacts, rules: Sequence[RuleFact], on: date) -> list[tuple[date, str]]:
    """When *p* is checked, up to *on*: (date, set code or "" for every set in force)."""
    dates: list[tuple[date, str]] = []
    if p.start_date <= on:
        dates.append((p.start_date, ""))
    for t in p.terms[1:]:
        if p.start_date < t.effective_on <= on:
            dates.append((t.effective_on, ""))
    for rule in rules:
        legacy = rule.existing_from
        if (
            legacy is not None
            and p.start_date < legacy <= on
            and p.end_date >= legacy
            and rule.applies_in(p.region)
            and (legacy, rule.set_code) not in dates
        ):
            dates.append((legacy, rule.set_code))
    return sorted(dates)


def _evaluate(
    rule: RuleFact, p: PlacementFacts, day: date, caps: Sequence[CapFact]
) -> tuple[str, str, dict[str, Any]] | None:
    """("breach" | "unknown" | "exception", detail, values) for one rule, or None if met."""
    kind, value = rule.kind, rule.value
    if kind == "pq_experience":
        need = value if value is not None else Decimal(3)
        if p.pq_experience_years is not None:
            if p.pq_experience_years < need:
                return (
                    "breach",
                    f"{_num(p.pq_experience_years)} years' post-qualifying experience in UK local "
                    f"authority employment recorded; at least {_num(need)} required",
                    {"recorded_years": _num(p.pq_experience_years), "required_years": _num(need)},
                )
            return None
        if p.qualified_on is not None:
            months = int(need * 12)
            if p.start_date < add_months(p.qualified_on, months):
                return (
                    "breach",
                    f"qualified on {p.qualified_on}, less than {_num(need)} years before the start "
                    f"on {p.start_date}; at least {_num(need)} years' experience required",
                    {"qualified_on": p.qualified_on.isoformat(), "required_years": _num(need)},
                )
        return ("unknown", "post-qualifying experience not recorded", {})
    if kind == "newly_qualified":
        months = int(value) if value is not None else 12
        if p.qualified_on is not None:
            if p.start_date < add_months(p.qualified_on, months):
                return (
                    "breach",
                    f"newly qualified: qualified on {p.qualified_on}, started as agency on "
                    f"{p.start_date}, within {months} months",
                    {"qualified_on": p.qualified_on.isoformat(), "newly_qualified_months": months},
                )
            return None
        if p.pq_experience_years is not None:
            if p.pq_experience_years * 12 < months:
                return (
                    "breach",
                    f"newly qualified: {_num(p.pq_experience_years)} years since qualifying, "
                    f"under {months} months",
                    {
                        "recorded_years": _num(p.pq_experience_years),
                        "newly_qualified_months": months,
                    },
                )
            return None
        return ("unknown", "date qualified not recorded", {})
    if kind == "cool_off":
        months = int(value) if value is not None else 3
        if p.left_permanent_on is None:
            if p.left_permanent_la_code:
                return ("unknown", "date the permanent post was left not recorded", {})
            return None
        if p.left_permanent_region is None:
            return (
                "unknown",
                f"the region of LA {p.left_permanent_la_code or '(not recorded)'} is not known",
                {},
            )
        if p.left_permanent_region != p.region or p.left_permanent_on > p.start_date:
            return None
        allowed = add_months(p.left_permanent_on, months)
        if p.start_date < allowed:
            days = (p.start_date - p.left_permanent_on).days
            return (
                "breach",
                f"left a permanent post at LA {p.left_permanent_la_code} "
                f"({p.left_permanent_region}) on {p.left_permanent_on}; started as agency in the "
                f"same region on {p.start_date}, {days} days later; {months} months' cool-off "
                f"required (not before {allowed})",
                {
                    "left_permanent_on": p.left_permanent_on.isoformat(),
                    "start_date": p.start_date.isoformat(),
                    "cool_off_months": months,
                    "earliest_start": allowed.isoformat(),
                },
            )
        return None
    if kind == "reference":
        missing = [
            what
            for what, flag in (("given", p.reference_given), ("obtained", p.reference_obtained))
            if flag is False
        ]
        if missing:
            return (
                "breach",
                "practice-based reference not " + " or ".join(missing),
                {"reference_given": p.reference_given, "reference_obtained": p.reference_obtained},
            )
        if p.reference_given is None or p.reference_obtained is None:
            return ("unknown", "whether the reference was given and obtained is not recorded", {})
        return None
    if kind == "notice":
        weeks = int(value) if value is not None else 4
        required = weeks
        if p.substantive_notice_weeks is not None:
            required = min(weeks, p.substantive_notice_weeks)
        if p.notice_weeks is None:
            return ("unknown", "notice period not recorded", {})
        if p.notice_weeks < required:
            return (
                "breach",
                f"notice of {p.notice_weeks} weeks; {required} required",
                {"notice_weeks": p.notice_weeks, "required_weeks": required},
            )
        return None
    if kind == "price_cap":
        cap = cap_on(caps, p.region, p.job_type, day)
        if cap is None:
            return ("unknown", f"no {p.region} price cap for {p.job_type} in force on {day}", {})
        terms = p.terms_on(day)
        capped = terms.capped_hourly
        if capped is None:
            return ("unknown", "hourly pay or employer NI and levy not recorded", {})
        if capped > cap.max_hourly:
            assert terms.hourly_pay is not None and terms.employer_ni_and_levy is not None
            values = {
                "hourly_pay": _num(terms.hourly_pay),
                "employer_ni_and_levy": _num(terms.employer_ni_and_levy),
                "capped_hourly": _num(capped),
                "cap": _num(cap.max_hourly),
                "cap_from": cap.effective_from.isoformat(),
            }
            detail = (
                f"£{capped:.2f} an hour (pay £{terms.hourly_pay:.2f} + employer NI "
                f"and levy £{terms.employer_ni_and_levy:.2f}) is above the {p.region} cap for "
                f"{p.job_type} of £{cap.max_hourly:.2f} (from {cap.effective_from})"
            )
            if p.signed_off:
                return ("exception", detail + "; signed off by the DCS and chief executive", values)
            return ("breach", detail + "; no sign-off by both the DCS and chief executive", values)
        return None
    return None


def check_placement(
    p: PlacementFacts, rules: Sequence[RuleFact], caps: Sequence[CapFact], on: date
) -> CheckResult:
    """Every breach of the rules in force for *p* on the dates it is checked, up to *on*."""
    result = CheckResult(placement_id=p.placement_id)
    seen: set[tuple[str, str, str]] = set()
    for day, only_set in check_dates(p, rules, on):
        result.checked_on.append(day)
        for rule in rules:
            if only_set and rule.set_code != only_set:
                continue
            if not (rule.in_force(day) and rule.applies_in(p.region)):
                continue
            outcome = _evaluate(rule, p, day, caps)
            if outcome is None:
                continue
            verdict, detail, values = outcome
            key = (verdict, rule.kind, rule.set_code)
            if key in seen:
                continue
            seen.add(key)
            finding = Finding(rule.kind, rule.set_code, detail, day, values)
            {"breach": result.breaches, "unknown": result.unknown, "exception": result.exceptions}[
                verdict
            ].append(finding)
    # A rule found broken on one date is not also "unknown" or an exception on another.
    broken = {(b.rule, b.source) for b in result.breaches}
    result.unknown = [u for u in result.unknown if (u.rule, u.source) not in broken]
    result.exceptions = [e for e in result.exceptions if (e.rule, e.source) not in broken]
    result.checked_on = sorted(set(result.checked_on))
    return result


def cost_between(terms: Sequence[Terms], start: date, end: date) -> Decimal:
    """The charge for the days from *start* to *end* inclusive: each day at the terms in force,
    a week's hours spread over seven days (hours a week / 7 x hourly charge)."""
    if end < start:
        return Decimal(0)
    total = Decimal(0)
    ordered = sorted(terms, key=lambda t: t.effective_on)
    for index, t in enumerate(ordered):
        seg_start = max(start, t.effective_on) if index else start
        seg_end = end
        if index + 1 < len(ordered):
            seg_end = min(end, ordered[index + 1].effective_on - timedelta(days=1))
        days = (seg_end - seg_start).days + 1
        if days > 0:
            total += Decimal(days) * t.hours_per_week * t.hourly_charge / Decimal(7)
    return total.quantize(Decimal("0.01"))
