"""Which English region a council (by its 3-digit DfE LA code) is in: the councils in this
deployment first, then every LA in DfE's published indicators file (shipped with Thrive)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

PUBLISHED = (
    Path(__file__).resolve().parent.parent
    / "intelligence/data/published/csww-indicators/csww_indicators_2017_to_2025.csv"
)


@lru_cache(maxsize=1)
def published_regions() -> dict[str, str]:
    """LA code -> region as DfE names it (Inner and Outer London are London)."""
    found: dict[str, str] = {}
    if not PUBLISHED.exists():
        return found
    with PUBLISHED.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("geographic_level") != "Local authority" or not row.get("old_la_code"):
                continue
            region = row.get("region_name", "")
            if region in ("Inner London", "Outer London"):
                region = "London"
            found.setdefault(row["old_la_code"].strip(), region)
    return found


def regions_for(codes: set[str]) -> dict[str, str]:
    """Each known code's region (deployment's councils win over the published file)."""
    from thrive.people.models import Organisation

    codes = {c for c in codes if c}
    result = {c: published_regions()[c] for c in codes if c in published_regions()}
    for code, region in Organisation.objects.filter(code__in=codes).values_list("code", "region"):
        result[code] = region
    return result
