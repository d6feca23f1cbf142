"""Who may start, see and download a council's background job: the capability of the work it
does (an Ofsted pack needs the evidence pack's; a projection needs the measures'). A projection
covers what its starter may see: the whole council, or (``teams``, set from their scope when it
was queued) their teams; it is then seen only by people who may see every one of those teams."""

from __future__ import annotations

from typing import Any

from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.jobs.registry import KIND_CAPABILITY

# Jobs that cover what their starter may see: the whole council or their teams.
TEAM_KINDS = ("projection", "projection_page", "drivers_page")


def may_use_job(access: Access, kind: str) -> bool:
    """May the person start a job of *kind* (and see such jobs at all)?"""
    capability = KIND_CAPABILITY.get(kind, Cap.REGISTER_IMPORT)
    return access.is_member and access.can(capability)


def job_teams_for(access: Access, kind: str) -> list[int] | None:
    """The teams a job of *kind* started by this person covers: ``None`` for the whole council
    (every kind but a projection, and a projection by someone who sees the whole council)."""
    if kind not in TEAM_KINDS:
        return None
    from thrive.intelligence.policy import measures_team_ids

    return measures_team_ids(access)


def may_see_job(access: Access, job: Any) -> bool:
    """May the person see *job*'s progress and download what it made?"""
    if not may_use_job(access, job.kind):
        return False
    if job.kind not in TEAM_KINDS:
        return True
    from thrive.intelligence.policy import measures_team_ids

    mine = measures_team_ids(access)
    if mine is None:  # the whole council: every projection
        return True
    raw = str((job.params or {}).get("teams") or "")
    wanted = {int(t) for t in raw.split(",") if t.strip().isdigit()}
    return bool(wanted) and wanted <= set(mine)
