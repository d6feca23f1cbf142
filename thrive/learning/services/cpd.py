"""Writes for CPD: a person's own records, and the council's registration rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log, audit_log_many
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.learning.models import (
    CpdRecord,
    RegistrationRule,
)
from thrive.people.models import Organisation, StaffMember
from thrive.people.services import full_clean_or_raise


def _check_cpd(record: CpdRecord) -> None:
    """The rules every CPD record meets, saved by its person or brought as history."""
    if record.on > clock.today():
        raise ThriveError("CPD cannot be dated in the future.", field="on")
    if record.peer_reflected and not record.peer_name.strip():
        raise ThriveError("Say who you reflected with.", field="peer_name")


@transaction.atomic
def cpd_save(
    *,
    person: StaffMember,
    user: Any,
    record: CpdRecord | None = None,
    version: int | None = None,
    **fields: Any,
) -> CpdRecord:
    """Save a person's own CPD record (a draft made from a session becomes final here)."""
    if person.user_id != user.pk:
        raise ThriveError("People record their own CPD.")
    if record is not None:
        if record.person_id != person.pk:
            raise ThriveError("That record belongs to someone else.")
        record = lock_checked(
            record,
            version=version,
            stale="This record changed since you opened it; look again.",
        )
        record.version += 1
    else:
        record = CpdRecord(organisation=person.organisation, person=person)
    for name, value in fields.items():
        setattr(record, name, value)
    _check_cpd(record)
    record.draft = False
    full_clean_or_raise(record)
    record.save()
    audit_log(
        action="learning.cpd_saved",
        user=user,
        organisation=person.organisation,
        obj=record,
        summary=f"CPD: {record.title}",
    )
    return record


@transaction.atomic
def registration_rule_add(
    *, organisation: Organisation, actor: Any, effective_from: date, **fields: Any
) -> RegistrationRule:
    """Record Social Work England's registration rules as they apply from *effective_from*."""
    if (
        RegistrationRule.objects.for_org(organisation)
        .filter(effective_from=effective_from)
        .exists()
    ):
        raise ThriveError("There is already a rule from that date", field="effective_from")
    rule = RegistrationRule.objects.create(
        organisation=organisation, effective_from=effective_from, **fields
    )
    audit_log(
        action="learning.registration_rule",
        user=actor,
        organisation=organisation,
        obj=rule,
        summary=f"Registration rule from {rule.effective_from}",
    )
    return rule


@transaction.atomic
def cpd_history_add(*, records: list[CpdRecord], actor: Any = None) -> list[CpdRecord]:
    """Record people's CPD at once, as a council bringing its history (and the demo) does: each
    checked as `cpd_save` checks it, drafts (offered after a session, not yet completed) kept
    as drafts, and each completed record in the audit trail as `cpd_save` writes it."""
    for record in records:
        _check_cpd(record)
        record.organisation_id = record.person.organisation_id
        record.full_clean(exclude=["organisation", "person"], validate_unique=False)
    CpdRecord.objects.bulk_create(records, batch_size=2000)
    audit_log_many(
        {
            "action": "learning.cpd_saved",
            "user": actor,
            "organisation": record.person.organisation,
            "obj": record,
            "summary": f"CPD: {record.title}",
        }
        for record in records
        if not record.draft
    )
    return records
