"""The safer recruitment standards as rules a computer can check, each failure said in words
for the offer's page: a DBS check enhanced with the children's barred list (or current on the
update service); a Social Work England registration active with no conditions; two references
covering the last five years, one from the current or most recent employer and, for a social
work post, one from a practice setting; an employment history with every gap of more than three
months explained.

The five years and three months are constants, not dated records: they are the statutory
guidance's standard (Keeping Children Safe in Education, Working Together, the Bichard
recommendations), the same for every council and every role, not a council's choice like its
selection steps (``SelectionTemplate``); a change in the guidance is a change to Thrive, shipped
with its tests. Which checks a role needs is in ``checks.required_checks``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from thrive.recruitment.models import CheckKind, DbsLevel, SweStatus

REFERENCE_YEARS = 5  # references cover the last five years of work
GAP_MONTHS = 3  # a break in the history longer than this must be explained
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """Days from *start* to *end*, both included."""

    start: date
    end: date

    def words(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    def length(self) -> str:
        return duration(self.start, self.end)


def duration(start: date, end: date) -> str:
    """How long *start* to *end* (both included) is, in words: "3 months and 1 day"."""
    d = relativedelta(end + DAY, start)
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((d.years, "year"), (d.months, "month"), (d.days, "day"))
        if n
    ]
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def longer_than_allowed(start: date, end: date) -> bool:
    """Whether *start* to *end* (both included) is more than three months: 1 January to
    31 March is three months (allowed), to 1 April three months and a day (not)."""
    return end >= start + relativedelta(months=GAP_MONTHS)


def _joined(periods: Iterable[Period]) -> tuple[list[Period], list[Period]]:
    """*periods* merged where breaks between them are three months or less, and the breaks of
    more than three months between those runs (both in date order)."""
    runs: list[Period] = []
    for p in sorted(periods, key=lambda p: (p.start, p.end)):
        if runs and not longer_than_allowed(runs[-1].end + DAY, p.start - DAY):
            runs[-1] = Period(runs[-1].start, max(runs[-1].end, p.end))
        else:
            runs.append(p)
    breaks = [Period(a.end + DAY, b.start - DAY) for a, b in zip(runs, runs[1:], strict=False)]
    return runs, breaks


def reference_failures(references: Sequence[Any], *, social_work: bool) -> list[str]:
    """What the *references* (each with ``covers_from``, ``covers_to``, ``current_employer``,
    ``practice_setting``) lack against the standard, in words; empty when they meet it. The last
    five years end on the latest day any reference covers (the present, or when the candidate
    left their most recent employer); breaks of up to three months between the years they cover
    are allowed (the history's gaps are explained there)."""
    failures = []
    if len(references) < 2:
        failures.append(f"Two references are needed; {len(references)} recorded.")
    if references and not any(r.current_employer for r in references):
        failures.append("None of the references is from the current or most recent employer.")
    if social_work and not any(r.practice_setting for r in references):
        failures.append(
            "For a social work post one reference must be from a social work practice "
            "setting; none is."
        )
    if references:
        runs, breaks = _joined(Period(r.covers_from, r.covers_to) for r in references)
        last = runs[-1]
        back_to = last.end + DAY - relativedelta(years=REFERENCE_YEARS)
        if last.start > back_to:
            failures.append(
                f"The references cover {duration(last.start, last.end)} "
                f"({last.words()}) without a break of more than {GAP_MONTHS} months; they must "
                f"cover the last {REFERENCE_YEARS} years, back to {back_to:%-d %B %Y}."
            )
            failures.extend(
                f"No reference covers {b.words()} ({b.length()})."
                for b in breaks
                if b.end >= back_to
            )
    return failures


def employment_gaps(entries: Sequence[Any], *, on: date) -> list[Period]:
    """The gaps of more than three months in a history (entries with ``started_on`` and
    ``ended_on``, blank while still there), up to *on*: between one job's end and the next
    start, and from the last job's end to *on*. Overlapping jobs leave no gap."""
    gaps = []
    covered_to: date | None = None
    for e in sorted(entries, key=lambda e: e.started_on):
        if covered_to is not None and longer_than_allowed(covered_to + DAY, e.started_on - DAY):
            gaps.append(Period(covered_to + DAY, e.started_on - DAY))
        end = e.ended_on or on
        covered_to = end if covered_to is None else max(covered_to, end)
    if covered_to is not None and longer_than_allowed(covered_to + DAY, on):
        gaps.append(Period(covered_to + DAY, on))
    return gaps


def explained(gap: Period, explanations: Iterable[Any]) -> bool:
    """Whether one of *explanations* (``gap_from``, ``gap_to``) spans the whole *gap*."""
    return any(x.gap_from <= gap.start and x.gap_to >= gap.end for x in explanations)


def history_failures(entries: Sequence[Any], explanations: Sequence[Any], *, on: date) -> list[str]:
    """What the employment history lacks, in words: nothing recorded, or each gap of more than
    three months that no explanation spans."""
    if not entries:
        return ["No employment history is recorded."]
    return [
        f"A gap of {g.length()}, {g.words()}, is not explained."
        for g in employment_gaps(entries, on=on)
        if not explained(g, explanations)
    ]


def dbs_failures(check: Any) -> list[str]:
    """Why a recorded DBS check does not pass: enhanced with the children's barred list, or a
    number and the day it was checked on the update service."""
    if check.free_text_only or (check.dbs_update_number and check.dbs_update_checked_on):
        return []
    failures = []
    if check.dbs_level != DbsLevel.ENHANCED:
        level = DbsLevel(check.dbs_level).label.lower() if check.dbs_level else "not given"
        failures.append(f"The DBS check must be enhanced; this one is {level}.")
    if not check.dbs_barred_list:
        failures.append("The children's barred list was not checked.")
    return failures


def swe_failures(check: Any) -> list[str]:
    """Why a recorded Social Work England registration does not pass: it must be registered
    (active), with no conditions of practice."""
    if check.free_text_only:
        return []
    failures = []
    if not check.swe_number:
        failures.append("No Social Work England number is recorded.")
    if check.swe_status != SweStatus.REGISTERED:
        status = SweStatus(check.swe_status).label.lower() if check.swe_status else "not given"
        failures.append(f"The registration is not active: {status}.")
    if check.swe_conditions.strip():
        failures.append(f"The registration has conditions of practice: {check.swe_conditions}.")
    return failures


@dataclass(frozen=True)
class SaferRecords:
    """An offer's records the rules read, fetched once (``safer_records``)."""

    checks: dict[str, Any]
    references: list[Any]
    employment: list[Any]
    explanations: list[Any]
    abroad: list[Any]


def safer_records(application: Any) -> SaferRecords:
    from thrive.recruitment.models import (
        AddressAbroad,
        EmploymentEntry,
        GapExplanation,
        Reference,
        SaferCheck,
    )

    def of(model: Any) -> list[Any]:
        return list(model.objects.filter(application=application))

    checks = SaferCheck.objects.filter(application=application).select_related("checked_by")
    return SaferRecords(
        checks={c.kind: c for c in checks},
        references=of(Reference),
        employment=of(EmploymentEntry),
        explanations=of(GapExplanation),
        abroad=of(AddressAbroad),
    )


def rule_failures(
    application: Any, *, on: date, records: SaferRecords | None = None
) -> list[tuple[str, str]]:
    """Each way the offer's checks fall short of the standard, as (what, why in words): the
    DBS check and registration recorded but not passing, the references and the history (read
    from their records unless both reference checks, or the history check, were recorded as free
    text before the standards were kept as fields)."""
    from thrive.recruitment.services.checks import required_checks

    r = records or safer_records(application)
    required = required_checks(application)
    found: list[tuple[str, str]] = []
    if CheckKind.DBS in r.checks:
        found += [("DBS", why) for why in dbs_failures(r.checks[CheckKind.DBS])]
    if CheckKind.SWE in required and CheckKind.SWE in r.checks:
        found += [("Social Work England", why) for why in swe_failures(r.checks[CheckKind.SWE])]
    old = [r.checks.get(k) for k in (CheckKind.REFERENCE_1, CheckKind.REFERENCE_2)]
    if not all(c is not None and c.free_text_only for c in old):
        social_work = application.vacancy.social_work_post
        found += [
            ("References", why) for why in reference_failures(r.references, social_work=social_work)
        ]
    history = r.checks.get(CheckKind.HISTORY)
    if history is None or not history.free_text_only:
        found += [
            ("Employment history", why)
            for why in history_failures(r.employment, r.explanations, on=on)
        ]
    return found
