"""Flexible working requests under the rules in force since 6 April 2024: the services that
record them, and the clock. Every write is one transaction with an audit entry."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.engagement.models import (
    BusinessReason,
    FlexiblePattern,
    FlexibleRequest,
    FlexibleStatus,
)

REQUESTS_A_YEAR = 2
DECISION_MONTHS = 2


def add_months(day: date, months: int) -> date:
    """*day* plus calendar months, on the last day of a shorter month (31 Dec + 2 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def decide_by(received_on: date) -> date:
    """The last day for the decision, including any appeal: two months from receipt."""
    return add_months(received_on, DECISION_MONTHS)


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
    """Record a request (a day-one right). Refused when the person has already made two in the
    12 months before it."""
    received = received_on or clock.today()
    if pattern not in FlexiblePattern.values:
        raise ThriveError("Choose the working pattern asked for.")
    if not (details or "").strip():
        raise ThriveError("Say what you are asking for and from when.")
    year_before = add_months(received, -12)
    earlier = FlexibleRequest.objects.filter(
        person=person, received_on__gt=year_before, received_on__lte=received
    ).exclude(status=FlexibleStatus.WITHDRAWN)
    if earlier.count() >= REQUESTS_A_YEAR:
        first = min(r.received_on for r in earlier)
        raise ThriveError(
            "Two requests can be made in any 12 months: the next can be made from "
            f"{add_months(first, 12):%d %B %Y}."
        )
    request = FlexibleRequest(
        organisation=person.organisation,
        person=person,
        team=team,
        received_on=received,
        pattern=pattern,
        details=details.strip(),
        decide_by=decide_by(received),
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


@transaction.atomic
def flexible_consult(*, request: FlexibleRequest, on: date, note: str, actor: Any) -> None:
    """Record the consultation with the person (required before any refusal)."""
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
) -> None:
    """Agree or refuse (first decision or appeal). A refusal needs a consultation first and one
    of the eight business reasons."""
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
def flexible_appeal(*, request: FlexibleRequest, on: date, actor: Any) -> None:
    """The person appeals a refusal; the appeal must also be decided by the same date."""
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
