"""Dated changes to a spell's FTE from before Thrive held the register: the history a council
brings (or the demo's generator makes), written as the change form records a change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from thrive.core.audit import audit_log
from thrive.people.models import EmploymentSpell, Organisation, RegisterRevision


def spell_fte_history_add(
    *,
    organisation: Organisation,
    changes: Iterable[tuple[str, date, date, float]],
    source: str,
    actor: Any = None,
) -> int:
    """Record each change of hours (staff ID, the spell's start, the day it took effect, the FTE
    before it) as a dated revision of the spell holding the FTE before the change (the spell's own
    FTE is its latest). Set-based: one query for the spells, one insert; audited once."""
    spell_of = {
        (staff_id, start): pk
        for pk, staff_id, start in EmploymentSpell.objects.filter(
            organisation=organisation
        ).values_list("pk", "person__staff_id", "start_date")
    }
    made = RegisterRevision.objects.bulk_create(
        RegisterRevision(
            organisation=organisation,
            kind="spell",
            record_id=spell_of[(staff_id, start)],
            effective_date=effective,
            source=source,
            changed=["fte"],
            before={"fte": str(Decimal(str(fte)).quantize(Decimal("0.01")))},
        )
        for staff_id, start, effective, fte in changes
    )
    audit_log(
        action="register.fte_history_added",
        user=actor,
        organisation=organisation,
        summary=f"{len(made)} earlier changes of hours recorded ({source})",
    )
    return len(made)
