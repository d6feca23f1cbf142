"""The Social Work England registration year and its CPD requirement, from dated rules.

The registration year runs 1 December to 30 November (so the "2026" year is 1 December 2025 to
30 November 2026); renewal is from 1 September to 30 November; each year needs at least two CPD
records, at least one reflected on with a peer. A council's rules are dated rows
(``RegistrationRule``); without one, these national rules apply.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from thrive.learning.models import CpdRecord, RegistrationRule

NATIONAL = RegistrationRule(effective_from=date(2000, 1, 1))


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def rule_on(rules: Iterable[RegistrationRule], on: date) -> RegistrationRule:
    applicable = [r for r in rules if r.effective_from <= on]
    return max(applicable, key=lambda r: r.effective_from) if applicable else NATIONAL


def registration_year(on: date, rule: RegistrationRule) -> tuple[date, date]:
    """The first and last day of the registration year that contains *on*."""
    start = _day(on.year, rule.year_start_month, rule.year_start_day)
    if start > on:
        start = _day(on.year - 1, rule.year_start_month, rule.year_start_day)
    following = _day(start.year + 1, rule.year_start_month, rule.year_start_day)
    return start, following - timedelta(days=1)


def renewal_window(year_end: date, rule: RegistrationRule) -> tuple[date, date]:
    start = _day(year_end.year, rule.renewal_window_start_month, rule.renewal_window_start_day)
    if start > year_end:
        start = _day(
            year_end.year - 1, rule.renewal_window_start_month, rule.renewal_window_start_day
        )
    return start, year_end


ON_TRACK, AT_RISK, NOT_STARTED = "on_track", "at_risk", "not_started"
CPD_STATUSES = {ON_TRACK: "On track", AT_RISK: "At risk", NOT_STARTED: "Not started"}


def status_definitions(rule: RegistrationRule, year_end: date) -> dict[str, str]:
    """What each CPD status means under *rule*, in words (shown on the page and in exports)."""
    window_start, _ = renewal_window(year_end, rule)
    return {
        ON_TRACK: f"has met the rule ({rule.minimum_records} CPD records this registration "
        f"year, {rule.minimum_peer_reflected} reflected on with a peer), or has started and "
        f"still has more than {rule.at_risk_days} days before the year ends on "
        f"{year_end:%-d %B %Y}, outside the renewal window",
        AT_RISK: f"has at least one CPD record this registration year but is short of the "
        f"rule, with fewer than {rule.at_risk_days} days to the year's end or inside the "
        f"renewal window (from {window_start:%-d %B %Y})",
        NOT_STARTED: "has no finished CPD record this registration year (drafts do not count)",
    }


@dataclass(frozen=True)
class CpdCheck:
    year_start: date
    year_end: date
    records: int
    peer_reflected: int
    met: bool
    missing: tuple[str, ...]
    in_renewal_window: bool
    days_to_deadline: int
    status: str = ON_TRACK

    @property
    def status_label(self) -> str:
        return CPD_STATUSES[self.status]

    @property
    def label(self) -> str:
        return f"{self.year_start:%-d %B %Y} to {self.year_end:%-d %B %Y}"


def cpd_check(
    records: Iterable[CpdRecord], on: date, rules: Iterable[RegistrationRule]
) -> CpdCheck:
    """Whether the person's finished CPD records meet the rule for the registration year that
    contains *on*, and what is missing, in words."""
    rules = list(rules)
    rule = rule_on(rules, on)
    start, end = registration_year(on, rule)
    inside = [r for r in records if not r.draft and start <= r.on <= end]
    peer = sum(1 for r in inside if r.peer_reflected)
    missing = []
    short = rule.minimum_records - len(inside)
    if short > 0:
        missing.append(f"{short} more CPD record{'s' if short != 1 else ''}")
    short_peer = rule.minimum_peer_reflected - peer
    if short_peer > 0:
        missing.append(
            "a record reflected on with a peer"
            if short_peer == 1
            else f"{short_peer} more records reflected on with a peer"
        )
    window_start, _ = renewal_window(end, rule)
    in_window = window_start <= on <= end
    days = (end - on).days
    if not missing:
        status = ON_TRACK
    elif not inside:
        status = NOT_STARTED
    elif in_window or days < rule.at_risk_days:
        status = AT_RISK
    else:
        status = ON_TRACK
    return CpdCheck(
        year_start=start,
        year_end=end,
        records=len(inside),
        peer_reflected=peer,
        met=not missing,
        missing=tuple(missing),
        in_renewal_window=in_window,
        days_to_deadline=days,
        status=status,
    )


def previous_year_day(on: date, rules: Iterable[RegistrationRule]) -> date:
    """A day in the registration year before the one that contains *on* (its last day) — safe on
    29 February, unlike replacing the year."""
    start, _ = registration_year(on, rule_on(list(rules), on))
    return start - timedelta(days=1)


NOTICE_BEFORE_WINDOW = timedelta(days=14)
"""The first reminder goes this long before the renewal window opens."""


def reminder_dates(year_end: date, rule: RegistrationRule) -> list[date]:
    """When someone short of the CPD rule is reminded in the registration year ending
    *year_end*, from the rule's renewal window: two weeks before the window opens, halfway
    through it, 30 days before the year ends and 7 days before."""
    window_start, _ = renewal_window(year_end, rule)
    middle = window_start + timedelta(days=(year_end - window_start).days // 2)
    inside = [middle, year_end - timedelta(days=30), year_end - timedelta(days=7)]
    return sorted(
        {window_start - NOTICE_BEFORE_WINDOW, *(d for d in inside if window_start < d <= year_end)}
    )


def cpd_reminders_send(organisation: Any, on: date, *, dry_run: bool = False) -> list[str]:
    """Email each social worker whose CPD does not yet meet the rule, on or after each of the
    year's reminder dates (:func:`reminder_dates`) — once per date: a day the daily run missed
    is made up on the next run, and running again tells nobody twice. Returns the addresses
    (sent, or that would be)."""
    from django.conf import settings
    from django.db import transaction

    from thrive.core.audit import audit_log
    from thrive.core.models import AuditEvent
    from thrive.core.outbox import email_on_commit
    from thrive.supervision.selectors import supervised_spells

    rules = list(RegistrationRule.objects.for_org(organisation))
    rule = rule_on(rules, on)
    _, year_end = registration_year(on, rule)
    due = [d for d in reminder_dates(year_end, rule) if d <= on]
    if not due:
        return []
    threshold = due[-1]
    spells = [s for s in supervised_spells(organisation, on) if s.person.user_id]
    records: dict[int, list[CpdRecord]] = {}
    for r in CpdRecord.objects.filter(person_id__in=[s.person_id for s in spells]):
        records.setdefault(r.person_id, []).append(r)
    # One reminder per person per reminder date, whichever day the run falls on.
    already = set(
        AuditEvent.objects.filter(
            action="learning.cpd_reminder",
            organisation=organisation,
            detail__threshold=threshold.isoformat(),
        ).values_list("user_id", flat=True)
    )
    told = []
    for spell in spells:
        check = cpd_check(records.get(spell.person_id, []), on, rules)
        if check.met:
            continue
        user = spell.person.user
        assert user is not None
        if not user.is_active or not user.email or user.pk in already:
            continue
        told.append(user.email)
        if dry_run:
            continue
        with transaction.atomic():
            email_on_commit(
                to=[user.email],
                subject=f"CPD: {check.days_to_deadline} days until your registration year ends",
                body=f"Hello {user.full_name or user.email},\n\nFor this registration year "
                f"({check.label}) you still need {' and '.join(check.missing)}.\n\n"
                f"Record CPD in Thrive: {settings.THRIVE_BASE_URL}/o/{organisation.code}/cpd/",
                organisation=organisation,
                kind="learning.cpd_reminder",
            )
            audit_log(
                action="learning.cpd_reminder",
                user=user,
                organisation=organisation,
                summary=f"CPD reminder, {check.days_to_deadline} days to go",
                detail={"on": on.isoformat(), "threshold": threshold.isoformat()},
            )
    return told
