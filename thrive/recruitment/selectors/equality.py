"""Counts for equality by stage: candidates' broad ethnic group at each stage they reached, read
from the equality monitoring table only here, and only as counts."""

from __future__ import annotations

from datetime import date

from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.recruitment import edi
from thrive.recruitment.models import Application, EqualityMonitoring


def equality_by_stage(
    access: Access, *, start: date | None = None, end: date | None = None
) -> list[edi.StageRow]:
    """The equality table for the applications *access* sees (applied between *start* and *end*
    when given), against the council's Census 2021 population."""
    apps = Application.objects.visible_to(access, Cap.RECRUITMENT_VIEW)
    if start:
        apps = apps.filter(applied_on__gte=start)
    if end:
        apps = apps.filter(applied_on__lte=end)
    rows = EqualityMonitoring.objects.filter(application__in=apps.values("pk")).values_list(
        "ethnicity",
        "application__shortlisted_on",
        "application__interviewed_on",
        "application__offered_on",
        "application__start_date",
    )
    counts: dict[str, dict[str, int]] = {s: {} for s in edi.STAGES}
    not_given: dict[str, int] = dict.fromkeys(edi.STAGES, 0)
    for ethnicity, shortlisted, interviewed, offered, started in rows:
        reached = [True, bool(shortlisted), bool(interviewed), bool(offered), bool(started)]
        group = edi.CODE_GROUP.get(ethnicity)
        for stage, got_there in zip(edi.STAGES, reached, strict=True):
            if not got_there:
                continue
            if group is None:
                not_given[stage] += 1
            else:
                counts[stage][group] = counts[stage].get(group, 0) + 1
    org = access.organisation
    population = edi.population_shares(org.ons_code) if org.ons_code else None
    return edi.by_stage(counts, not_given, population)
