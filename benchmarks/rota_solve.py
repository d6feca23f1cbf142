"""How long the residential rota solver takes as a home grows: ``python benchmarks/rota_solve.py
[SIZES...] [--weeks N] [--time-limit S] [--shortage]`` (defaults 10 20 30 40, 4 weeks, 60 s).

Each home is :func:`thrive.agency.rota_sample.sample_problem` (a No Wrong Door hub's early, late,
waking-night and sleep-in shifts scaled to its staff; a cover pool, bank and agency workers).
Prints, per size: the seconds to the first rota keeping every hard rule, to the finished rota,
whether the fill order was proven best, shifts by tier, gaps, and the independent check
(`verify`, `shortfalls`) of every hard rule. The solver only; no database."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from thrive.agency.rota_sample import sample_problem  # noqa: E402
from thrive.agency.rota_solver import shortfalls, solve, verify  # noqa: E402


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[10, 20, 30, 40])
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--shortage", action="store_true")
    args = parser.parse_args(argv)
    print(
        "| own staff | people on shift a day | first rota | finished | proven "
        "| own/cover/bank/agency | gaps | hard rules |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        problem = sample_problem(size, date(2026, 1, 5), args.weeks, shortage=args.shortage)
        first: list[float] = []
        started = time.perf_counter()

        def seen(_line: str, first: list[float] = first, started: float = started) -> None:
            if not first:
                first.append(time.perf_counter() - started)

        result = solve(problem, time_limit=args.time_limit, progress=seen)
        tiers = Counter(a.tier for a in result.assignments)
        broken = verify(problem, result.assignments) + [
            str(g) for g in shortfalls(problem, result.assignments) if g not in result.gaps
        ]
        per_day = sum(sh.min_staff for sh in problem.shifts)
        print(
            f"| {size} | {per_day} | {first[0] if first else float('nan'):.1f} s | "
            f"{result.seconds:.1f} s | {'yes' if result.status == 'optimal' else 'no'} | "
            f"{tiers['own']}/{tiers['cover_pool']}/{tiers['bank']}/{tiers['agency']} | "
            f"{len(result.gaps)} | {'all kept' if not broken else '; '.join(broken[:3])} |",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
