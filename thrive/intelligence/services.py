"""The statutory measures for an organisation, a team or every council at once, from the
register: one set-based pass (:func:`analytics.measures.compute_measures_grouped`) used by the
command line, the API, the census return and the pages alike, cached per council and census year
under the register's version (:mod:`thrive.core.cache`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analytics.measures import (
    MEASURES,
    Measures,
    compute_measures,
    compute_measures_grouped,
    compute_measures_series,
    round_frame,
)
from thrive.intelligence.selectors import RegisterFrames, register_frames, register_frames_many
from thrive.people.models import Organisation


def _frames(organisation: Organisation, team_ids: Iterable[int] | None) -> RegisterFrames:
    frames = register_frames(organisation)
    return frames if team_ids is None else frames.for_teams(team_ids)


def measures_for(
    organisation: Organisation, year: int, *, team_ids: Iterable[int] | None = None
) -> Measures:
    """The DfE measures for census *year* (ending 30 September), rounded as published."""
    if team_ids is None:
        from thrive.core.cache import cached

        return cached(
            "measures", organisation, (year,), lambda: _measures_of(organisation, year, None)
        )
    return _measures_of(organisation, year, team_ids)


def _measures_of(organisation: Organisation, year: int, team_ids: Iterable[int] | None) -> Measures:
    f = _frames(organisation, team_ids)
    return compute_measures(f.spells, f.posts, f.absences, f.allocations, year)


@dataclass(frozen=True)
class YearMeasures:
    """A census year's measures as the API and ``thrive metrics`` give them: for a year the
    register holds no data for, every measure is None and ``note`` says why ("No register data
    before 2021"), as the workforce page does; the year still running says "2026: year to date"."""

    measures: Measures
    note: str | None
    year_to_date: bool


def measures_for_year(
    organisation: Organisation, year: int, *, team_ids: Iterable[int] | None = None
) -> YearMeasures:
    """The measures for census *year*, or none and the reason (the register's coverage, from
    :func:`thrive.intelligence.dashboard.register_coverage`: the web page's source of truth).
    The whole council's are those of :func:`measures_all_councils`, cached."""
    if team_ids is None:
        return measures_all_councils([organisation], year)[organisation.pk]
    from thrive.core.cache import cached

    ids = tuple(sorted(set(team_ids)))
    return cached(
        "measures-teams",
        organisation,
        (year, ids),
        lambda: _year_measures_for_teams(organisation, year, ids),
    )


def _year_measures_for_teams(
    organisation: Organisation, year: int, team_ids: tuple[int, ...]
) -> YearMeasures:
    from thrive.core import clock
    from thrive.intelligence.dashboard import register_coverage

    whole = register_frames(organisation)
    coverage = register_coverage(whole, clock.today())
    f = whole.for_teams(team_ids)
    measures = compute_measures(f.spells, f.posts, f.absences, f.allocations, year)
    if coverage.gap(year):
        measures = dict.fromkeys(measures)
    return YearMeasures(
        measures=measures,
        note=coverage.note(year) or None,
        year_to_date=coverage.year_to_date(year),
    )


def measures_all_councils(
    organisations: Iterable[Organisation], year: int
) -> dict[int, YearMeasures]:
    """The measures for census *year* of every council given, keyed by organisation id: those
    cached under the council's register version are taken as they are, the rest computed in one
    pass over their registers read together (five queries however many councils)."""
    from django.core.cache import cache

    from thrive.core import clock
    from thrive.core.cache import TIMEOUT, cache_key, data_versions
    from thrive.intelligence.dashboard import register_coverage_many

    orgs = list(organisations)
    versions = data_versions(o.pk for o in orgs)
    keys = {o.pk: cache_key("year-measures", o.pk, versions[o.pk], year) for o in orgs}
    found = cache.get_many(list(keys.values()))
    result: dict[int, YearMeasures] = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in result]
    if missing:
        frames = register_frames_many(missing)
        coverage = register_coverage_many(frames, clock.today())
        raw = compute_measures_grouped(
            frames.spells,
            frames.posts,
            frames.absences,
            frames.allocations,
            year,
            by="organisation_id",
            groups=missing,
        )
        rounded = round_frame(raw)
        fresh: dict[str, YearMeasures] = {}
        for pk in missing:
            measures = rounded[pk]
            cover = coverage.get(pk)
            gap = cover.gap(year) if cover else None
            if gap:
                measures = dict.fromkeys(measures)
            result[pk] = fresh[keys[pk]] = YearMeasures(
                measures=measures,
                note=(cover.note(year) or None) if cover else None,
                year_to_date=cover.year_to_date(year) if cover else False,
            )
        cache.set_many(fresh, TIMEOUT)
    return {o.pk: result[o.pk] for o in orgs}


def measures_trend(
    organisation: Organisation, years: list[int], *, team_ids: Iterable[int] | None = None
) -> pd.DataFrame:
    f = _frames(organisation, team_ids)
    return compute_measures_series(f.spells, f.posts, f.absences, f.allocations, years)


__all__ = [
    "MEASURES",
    "YearMeasures",
    "measures_all_councils",
    "measures_for",
    "measures_for_year",
    "measures_trend",
]


COMMENTARY_LIMIT = 1000


def pack_commentary_save(
    *,
    organisation: Organisation,
    section: str,
    text: str,
    effective_from: Any,
    user: Any,
    version: int | None = None,
) -> Any:
    """Save the council's sentence for a pack *section*, in force from *effective_from*.

    *version*: the version of that day's sentence the writer saw (0: they saw none); an edit
    made since is refused rather than overwritten. Audited."""
    from django.db import transaction

    from thrive.core.audit import audit_log
    from thrive.core.changes import lock_checked
    from thrive.core.errors import ThriveError
    from thrive.intelligence.models import PackCommentary, PackSection
    from thrive.people.services import full_clean_or_raise

    if section not in PackSection.values:
        raise ThriveError(
            f"section must be one of {', '.join(PackSection.values)}.", field="section"
        )
    text = (text or "").strip()
    if len(text) > COMMENTARY_LIMIT:
        raise ThriveError(
            f"{PackSection(section).label}: the commentary is {len(text)} characters; "
            f"keep it to {COMMENTARY_LIMIT}.",
            field=f"c_{section}",
        )
    stale = (
        f"{PackSection(section).label}: someone else changed this commentary since you opened "
        "the page; look again."
    )
    with transaction.atomic():
        found = PackCommentary.objects.for_org(organisation).filter(
            section=section, effective_from=effective_from
        )
        existing = found.first()
        if existing is not None:
            try:
                record = lock_checked(existing, version=version or None, stale=stale)
            except ThriveError as exc:
                raise ThriveError(stale, field=f"c_{section}") from exc
            if version == 0:
                raise ThriveError(stale, field=f"c_{section}")
            if record.text == text:
                return record
            record.version += 1
        else:
            if version:
                raise ThriveError(stale, field=f"c_{section}")
            record = PackCommentary(
                organisation=organisation, section=section, effective_from=effective_from
            )
        record.text = text
        record.written_by = user if getattr(user, "is_authenticated", False) else None
        full_clean_or_raise(record)
        record.save()
        audit_log(
            action="intelligence.pack_commentary_saved",
            user=user,
            organisation=organisation,
            obj=record,
            summary=f"Evidence pack commentary, {PackSection(section).label}, from "
            f"{effective_from.isoformat()}",
        )
    return record
