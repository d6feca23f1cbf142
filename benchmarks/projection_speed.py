"""How long the workforce projection's Monte Carlo takes: ``python benchmarks/projection_speed.py
[RUNS] [YEARS]`` (defaults 10,000 and 5). Prints the best of five for a council the size of the
demo's largest (Birmingham: about 1,800 social workers in post), for the council as now and for
the five scenarios side by side. The model itself only; fitting the inputs reads the register
once (see README.md)."""

from __future__ import annotations

import sys
import time

from analytics.projection import Inputs, project, scenarios

LARGE = Inputs(
    inpost_fte=1650.0,
    heads=1800,
    establishment_fte=2000.0,
    agency_fte=260.0,
    cases=30000,
    first_year_heads=190,
    p_first=0.22,
    p_after=0.13,
    rate_evidence=2200,
    fill_rate=0.6,
    academy_intake=25,
    agency_cover=0.75,
)


def best_of(n: int, fn: object) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> None:
    runs = int(argv[0]) if argv else 10_000
    years = int(argv[1]) if len(argv) > 1 else 5
    one = best_of(5, lambda: project(LARGE, years=years, runs=runs, seed=1))
    five = best_of(
        3, lambda: scenarios(LARGE, years=years, runs=runs, seed=1, region_turnover_rate=11.0)
    )
    print(f"one projection, {runs:,} runs x {years} years: {one:.3f} s")
    print(f"five scenarios side by side, {runs:,} runs x {years} years each: {five:.3f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
