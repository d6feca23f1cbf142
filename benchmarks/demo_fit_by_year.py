"""How closely each demo council's generated register reproduces its published figures, year by
year: ``python benchmarks/demo_fit_by_year.py [UNTIL] [CODE ...]`` (UNTIL defaults to 2026-06-17,
the test suite's day; codes default to every demo council). Prints one line per council and census
year: OK, or each measure outside ``analytics.synth.TOLERANCES`` as ``published->generated``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from analytics.published import indicators_wide, parse_indicators
from analytics.synth import Targets, generate_register, year_misses
from analytics.synth_forward import continue_register

INDICATORS = Path(__file__).resolve().parents[1] / (
    "thrive/intelligence/data/published/csww-indicators/csww_indicators_2017_to_2025.csv"
)
COUNCILS = {
    "331": "Coventry", "330": "Birmingham", "334": "Solihull", "335": "Walsall",
    "336": "Wolverhampton", "332": "Dudley", "333": "Sandwell", "937": "Warwickshire",
    "885": "Worcestershire", "860": "Staffordshire", "861": "Stoke-on-Trent",
    "893": "Shropshire", "894": "Telford and Wrekin", "884": "Herefordshire",
}  # fmt: skip
SEED = 2025  # the demo's default seed (each council seeds with SEED + its code)


def main(argv: list[str]) -> None:
    until = date.fromisoformat(argv[0]) if argv else date(2026, 6, 17)
    codes = argv[1:] or list(COUNCILS)
    wide = indicators_wide(parse_indicators(INDICATORS))
    for code in codes:
        published = {
            int(y): row.to_dict()
            for y, row in wide[wide["area_code"] == code].set_index("time_period").iterrows()
        }
        targets = Targets.from_measures(published.get(2025, {"inpost_fte": 236.5}))
        reg = generate_register(targets, la_code=code, seed=SEED + int(code), history=published)
        reg = continue_register(reg, until=until, seed=SEED + int(code))
        last = until.year + 1 if until.month >= 10 else until.year
        for year in range(2021, last + 1):
            misses = [
                f"{name} {want:g}->{value:.1f}"
                for name, want, value in year_misses(reg, published.get(year, {}), year)
            ]
            verdict = "not published" if year not in published else "OK"
            print(COUNCILS.get(code, code), year, "; ".join(misses) or verdict, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
