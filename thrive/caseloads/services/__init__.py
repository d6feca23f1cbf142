"""Writes for caseloads, by sub-area: caseload policy, families, allocating through the
assistant.

The old module's public names are all importable from here."""

from thrive.caseloads.services.allocation import (
    ChildToAllocate,
    allocation_advice,
    allocation_refusal,
    family_allocate,
    refuse_allocation,
)
from thrive.caseloads.services.families import (
    child_details_change,
    child_status_change,
    children_details_set,
    families_sync,
    family_adult_add,
    family_assign,
    family_assignment_end,
    family_write_refuse,
)
from thrive.caseloads.services.policy import (
    caseload_policies_add,
    caseload_policy_add,
    policy_date_refusal,
)

__all__ = [
    "ChildToAllocate",
    "allocation_advice",
    "allocation_refusal",
    "caseload_policies_add",
    "caseload_policy_add",
    "child_details_change",
    "child_status_change",
    "children_details_set",
    "families_sync",
    "family_adult_add",
    "family_allocate",
    "family_assign",
    "family_assignment_end",
    "family_write_refuse",
    "policy_date_refusal",
    "refuse_allocation",
]
