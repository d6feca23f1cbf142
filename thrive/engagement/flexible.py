"""Flexible working requests: the services that record them, and the clock, each request judged
by the limits in force on the day it was received (:class:`FlexibleWorkingRule`, dated records:
the law's, and any more generous ones a council adds). Every write is one transaction with an
audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from analytics.supervision import add_months  # one calendar-month step for all areas
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.engagement.models import (
    BusinessReason,
    FlexiblePattern,
    FlexibleRequest,
    FlexibleStatus,
    FlexibleWorkingRule,
)


@dataclass(frozen=True)
class FlexibleLimits:
    """The limits in force on one day: requests allowed in any 12 months, and months to decide."""

    requests_a_year: int
    decision_months: int


def flexible_rule_on(day: date, organisation: Any = None) -> FlexibleLimits:
    """The limits in force on *day*: the law's rule then in force, made more generous by the
    council's own rule then in force, if any (more requests; a shorter time to decide). Refused
    when no rule of the law was in force."""
    national = (
        FlexibleWorkingRule.objects.filter(organisation__isnull=True, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )
    if national is None:
        raise ThriveError(
            f"No flexible working rule was in force on {day:%-d %B %Y}: the right to ask "
            "applies from 30 June 2014."
        )
    requests, months = national.requests_a_year, national.decision_months
    if organisation is not None:
        own = (
            FlexibleWorkingRule.objects.filter(organisation=organisation, effective_from__lte=day)
            .order_by("-effective_from")
            .first()
        )
        if own is not None:
            requests = max(requests, own.requests_a_year)
            months = min(months, own.decision_months)
    return FlexibleLimits(requests_a_year=requests, decision_months=months)


def flexible_rules(organisation: Any) -> list[FlexibleWorkingRule]:
    """The law's rules and the council's own, newest first."""
    from django.db.models import Q

    return list(
        FlexibleWorkingRule.objects.filter(
            Q(organisation__isnull=True) | Q(organisation=organisation)
        ).order_by("-effective_from", "organisation_id")
    )


def decide_by(received_on: date, organisation: Any = None) -> date:
    """The last day for the decision, including any appeal: the months allowed by the rule in
    force on the day the request was received."""
    return add_months(received_on, flexible_rule_on(received_on, organisation).decision_months)


@transaction.atomic
def flexible_rule_add(
    *,
    organisation: Any,
    effective_from: date,
    requests_a_year: int,
    decision_months: int,
    actor: Any,
) -> FlexibleWorkingRule:
    """Record the council's own limits from *effective_from*. They may be more generous than the
    law's then in force (more requests, a shorter time to decide), never less."""
    if FlexibleWorkingRule.objects.filter(
        organisation=organisation, effective_from=effective_from
    ).exists():
        raise ThriveError("There is already a rule from that date.", field="effective_from")
    law = flexible_rule_on(effective_from)
    if requests_a_year < law.requests_a_year:
        raise ThriveError(
            f"The law allows {law.requests_a_year} in any 12 months from that date; "
            "a council may allow more, never fewer.",
            field="requests_a_year",
        )
    if decision_months > law.decision_months:
        raise ThriveError(
            f"The law allows {law.decision_months} months from that date; a council may "
            "decide sooner, never later.",
            field="decision_months",
        )
    rule = FlexibleWorkingRule.objects.create(
        organisation=organisation,
        effective_from=effective_from,
        requests_a_year=requests_a_year,
        decision_months=decision_months,
    )
    audit_log(
        action="engagement.flexible_rule_added",
        user=actor,
        organisation=organisation,
        obj=rule,
        summary=f"Flexible working rule from {effective_from}",
    )
    return rule


def flexible_rules_ensure() -> None:
    """Load the law's rules (``defaults.FLEXIBLE_RULES``) where missing, as migration 0011 does."""
    from thrive.engagement.defaults import FLEXIBLE_RULES

    for start, requests, months, source in FLEXIBLE_RULES:
        FlexibleWorkingRule.objects.get_or_create(
            organisation=None,
            effective_from=date.fromisoformat(start),
            defaults={"requests_a_year": requests, "decision_months": months, "source": source},
        )


def days_left(request: FlexibleRequest, on: date) -> int:
    """Days until the decision is due (negative: overdue)."""
    return (request.decide_by - on).days


@transaction.atomic
def flexible_request_make(
    *,
    person: Any,
    team: Any,
    pattern: str,
    details: str,
    received_on: date | None = None,
    actor: Any,
) -> FlexibleRequest:
    """Record a request (a day-one right). Refused when the person has already made as many as
    the rule in force on the day of receipt allows in the 12 months before it."""
    received = received_on or clock.today()
    limits = flexible_rule_on(received, person.organisation)
    if pattern not in FlexiblePattern.values:
        raise ThriveError("Choose the working pattern asked for.")
    if not (details or "").strip():
        raise ThriveError("Say what you are asking for and from when.")
    year_before = add_months(received, -12)
    earlier = FlexibleRequest.objects.filter(
        person=person, received_on__gt=year_before, received_on__lte=received
    ).exclude(status=FlexibleStatus.WITHDRAWN)
    if earlier.count() >= limits.requests_a_year:
        first = min(r.received_on for r in earlier)
        allowed = (
            "One request" if limits.requests_a_year == 1 else f"{limits.requests_a_year} requests"
        )
        raise ThriveError(
            f"{allowed} can be made in any 12 months: the next can be made from "
            f"{add_months(first, 12):%d %B %Y}."
        )
    request = FlexibleRequest(
        organisation=person.organisation,
        person=person,
        team=team,
        received_on=received,
        pattern=pattern,
        details=details.strip(),
        decide_by=add_months(received, limits.decision_months),
    )
    request.full_clean()
    request.save()
    audit_log(
        action="engagement.flexible_requested",
        user=actor,
        organisation=request.organisation,
        obj=request,
    )
    return request


STALE = (
    "Someone else changed this request while you were looking at it; nothing was saved. "
    "Look at it again."
)


@transaction.atomic
def flexible_consult(
    *, request: FlexibleRequest, on: date, note: str, actor: Any, version: int | None = None
) -> None:
    """Record the consultation with the person (required before any refusal)."""
    _check_version(request, version)
    if not request.open:
        raise ThriveError("This request has been decided.")
    if on < request.received_on:
        raise ThriveError("The consultation cannot be before the request was received.")
    request.consulted_on, request.consultation_note = on, (note or "").strip()
    request.version += 1
    request.save()
    audit_log(
        action="engagement.flexible_consulted",
        user=actor,
        organisation=request.organisation,
        obj=request,
    )


@transaction.atomic
def flexible_decide(
    *,
    request: FlexibleRequest,
    agree: bool,
    on: date,
    reason: str = "",
    note: str = "",
    actor: Any,
    version: int | None = None,
) -> None:
    """Agree or refuse (first decision or appeal). A refusal needs a consultation first and one
    of the eight business reasons."""
    _check_version(request, version)
    if not request.open:
        raise ThriveError("This request has been decided.")
    if on < request.received_on:
        raise ThriveError("The decision cannot be before the request was received.")
    appeal = request.status == FlexibleStatus.APPEALED
    if not agree:
        if request.consulted_on is None or request.consulted_on > on:
            raise ThriveError("Consult the person before refusing their request.")
        if reason not in BusinessReason.values:
            raise ThriveError("A refusal must give one of the eight business reasons.")
        request.refusal_reason = reason
    if appeal:
        request.appeal_decided_on = on
        request.status = FlexibleStatus.APPEAL_AGREED if agree else FlexibleStatus.APPEAL_REFUSED
    else:
        request.decided_on = on
        request.status = FlexibleStatus.AGREED if agree else FlexibleStatus.REFUSED
    request.decision_note = (note or "").strip()
    request.version += 1
    request.full_clean()
    request.save()
    audit_log(
        action="engagement.flexible_decided",
        user=actor,
        organisation=request.organisation,
        obj=request,
        detail={"status": request.status, "late": on > request.decide_by},
    )


@transaction.atomic
def flexible_appeal(
    *, request: FlexibleRequest, on: date, actor: Any, version: int | None = None
) -> None:
    """The person appeals a refusal; the appeal must also be decided by the same date."""
    _check_version(request, version)
    if request.status != FlexibleStatus.REFUSED:
        raise ThriveError("Only a refused request can be appealed.")
    request.appealed_on = on
    request.status = FlexibleStatus.APPEALED
    request.version += 1
    request.save()
    audit_log(
        action="engagement.flexible_appealed",
        user=actor,
        organisation=request.organisation,
        obj=request,
    )


@transaction.atomic
def flexible_withdraw(
    *, request: FlexibleRequest, on: date, actor: Any, version: int | None = None
) -> None:
    """The person withdraws an undecided request (it then no longer counts towards the two a
    year)."""
    _check_version(request, version)
    if not request.open:
        raise ThriveError("This request has been decided, so it cannot be withdrawn.")
    request.status = FlexibleStatus.WITHDRAWN
    request.decision_note = f"Withdrawn on {on:%d %B %Y}."
    request.version += 1
    request.save()
    audit_log(
        action="engagement.flexible_withdrawn",
        user=actor,
        organisation=request.organisation,
        obj=request,
    )


def _check_version(request: FlexibleRequest, version: int | None) -> None:
    """Lock the request and refuse a change drawn from an older version of it."""
    locked = lock_checked(request, version=version, stale=STALE)
    request.version, request.status = locked.version, locked.status


def flexible_due(organisation: Any, on: date, within_days: int = 14) -> list[FlexibleRequest]:
    """Open requests whose decision is due within *within_days* of *on*, or overdue."""
    from datetime import timedelta

    return list(
        FlexibleRequest.objects.for_org(organisation)
        .filter(
            status__in=[FlexibleStatus.RECEIVED, FlexibleStatus.APPEALED],
            decide_by__lte=on + timedelta(days=within_days),
        )
        .select_related("person", "team")
        .order_by("decide_by")
    )


REMIND_WITHIN_DAYS = 14


def flexible_reminders_send(*, organisation: Any, on: date) -> int:
    """Email the decision maker (the person's line manager) about each open request due within
    a fortnight or overdue, through the outbox, at most once a week a request. Part of the daily
    reminders job. Returns how many requests were mentioned."""
    from datetime import timedelta

    from django.conf import settings

    from thrive.core.outbox import email_on_commit
    from thrive.people.models import EmploymentSpell

    due = [
        r
        for r in flexible_due(organisation, on, REMIND_WITHIN_DAYS)
        if r.reminded_on is None or r.reminded_on <= on - timedelta(days=7)
    ]
    managers = {
        s.person_id: s.line_manager
        for s in EmploymentSpell.objects.for_org(organisation)
        .current(on)
        .filter(person_id__in=[r.person_id for r in due], line_manager__isnull=False)
        .select_related("line_manager__user")
    }
    reminded = []
    with transaction.atomic():
        for r in due:
            manager = managers.get(r.person_id)
            if manager is None or manager.user is None or not manager.user.email:
                continue
            left = days_left(r, on)
            when = (
                f"was due on {r.decide_by:%-d %B %Y} ({-left} days ago)"
                if left < 0
                else f"is due by {r.decide_by:%-d %B %Y} ({left} days left)"
            )
            what = "appeal" if r.status == FlexibleStatus.APPEALED else "request"
            email_on_commit(
                to=[manager.user.email],
                organisation=organisation,
                kind="engagement.flexible_reminder",
                subject=f"Flexible working: a decision {'is overdue' if left < 0 else 'is due'}",
                body=(
                    f"The decision on {r.person}'s flexible working {what} "
                    f"({r.get_pattern_display().lower()}, received {r.received_on:%-d %B %Y}) "
                    f"{when}. The law allows two months from receipt, including any appeal, "
                    "unless you both agree to extend. Consult before any refusal.\n\n"
                    f"Open Thrive: {settings.THRIVE_BASE_URL}/o/{organisation.code}"
                    f"/engagement/flexible/{r.pk}/"
                ),
            )
            r.reminded_on = on
            reminded.append(r)
        FlexibleRequest.objects.bulk_update(reminded, ["reminded_on"])
    return len(reminded)


# --- Reads ------------------------------------------------------------------------------------


def flexible_mine(organisation: Any, person: Any) -> list[FlexibleRequest]:
    """A person's own requests, newest first."""
    if person is None:
        return []
    return list(
        FlexibleRequest.objects.for_org(organisation).filter(person=person).select_related("team")
    )


def flexible_to_decide(access: Any) -> list[FlexibleRequest]:
    """The requests of the people in the caller's reach, open ones first by their deadline."""
    from thrive.core.roles import Cap

    found = list(
        FlexibleRequest.objects.visible_to(access, Cap.FLEXIBLE_DECIDE)
        .exclude(person__user_id=access.user.pk)
        .select_related("person", "team")
        .order_by("decide_by", "pk")
    )
    return [r for r in found if r.open] + [r for r in found if not r.open]


def flexible_for(access: Any, pk: int) -> FlexibleRequest | None:
    """One request, if it is the caller's own or they may decide it."""
    found = (
        FlexibleRequest.objects.for_org(access.organisation)
        .filter(pk=pk)
        .select_related("person", "team")
        .first()
    )
    if found is None:
        return None
    from thrive.engagement.policy import decides_flexible, owns_flexible

    return found if owns_flexible(access, found) or decides_flexible(access, found) else None


def flexible_agreed(person: Any) -> list[FlexibleRequest]:
    """The patterns agreed for *person* (shown on their record)."""
    return list(
        FlexibleRequest.objects.for_org(person.organisation)
        .filter(person=person, status__in=[FlexibleStatus.AGREED, FlexibleStatus.APPEAL_AGREED])
        .order_by("-received_on")
    )


def current_team(person: Any, on: date) -> Any:
    """The team of *person*'s current spell (where a request is decided), or None."""
    from thrive.people.models import EmploymentSpell

    spell = (
        EmploymentSpell.objects.for_org(person.organisation)
        .current(on)
        .filter(person=person)
        .select_related("team")
        .order_by("-start_date")
        .first()
    )
    return spell.team if spell is not None else None
