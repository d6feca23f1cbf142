"""Time and peak memory of refusing the hostile import files from the security test (issue 14):
a row bomb of 200,000 rows, one of 4 million rows, a 200 MB zip bomb and a 50,000-column CSV.

    DEBUG=1 .venv/bin/python benchmarks/import_bombs.py

Each file is made on the fly (small on disk), read with the default limits, and must be refused.
Both the elapsed time and the CPU time of this process are printed: on a shared machine the
elapsed time grows with everyone else's load, the CPU time much less.
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from tests.people import bombs  # noqa: E402
from thrive.core.errors import ThriveError  # noqa: E402
from thrive.people.imports.reading import read_table  # noqa: E402

CASES = [
    ("xlsx, 200,000 one-cell rows", lambda: bombs.row_flood_xlsx(200_000), "staff.xlsx"),
    ("xlsx, 4,000,000 one-cell rows", lambda: bombs.row_flood_xlsx(4_000_000), "staff.xlsx"),
    ("xlsx, unpacks to 200 MB", lambda: bombs.zip_bomb_xlsx(200), "staff.xlsx"),
    ("xlsx, one row of 20,000 cells", lambda: bombs.column_flood_xlsx(20_000), "staff.xlsx"),
    ("csv, 50,000 unknown columns", lambda: bombs.column_flood_csv(50_000), "staff.csv"),
]


def _answer(content: bytes, filename: str) -> str:
    try:
        read_table(content, filename)
    except ThriveError as exc:
        return exc.message[:70]
    return "READ (not refused!)"


def main() -> None:
    print(f"{'file':34} {'on disk':>9} {'time':>8} {'cpu':>8} {'peak memory':>12}  answer")
    for name, make, filename in CASES:
        content = make()
        started, cpu_started = time.perf_counter(), time.process_time()
        answer = _answer(content, filename)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        # Memory measured on a second run: tracing allocations slows the reading several times.
        tracemalloc.start()
        _answer(content, filename)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size, mb = len(content) / 1024, peak / 1024 / 1024
        print(f"{name:34} {size:>7.0f} K {elapsed:>7.2f}s {cpu:>7.2f}s {mb:>9.1f} MB  {answer}")


if __name__ == "__main__":
    main()
