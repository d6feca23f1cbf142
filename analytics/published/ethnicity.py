"""The ONS Census 2021 population by ethnic group, and how the DfE census ethnicity codes line up
with it."""

from __future__ import annotations

import re
from typing import Literal

import pandas as pd

from analytics.published.common import (
    _JOINT_SEPARATOR,
    _ONS_CODE_RE,
    LA_CODE_SUCCESSORS,
    PublishedDataError,
    Source,
    _is_blank,
    _raise_if,
    _read_text,
    _records,
)

CENSUS_ETHNICITY_CODES: tuple[str, ...] = (
    "WBRI",
    "WIRI",
    "WOTH",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "REFU",
    "NOBT",
)
"""The DfE CSWW census ethnicity codes, in the order of the code list."""

ONS_ETHNIC_GROUP_CODES: dict[str, int] = {
    "Asian, Asian British or Asian Welsh: Bangladeshi": 1,
    "Asian, Asian British or Asian Welsh: Chinese": 2,
    "Asian, Asian British or Asian Welsh: Indian": 3,
    "Asian, Asian British or Asian Welsh: Pakistani": 4,
    "Asian, Asian British or Asian Welsh: Other Asian": 5,
    "Black, Black British, Black Welsh, Caribbean or African: African": 6,
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean": 7,
    "Black, Black British, Black Welsh, Caribbean or African: Other Black": 8,
    "Mixed or Multiple ethnic groups: White and Asian": 9,
    "Mixed or Multiple ethnic groups: White and Black African": 10,
    "Mixed or Multiple ethnic groups: White and Black Caribbean": 11,
    "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups": 12,
    "White: English, Welsh, Scottish, Northern Irish or British": 13,
    "White: Irish": 14,
    "White: Gypsy or Irish Traveller": 15,
    "White: Roma": 16,
    "White: Other White": 17,
    "Other ethnic group: Arab": 18,
    "Other ethnic group: Any other ethnic group": 19,
}
"""ONS Census 2021 ethnic group (20 categories, less "Does not apply") label to ONS code."""

ONS_TO_CENSUS_ETHNICITY: dict[str, str] = {
    "White: English, Welsh, Scottish, Northern Irish or British": "WBRI",
    "White: Irish": "WIRI",
    # Approximation: the CSWW code list has no Gypsy/Irish Traveller or Roma code (the school
    # census's extended codes WIRT and WROM are not used), so both fall under "any other White".
    "White: Gypsy or Irish Traveller": "WOTH",
    "White: Roma": "WOTH",
    "White: Other White": "WOTH",
    "Mixed or Multiple ethnic groups: White and Black Caribbean": "MWBC",
    "Mixed or Multiple ethnic groups: White and Black African": "MWBA",
    "Mixed or Multiple ethnic groups: White and Asian": "MWAS",
    "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups": "MOTH",
    "Asian, Asian British or Asian Welsh: Indian": "AIND",
    "Asian, Asian British or Asian Welsh: Pakistani": "APKN",
    "Asian, Asian British or Asian Welsh: Bangladeshi": "ABAN",
    "Asian, Asian British or Asian Welsh: Other Asian": "AOTH",
    "Asian, Asian British or Asian Welsh: Chinese": "CHNE",
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean": "BCRB",
    "Black, Black British, Black Welsh, Caribbean or African: African": "BAFR",
    "Black, Black British, Black Welsh, Caribbean or African: Other Black": "BOTH",
    # Approximation: the CSWW code list has no Arab code; Arab is counted as "any other".
    "Other ethnic group: Arab": "OOTH",
    "Other ethnic group: Any other ethnic group": "OOTH",
}
"""ONS Census 2021 ethnic group label to the DfE CSWW census ethnicity code.

Approximations: Gypsy or Irish Traveller and Roma map to ``WOTH``; Arab maps to ``OOTH``. ``REFU``
(refused) and ``NOBT`` (not obtained) have no population counterpart. Every other category maps
one to one.
"""

CENSUS_ETHNICITY_GROUP: dict[str, str | None] = {
    "WBRI": "White",
    "WIRI": "White",
    "WOTH": "White",
    "MWBC": "Mixed",
    "MWBA": "Mixed",
    "MWAS": "Mixed",
    "MOTH": "Mixed",
    "AIND": "Asian",
    "APKN": "Asian",
    "ABAN": "Asian",
    "AOTH": "Asian",
    "CHNE": "Asian",
    "BCRB": "Black",
    "BAFR": "Black",
    "BOTH": "Black",
    "OOTH": "Other",
    "REFU": None,
    "NOBT": None,
}
"""DfE census ethnicity code to a five-group heading (``None``: ethnicity not known).

The groups follow ONS Census 2021, so a workforce share lines up with a population share. Note
that Chinese (``CHNE``) is grouped with Asian as in the 2021 census; the older 2001-based DfE code
list sets Chinese apart ("Chinese or other ethnic group").
"""

_ONS_BROAD_GROUP: dict[str, str] = {
    "Asian, Asian British or Asian Welsh": "Asian",
    "Black, Black British, Black Welsh, Caribbean or African": "Black",
    "Mixed or Multiple ethnic groups": "Mixed",
    "White": "White",
    "Other ethnic group": "Other",
}

_ONS_AREA_COLUMNS: dict[str, tuple[str, str]] = {
    "la": (
        r"(?:\d{4} )?Upper tier local authorities Code",
        r"(?:\d{4} )?Upper tier local authorities",
    ),
    "reg": (r"Regions Code", r"Regions"),
    "nat": (r"Countries Code", r"Countries"),
}

_ONS_AREA_DISPLAY: dict[str, str] = {
    "la": "[YYYY ]Upper tier local authorities",
    "reg": "Regions",
    "nat": "Countries",
}
_ONS_GROUP_DISPLAY: tuple[str, ...] = (
    "Ethnic group (20 categories) Code",
    "Ethnic group (20 categories)",
    "Observation",
)


EthnicLevel = Literal["la", "reg", "nat"]


def parse_ethnic_population(
    source: Source, level: EthnicLevel, *, england_only: bool = True
) -> pd.DataFrame:
    """Read an ONS Census 2021 "ethnic group (20 categories)" population file.

    Parameters
    ----------
    source : str, os.PathLike or IO
        Path to ``ons-ethnic-population-{la,reg,nat}.csv`` or an open file.
    level : {"la", "reg", "nat"}
        Which file it is: upper-tier local authorities, regions or countries. The header must
        match (e.g. ``2023 Upper tier local authorities Code`` for ``"la"``).
    england_only : bool, default True
        Keep English areas only (codes starting ``E``); the ONS files also cover Wales.

    Returns
    -------
    pandas.DataFrame
        One row per area and ethnic group, with columns ``area_code``, ``area_name``,
        ``ons_code`` (1-19), ``ethnic_group`` (ONS label), ``ons_broad_group`` (White, Mixed,
        Asian, Black, Other), ``census_code`` (DfE code via :data:`ONS_TO_CENSUS_ETHNICITY`),
        ``census_group`` (via :data:`CENSUS_ETHNICITY_GROUP`) and ``count`` (int). The ONS
        "Does not apply" category (code -8, always 0 in these files) is dropped.

    Raises
    ------
    PublishedDataError
        If the header does not match ``level`` (the message names the expected columns), or
        listing every bad cell as ``row N, column C: reason`` (an unknown ethnic group, a count
        that is not a whole number, an area listed twice for one group).

    Notes
    -----
    The LA file uses the 2023 ONS geography: Barnsley and Sheffield appear under their pre-2024
    codes (E08000016, E08000019) and North and West Northamptonshire, Kingston and Richmond
    separately. Use :func:`ethnic_population_for` to look an indicators-file LA up.
    """
    if level not in _ONS_AREA_COLUMNS:
        raise ValueError(f"level must be one of {', '.join(_ONS_AREA_COLUMNS)}, not {level!r}")
    text, name = _read_text(source)
    records = _records(text)
    try:
        _, header = next(records)
    except StopIteration:
        raise PublishedDataError(f"{name}: the file is empty") from None
    header = [column.strip() for column in header]

    code_pattern, name_pattern = _ONS_AREA_COLUMNS[level]
    wanted = {
        "area code": code_pattern,
        "area name": name_pattern,
        "group code": r"Ethnic group \(20 categories\) Code",
        "group": r"Ethnic group \(20 categories\)",
        "count": r"Observation",
    }
    found: dict[str, int] = {}
    for key, pattern in wanted.items():
        matches = [index for index, column in enumerate(header) if re.fullmatch(pattern, column)]
        if matches:
            found[key] = matches[0]
    if len(found) != len(wanted):
        area = _ONS_AREA_DISPLAY[level]
        expected = [f"{area} Code", area, *_ONS_GROUP_DISPLAY]
        raise PublishedDataError(
            f"{name}: bad header for level {level!r}: expected columns "
            + ", ".join(expected)
            + "; found "
            + ", ".join(header)
        )

    errors: list[str] = []
    rows: list[dict[str, object]] = []
    seen: dict[tuple[str, int], int] = {}
    width = max(found.values()) + 1
    for number, record in records:
        if _is_blank(record):
            continue
        if len(record) < width:
            errors.append(f"row {number}: expected {len(header)} fields, found {len(record)}")
            continue

        def cell(key: str, rec: list[str] = record) -> str:
            return rec[found[key]].strip()

        row_errors: list[str] = []
        area_code, area_name = cell("area code"), cell("area name")
        group_code_text, group, count_text = cell("group code"), cell("group"), cell("count")
        if group_code_text == "-8":  # "Does not apply": always 0, not a population group.
            continue
        if not _ONS_CODE_RE.fullmatch(area_code):
            row_errors.append(
                f"row {number}, column {header[found['area code']]}: "
                f"{area_code!r} is not an ONS area code"
            )
        ons_code = ONS_ETHNIC_GROUP_CODES.get(group)
        if ons_code is None:
            row_errors.append(
                f"row {number}, column {header[found['group']]}: "
                f"{group!r} is not a known ONS ethnic group"
            )
        elif group_code_text != str(ons_code):
            row_errors.append(
                f"row {number}, column {header[found['group code']]}: "
                f"{group_code_text!r} does not match {group!r} (expected {ons_code})"
            )
        if not count_text.isdigit():
            row_errors.append(
                f"row {number}, column {header[found['count']]}: "
                f"{count_text!r} is not a whole number"
            )
        if ons_code is not None and area_code:
            identity = (area_code, ons_code)
            if identity in seen:
                row_errors.append(f"row {number}: duplicates row {seen[identity]}")
            else:
                seen[identity] = number
        if row_errors:
            errors.extend(row_errors)
            continue
        assert ons_code is not None
        if england_only and not area_code.startswith("E"):
            continue
        census_code = ONS_TO_CENSUS_ETHNICITY[group]
        rows.append(
            {
                "area_code": area_code,
                "area_name": area_name,
                "ons_code": ons_code,
                "ethnic_group": group,
                "ons_broad_group": _ONS_BROAD_GROUP[group.split(":", 1)[0]],
                "census_code": census_code,
                "census_group": CENSUS_ETHNICITY_GROUP[census_code],
                "count": int(count_text),
            }
        )

    _raise_if(errors, name, "ethnic population file")
    columns = [
        "area_code",
        "area_name",
        "ons_code",
        "ethnic_group",
        "ons_broad_group",
        "census_code",
        "census_group",
        "count",
    ]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return frame.astype({"ons_code": "int64", "count": "int64"})


def ethnic_population_for(population: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """Return the population by ethnic group of one area, as the indicators file codes it.

    Handles what separates the two sources: a joint code such as ``"E06000061 / E06000062"`` sums
    its parts, and a code replaced since the 2023 ONS geography (:data:`LA_CODE_SUCCESSORS`, e.g.
    Barnsley's E08000038) is looked up under its predecessor too.

    Parameters
    ----------
    population : pandas.DataFrame
        The output of :func:`parse_ethnic_population`.
    area_code : str
        An ONS area code, or codes joined by ``" / "``.

    Returns
    -------
    pandas.DataFrame
        Columns ``ons_code``, ``ethnic_group``, ``ons_broad_group``, ``census_code``,
        ``census_group`` and ``count``, one row per ONS ethnic group, ordered by ``ons_code``;
        empty when the area is not in ``population``.
    """
    predecessors: dict[str, list[str]] = {}
    for old, new in LA_CODE_SUCCESSORS.items():
        predecessors.setdefault(new, []).append(old)
    parts = [part.strip() for part in area_code.split(_JOINT_SEPARATOR)]
    present = set(population["area_code"])
    chosen: list[str] = []
    for part in parts:
        candidates = [part, *predecessors.get(part, []), LA_CODE_SUCCESSORS.get(part, part)]
        for candidate in candidates:
            if candidate in present:
                chosen.append(candidate)
                break
    keys = ["ons_code", "ethnic_group", "ons_broad_group", "census_code", "census_group"]
    selected = population[population["area_code"].isin(chosen)]
    summed = selected.groupby(keys, dropna=False)["count"].sum().reset_index()
    return summed.sort_values("ons_code", kind="stable").reset_index(drop=True)
