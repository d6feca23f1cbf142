"""Who may start, see and download a council's background job: the capability of the work it
does (an Ofsted pack needs the evidence pack's; a projection of the whole council needs the
measures of the whole council)."""

from __future__ import annotations

from thrive.core.permissions import Access
from thrive.core.roles import Cap, Scope
from thrive.jobs.registry import KIND_CAPABILITY


def may_use_job(access: Access, kind: str) -> bool:
    capability = KIND_CAPABILITY.get(kind, Cap.REGISTER_IMPORT)
    if not access.is_member or not access.can(capability):
        return False
    if kind == "projection":  # the whole council's workforce
        return access.scope(capability) >= Scope.ORG
    return True
