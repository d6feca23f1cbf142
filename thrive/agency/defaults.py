"""The rule sets Thrive starts with (a data migration loads them; every value is editable data).

Sources: DfE, "Child and family social worker workforce: agency rules" statutory guidance (in force
31 October 2024; every assignment from 1 October 2025); the London Pledge (2022); the West
Midlands memorandum of understanding (since 2015; seed document 004). Dates marked *unverified*
in docs/agency.md are defaults to check and change in the data, not facts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# (code, name, source, region, existing_from, [(kind, value, effective_from)])
RULE_SETS: list[tuple[str, str, str, str, date | None, list[tuple[str, Decimal | None, date]]]] = [
    (
        "national",
        "DfE agency rules (statutory guidance)",
        "DfE statutory guidance on agency child and family social workers, 31 October 2024",
        "",
        date(2025, 10, 1),
        [
            ("pq_experience", Decimal(3), date(2024, 10, 31)),
            ("cool_off", Decimal(3), date(2024, 10, 31)),
            ("reference", None, date(2024, 10, 31)),
            ("notice", Decimal(4), date(2024, 10, 31)),
            ("price_cap", None, date(2024, 10, 31)),
        ],
    ),
    (
        "london_pledge",
        "London Pledge",
        "The London Pledge (32 boroughs): pan-London rates, no agency work for 6 months after "
        "leaving a permanent London post",
        "London",
        None,
        [("cool_off", Decimal(6), date(2022, 4, 1))],
    ),
    (
        "west_midlands_mou",
        "West Midlands memorandum of understanding",
        "West Midlands regional memorandum (14 LAs): no newly qualified social workers as agency; "
        "12 months after leaving a permanent West Midlands role",
        "West Midlands",
        None,
        [
            ("newly_qualified", Decimal(12), date(2015, 4, 1)),
            ("cool_off", Decimal(12), date(2015, 4, 1)),
        ],
    ),
]
