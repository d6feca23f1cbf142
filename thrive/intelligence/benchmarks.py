"""Loading DfE's published files, and setting a council's figures beside them."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from analytics.published import (
    PublishedDataError,
    parse_indicators,
    parse_statistical_neighbours,
)
from thrive.core.errors import ThriveError
from thrive.intelligence.models import BenchmarkLoad, PublishedFigure, StatisticalNeighbour
from thrive.intelligence.published_data import package, read_verified, sha256_of

ENGLAND = "E92000001"


def detect_kind(content: bytes) -> str:
    head = content[:2000].decode("utf-8-sig", errors="replace").lower()
    first = head.splitlines()[0] if head else ""
    if "time_period" in first and "geographic_level" in first:
        return "indicators"
    if "sn1" in first and "la num" in first.replace("\ufeff", ""):
        return "neighbours"
    raise ThriveError(
        "The file is neither DfE's workforce indicators file (columns time_period, "
        "geographic_level, ...) nor the statistical neighbour groupings file (LA num, SN1, ...)."
    )


def _text(value: Any) -> str:
    return "" if value is None or value != value else str(value)


def _number(value: Any) -> float | None:
    return None if value is None or value != value else float(value)


FigureKey = tuple[int, str, str, str]  # year, geographic level, area code, measure


def _indicator_changes(
    before: dict[FigureKey, tuple[float | None, str]],
    after: dict[FigureKey, tuple[float | None, str]],
) -> list[dict[str, Any]]:
    """Rows added, changed and removed per measure and year, only where something did."""
    counts: dict[tuple[str, int], dict[str, int]] = {}

    def bump(key: FigureKey, what: str) -> None:
        year, _, _, measure = key
        row = counts.setdefault((measure, year), {"added": 0, "changed": 0, "removed": 0})
        row[what] += 1

    for key, value in after.items():
        if key not in before:
            bump(key, "added")
        elif before[key] != value:
            bump(key, "changed")
    for key in before.keys() - after.keys():
        bump(key, "removed")
    return [
        {"measure": measure, "year": year, **c}
        for (measure, year), c in sorted(counts.items(), key=lambda i: (i[0][1], i[0][0]))
    ]


@transaction.atomic
def benchmarks_load(
    *,
    content: bytes,
    filename: str,
    progress: Callable[..., Any] | None = None,
    source: str = "file",
    package_version: str = "",
) -> BenchmarkLoad:
    """Load one published file, replacing what was loaded before for the same years, and
    record what changed (rows added, changed and removed per measure and year)."""
    kind = detect_kind(content)
    digest = sha256_of(content)
    try:
        if kind == "indicators":
            result = parse_indicators(io.BytesIO(content))
            rows: list[dict[Any, Any]] = result.rows.to_dict("records")
            years = sorted({int(r["time_period"]) for r in rows})
            existing = PublishedFigure.objects.filter(time_period__in=years)
            before: dict[FigureKey, tuple[float | None, str]] = {
                (t, g, a, m): (v, sym)
                for t, g, a, m, v, sym in existing.values_list(
                    "time_period", "geographic_level", "area_code", "measure", "value", "symbol"
                )
            }
            existing.delete()
            objs = [
                PublishedFigure(
                    time_period=int(r["time_period"]),
                    geographic_level=_text(r["geographic_level"]),
                    area_code=_text(r["area_code"]),
                    area_name=_text(r["area_name"]),
                    region_code=_text(r.get("region_code")),
                    measure=_text(r["measure"]),
                    value=_number(r["value"]),
                    symbol=_text(r.get("symbol")),
                )
                for r in (progress(rows, desc="Published figures") if progress else rows)
            ]
            PublishedFigure.objects.bulk_create(objs, batch_size=5000, ignore_conflicts=True)
            after = {
                (o.time_period, o.geographic_level, o.area_code, o.measure): (o.value, o.symbol)
                for o in objs
            }
            return BenchmarkLoad.objects.create(
                kind=kind,
                filename=filename,
                rows=len(objs),
                years=f"{years[0]}–{years[-1]}",
                source=source,
                package_version=package_version,
                sha256=digest,
                changes=_indicator_changes(before, after) if before else [],
            )
        neighbours = parse_statistical_neighbours(io.BytesIO(content))
        old: dict[str, list[str]] = {}
        for la, code in StatisticalNeighbour.objects.order_by("la_code", "rank").values_list(
            "la_code", "neighbour_code"
        ):
            old.setdefault(la, []).append(code)
        StatisticalNeighbour.objects.all().delete()
        objs_n = [
            StatisticalNeighbour(la_code=la, neighbour_code=code, rank=rank, closeness=label)
            for la, items in neighbours.items()
            for rank, (code, label) in enumerate(items, start=1)
        ]
        StatisticalNeighbour.objects.bulk_create(objs_n, batch_size=5000)
        new = {la: [code for code, _ in items] for la, items in neighbours.items()}
        changed = [la for la in new if la in old and old[la] != new[la]]
        added = [la for la in new if la not in old]
        removed = [la for la in old if la not in new]
        changes = (
            [{"authorities_added": len(added), "changed": len(changed), "removed": len(removed)}]
            if old and (added or changed or removed)
            else []
        )
        return BenchmarkLoad.objects.create(
            kind=kind,
            filename=filename,
            rows=len(objs_n),
            source=source,
            package_version=package_version,
            sha256=digest,
            changes=changes,
        )
    except PublishedDataError as exc:
        raise ThriveError(
            f"{filename} could not be loaded.", problems=getattr(exc, "errors", [str(exc)])
        ) from exc


SHIPPED_KINDS = ("indicators", "neighbours")


def benchmarks_load_shipped(
    *, progress: Callable[..., Any] | None = None, only_if_missing: bool = False
) -> list[BenchmarkLoad]:
    """Load the indicators and neighbours files that ship with Thrive.

    With *only_if_missing* (as ``migrate`` does), a kind is loaded only when this deployment has
    not loaded this very file (by sha256) and has not loaded a file of that kind by path, which
    may be newer than the package: an administrator's load is never undone by an upgrade.
    """
    pkg = package()
    loads = []
    for kind in SHIPPED_KINDS:
        if only_if_missing:
            latest = BenchmarkLoad.objects.filter(kind=kind).order_by("-loaded_at", "-pk").first()
            if latest is not None and (
                latest.source != "package" or latest.sha256 == pkg.file(kind).sha256
            ):
                continue
        entry, content = read_verified(kind)
        loads.append(
            benchmarks_load(
                content=content,
                filename=entry.filename,
                progress=progress,
                source="package",
                package_version=pkg.version,
            )
        )
    return loads


def load_default_files(dfe_dir: Path, progress: Callable[..., Any] | None = None) -> list[str]:
    """Load the indicators and neighbours files from a folder of published data, if there."""
    loaded = []
    for name in (
        "csww_indicators_2017_to_2025.csv",
        "New_Statistical_Neighbour_Groupings_April_2021.csv",
    ):
        path = dfe_dir / name
        if path.exists():
            benchmarks_load(content=path.read_bytes(), filename=name, progress=progress)
            loaded.append(name)
    return loaded


@dataclass
class Comparison:
    """A council's own figures beside its published ones, its region, neighbours and England."""

    measure: str
    years: list[int]
    own: dict[int, float | None] = field(default_factory=dict)
    published: dict[int, float | None] = field(default_factory=dict)
    region: dict[int, float | None] = field(default_factory=dict)
    neighbours: dict[int, float | None] = field(default_factory=dict)
    neighbours_range: dict[int, tuple[float, float]] = field(default_factory=dict)
    england: dict[int, float | None] = field(default_factory=dict)
    symbols: dict[int, str] = field(default_factory=dict)


def published_comparison(
    *, la_code: str, region_name: str, measures: list[str], years: list[int]
) -> dict[str, Comparison]:
    """Published series for each measure (one query for figures, one for neighbours)."""
    neighbour_codes = list(
        StatisticalNeighbour.objects.filter(la_code=la_code).values_list(
            "neighbour_code", flat=True
        )
    )
    figures = PublishedFigure.objects.filter(measure__in=measures, time_period__in=years).filter(
        area_code__in=[la_code, ENGLAND, *neighbour_codes]
    ) | PublishedFigure.objects.filter(
        measure__in=measures,
        time_period__in=years,
        geographic_level="Regional",
        area_name=region_name,
    )
    out = {m: Comparison(measure=m, years=years) for m in measures}
    sums: dict[tuple[str, int], list[float]] = {}
    for f in figures:
        c = out[f.measure]
        if f.geographic_level == "National":
            c.england[f.time_period] = f.value
        elif f.geographic_level == "Regional":
            c.region[f.time_period] = f.value
        elif f.area_code == la_code:
            c.published[f.time_period] = f.value
            if f.symbol:
                c.symbols[f.time_period] = f.symbol
        elif f.area_code in neighbour_codes and f.value is not None:
            sums.setdefault((f.measure, f.time_period), []).append(f.value)
    for (measure, year), values in sums.items():
        out[measure].neighbours[year] = round(sum(values) / len(values), 1)
        out[measure].neighbours_range[year] = (min(values), max(values))
    return out


def has_published_data() -> bool:
    return PublishedFigure.objects.exists()
