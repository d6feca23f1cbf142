"""Readers for the published data Thrive sets its own figures beside.

Three public sources (Open Government Licence) are read here:

* the DfE children's social work workforce indicators
  (``csww_indicators_2017_to_2025.csv``): one row per area and year with the statutory measures;
* the DfE statistical neighbour groupings (``New_Statistical_Neighbour_Groupings_April_2021.csv``):
  the ten local authorities most like each local authority;
* the ONS Census 2021 population by ethnic group (``ons-ethnic-population-{la,reg,nat}.csv``).

Every reader accepts a filesystem path (``str`` or :class:`os.PathLike`) or an open file (text or
binary), decodes UTF-8 with or without a byte-order mark, validates the header and every cell, and
raises :class:`PublishedDataError` listing *every* problem found, each located as a spreadsheet
would show it (the header is row 1).

Facts about the real files that shaped this module (checked against the 2017-2025 release):

* geographic levels are ``National``, ``Regional`` and ``Local authority``; the ``Regional`` rows
  include the nine English regions **and** Inner London (``E13000001``) and Outer London
  (``E13000002``); London boroughs' rows name Inner or Outer London as their region, never London;
* the symbols that occur are ``x``, ``z``, ``u``, ``low`` and ``c`` (``:`` and a ``u`` attached to a
  number do not occur, but both are accepted);
* two local-authority rows are joint returns whose codes and names are joined by ``" / "``:
  ``940 / 941`` North and West Northamptonshire (2021 onwards) and ``314 / 318`` Kingston upon
  Thames and Richmond upon Thames (every year);
* ONS codes change while DfE codes stay (Barnsley, Sheffield in 2025; North Yorkshire and Somerset
  in 2023; Buckinghamshire in 2020), so the 3-digit DfE code is the stable key.

This module is a plain library: it imports pandas and the standard library only, never Django.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

import pandas as pd

from analytics.measures import MEASURES

__all__ = [
    "CENSUS_ETHNICITY_CODES",
    "CENSUS_ETHNICITY_GROUP",
    "CLOSENESS_LABELS",
    "GEOGRAPHIC_LEVELS",
    "LA_CODE_SUCCESSORS",
    "LONDON_SUBREGIONS",
    "MEASURE_COLUMNS",
    "ONS_ETHNIC_GROUP_CODES",
    "ONS_TO_CENSUS_ETHNICITY",
    "OPTIONAL_MEASURE_COLUMNS",
    "REGIONS",
    "SYMBOLS",
    "IndicatorsResult",
    "PublishedDataError",
    "StatisticalNeighbourArea",
    "StatisticalNeighbours",
    "closeness_rank",
    "ethnic_population_for",
    "indicators_wide",
    "la_directory",
    "parse_ethnic_population",
    "parse_indicators",
    "parse_statistical_neighbours",
    "read_statistical_neighbours",
    "region_names",
]

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
"""A filesystem path (``str`` is always a path, never CSV text) or an open text/binary file."""

# ---------------------------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------------------------

MEASURE_COLUMNS: list[str] = list(MEASURES)
"""The DfE measure columns Thrive computes for itself (all required in the indicators file)."""

OPTIONAL_MEASURE_COLUMNS: list[str] = ["turnover_rate_headcount", "agency_rate_headcount"]
"""Further published measures, read when present but not required."""

SYMBOLS: dict[str, str] = {
    "c": "Suppressed to protect confidentiality",
    "x": "Not available",
    ":": "Not available",
    "z": "Not applicable",
    "u": "Low reliability",
    "low": "Below 0.5 (rounds to zero but is not zero)",
}
"""Published symbols and what each means, for the user interface to explain a missing figure."""

GEOGRAPHIC_LEVELS: tuple[str, ...] = ("National", "Regional", "Local authority")
"""The geographic levels of the indicators file, broadest first."""

REGIONS: dict[str, str] = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}
"""The nine English regions, ONS code to name exactly as DfE writes it."""

LONDON_SUBREGIONS: dict[str, str] = {"E13000001": "Inner London", "E13000002": "Outer London"}
"""The London sub-regions DfE uses as the region of every London borough's row."""

_LONDON_CODE = "E12000007"

LA_CODE_SUCCESSORS: dict[str, str] = {
    "E10000002": "E06000060",  # Buckinghamshire became a unitary authority, April 2020
    "E10000023": "E06000065",  # North Yorkshire, April 2023
    "E10000027": "E06000066",  # Somerset, April 2023
    "E08000016": "E08000038",  # Barnsley, recoded 2024 (ONS Census 2021 outputs use the old code)
    "E08000019": "E08000039",  # Sheffield, recoded 2024 (ditto)
}
"""ONS codes replaced while the DfE 3-digit code stayed the same: old code to new code."""

CLOSENESS_LABELS: tuple[str, ...] = (
    "Extremely close",
    "Very close",
    "Close",
    "Somewhat close",
    "Not close",
)
"""Statistical-neighbour closeness bands, closest first (the file's capitalisation varies)."""

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

_NUMBER_RE = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")
_NUMBER_WITH_U_RE = re.compile(r"(?P<number>\d+(?:\.\d*)?|\.\d+)\s*u", re.IGNORECASE)
_LA_CODE_PART_RE = re.compile(r"\d{1,3}")
_ONS_CODE_RE = re.compile(r"[EWSNK]\d{8}")
_JOINT_SEPARATOR = "/"

_INT_COLUMNS = ("time_period", "source_row")

_REQUIRED_ID_COLUMNS: list[str] = [
    "time_period",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
]


# ---------------------------------------------------------------------------------------------
# Errors and input
# ---------------------------------------------------------------------------------------------


class PublishedDataError(ValueError):
    """A published file does not have the expected shape or content.

    Parameters
    ----------
    message : str
        A summary of what is wrong.
    errors : Sequence[str], optional
        Every individual problem, e.g. ``"row 12, column inpost_fte: 'abc' is not a number"``.
        The exception message lists them all after the summary.

    Attributes
    ----------
    errors : list[str]
        The individual problems, in file order.
    """

    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        self.errors: list[str] = list(errors)
        full = message if not self.errors else message + "\n" + "\n".join(self.errors)
        super().__init__(full)


def _read_text(source: Source) -> tuple[str, str]:
    """Return the decoded text of ``source`` and a name for it in messages.

    Parameters
    ----------
    source : str, os.PathLike or IO
        A path, or an open text or binary file.

    Returns
    -------
    tuple[str, str]
        The text (byte-order mark removed) and the source's name.

    Raises
    ------
    PublishedDataError
        If the bytes are not UTF-8.
    """
    data: str | bytes
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        name = str(path)
        data = path.read_bytes()
    else:
        name = str(getattr(source, "name", "<stream>"))
        data = source.read()
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PublishedDataError(f"{name}: not UTF-8 text ({exc})") from exc
    else:
        text = data.removeprefix("\ufeff")
    return text, name


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(spreadsheet row number, cells)`` for every CSV record, the header being row 1."""
    reader = csv.reader(io.StringIO(text, newline=""))
    yield from enumerate(reader, start=1)


def _is_blank(record: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in record)


def _raise_if(errors: list[str], name: str, what: str) -> None:
    if errors:
        raise PublishedDataError(f"{name}: {len(errors)} problem(s) in the {what}:", errors)


# ---------------------------------------------------------------------------------------------
# DfE children's social work workforce indicators
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorsResult:
    """The parsed indicators file.

    Attributes
    ----------
    rows : pandas.DataFrame
        Tidy long format, one row per (``time_period``, ``geographic_level``, ``area_code``,
        ``measure``), in file order, with columns:

        ``time_period`` (int, the year ending 30 September), ``geographic_level`` (one of
        :data:`GEOGRAPHIC_LEVELS`), ``area_code`` (``E92000001`` for England; the region code for
        a region; the 3-digit DfE LA code, zero-padded, for an LA, e.g. ``"202"`` or the joint
        ``"940 / 941"``), ``area_name``, ``new_la_code`` (the ONS code of an LA, else ``None``),
        ``region_code`` and ``region_name`` (an LA's region as published, e.g. Inner London; a
        region's own; ``None`` for England), ``measure``, ``value`` (``float`` or ``None``; object
        dtype), ``symbol`` (``None`` or a key of :data:`SYMBOLS`; a number can carry ``u``) and
        ``source_row`` (the spreadsheet row it came from).
    measures : tuple[str, ...]
        The measure columns read, in file order (:data:`MEASURE_COLUMNS` plus any optional ones).
    ignored_columns : tuple[str, ...]
        Columns of the file that are neither identifiers nor known measures.
    source_name : str
        Where the data came from, for messages.
    """

    rows: pd.DataFrame
    measures: tuple[str, ...]
    ignored_columns: tuple[str, ...] = ()
    source_name: str = "<stream>"

    @property
    def years(self) -> list[int]:
        """The distinct time periods, ascending."""
        return sorted({int(year) for year in self.rows["time_period"].unique()})


class _CellError(Exception):
    """A cell that cannot be read; the message is the reason."""


def _parse_measure(text: str) -> tuple[float | None, str | None]:
    """Read one measure cell into ``(value, symbol)``.

    Parameters
    ----------
    text : str
        The cell as published.

    Returns
    -------
    tuple[float | None, str | None]
        A number with no symbol, ``None`` with a symbol, or a number with ``"u"`` (low
        reliability) when the symbol is attached to it (``"12.3u"``).

    Raises
    ------
    _CellError
        If the cell is empty, negative, or neither a number nor a published symbol.
    """
    cell = text.strip()
    if not cell:
        raise _CellError("empty cell; expected a number or a published symbol")
    lowered = cell.lower()
    if lowered in SYMBOLS:
        return None, lowered
    if _NUMBER_RE.fullmatch(cell):
        return float(cell), None
    attached = _NUMBER_WITH_U_RE.fullmatch(cell)
    if attached:
        return float(attached.group("number")), "u"
    if cell.startswith("-") and _NUMBER_RE.fullmatch(cell[1:]):
        raise _CellError(f"{cell!r} is negative; published measures are never negative")
    symbols = ", ".join(SYMBOLS)
    raise _CellError(f"{cell!r} is not a number or a published symbol ({symbols})")


def _pad_la_code(code: str) -> str:
    """Zero-pad each part of a DfE LA code: ``"83"`` -> ``"083"``, ``"940/941"`` -> ``"940 / 941"``.

    Raises
    ------
    _CellError
        If a part is not one to three digits.
    """
    parts = [part.strip() for part in code.split(_JOINT_SEPARATOR)]
    if not all(_LA_CODE_PART_RE.fullmatch(part) for part in parts):
        raise _CellError(f"{code!r} is not a 3-digit DfE LA code")
    return " / ".join(part.zfill(3) for part in parts)


def _check_ons_code(code: str) -> str:
    parts = [part.strip() for part in code.split(_JOINT_SEPARATOR)]
    if not all(_ONS_CODE_RE.fullmatch(part) for part in parts):
        raise _CellError(f"{code!r} is not an ONS area code (e.g. E09000007)")
    return " / ".join(parts)


def parse_indicators(source: Source) -> IndicatorsResult:
    """Read the DfE children's social work workforce indicators file.

    Parameters
    ----------
    source : str, os.PathLike or IO
        Path to ``csww_indicators_*.csv`` (UTF-8, with or without a byte-order mark) or an open
        text or binary file. A ``str`` is a path.

    Returns
    -------
    IndicatorsResult
        The data in tidy long format (see :class:`IndicatorsResult`).

    Raises
    ------
    PublishedDataError
        If required columns are missing (the message names them), or if any cell is bad: each
        problem is listed as ``row N, column C: reason`` with the header as row 1. Every problem in
        the file is reported at once.

    Notes
    -----
    Symbols are kept so that the interface can explain a gap: ``c`` suppressed, ``x``/``:`` not
    available, ``z`` not applicable, ``u`` low reliability, ``low`` below 0.5. A symbol alone
    gives ``value=None``; a number with ``u`` attached keeps its value and ``symbol="u"``. Symbols
    are read case-insensitively and stored in lower case. Blank lines are skipped.
    """
    text, name = _read_text(source)
    records = _records(text)
    try:
        _, header = next(records)
    except StopIteration:
        raise PublishedDataError(f"{name}: the file is empty") from None
    header = [column.strip() for column in header]
    while header and not header[-1]:
        header.pop()

    duplicated = sorted({column for column in header if column and header.count(column) > 1})
    missing = [column for column in _REQUIRED_ID_COLUMNS + MEASURE_COLUMNS if column not in header]
    if missing or duplicated:
        problems = []
        if missing:
            problems.append("missing required column(s): " + ", ".join(missing))
        if duplicated:
            problems.append("duplicated column(s): " + ", ".join(duplicated))
        raise PublishedDataError(f"{name}: bad header: " + "; ".join(problems))

    known = set(_REQUIRED_ID_COLUMNS) | set(MEASURE_COLUMNS) | set(OPTIONAL_MEASURE_COLUMNS)
    measures = tuple(
        column
        for column in header
        if column in MEASURE_COLUMNS or column in OPTIONAL_MEASURE_COLUMNS
    )
    ignored = tuple(column for column in header if column and column not in known)
    position = {column: index for index, column in enumerate(header)}
    levels = {level.lower(): level for level in GEOGRAPHIC_LEVELS}

    errors: list[str] = []
    columns: dict[str, list[object]] = {
        key: []
        for key in (
            "time_period",
            "geographic_level",
            "area_code",
            "area_name",
            "new_la_code",
            "region_code",
            "region_name",
            "measure",
            "value",
            "symbol",
            "source_row",
        )
    }
    seen: dict[tuple[int, str, str], int] = {}

    for number, record in records:
        if _is_blank(record):
            continue
        if len(record) < len(header) or any(cell.strip() for cell in record[len(header) :]):
            errors.append(f"row {number}: expected {len(header)} fields, found {len(record)}")
            continue
        row_errors: list[str] = []

        def cell(column: str, rec: list[str] = record) -> str:
            return rec[position[column]].strip()

        def bad(column: str, reason: str, row: int = number, out: list[str] = row_errors) -> None:
            out.append(f"row {row}, column {column}: {reason}")

        year_text = cell("time_period")
        year = 0
        if re.fullmatch(r"\d{4}", year_text):
            year = int(year_text)
        else:
            bad("time_period", f"{year_text!r} is not a four-digit year")

        level_text = cell("geographic_level")
        level = levels.get(level_text.lower())
        if level is None:
            bad(
                "geographic_level",
                f"{level_text!r} is not one of " + ", ".join(GEOGRAPHIC_LEVELS),
            )

        area_code = area_name = ""
        new_la_code: str | None = None
        region_code: str | None = None
        region_name: str | None = None
        if level == "National":
            area_code, area_name = cell("country_code"), cell("country_name")
            for column in ("country_code", "country_name"):
                if not cell(column):
                    bad(column, "empty cell; a national row needs it")
        elif level == "Regional":
            area_code, area_name = cell("region_code"), cell("region_name")
            region_code, region_name = area_code, area_name
            for column in ("region_code", "region_name"):
                if not cell(column):
                    bad(column, "empty cell; a regional row needs it")
        elif level == "Local authority":
            region_code, region_name = cell("region_code") or None, cell("region_name") or None
            area_name = cell("la_name")
            for column in ("old_la_code", "new_la_code", "la_name", "region_code", "region_name"):
                if not cell(column):
                    bad(column, "empty cell; a local authority row needs it")
            if cell("old_la_code"):
                try:
                    area_code = _pad_la_code(cell("old_la_code"))
                except _CellError as exc:
                    bad("old_la_code", str(exc))
            if cell("new_la_code"):
                try:
                    new_la_code = _check_ons_code(cell("new_la_code"))
                except _CellError as exc:
                    bad("new_la_code", str(exc))

        parsed: list[tuple[str, float | None, str | None]] = []
        for measure in measures:
            try:
                value, symbol = _parse_measure(cell(measure))
            except _CellError as exc:
                bad(measure, str(exc))
            else:
                parsed.append((measure, value, symbol))

        if level is not None and area_code and year:
            key = (year, level, area_code)
            if key in seen:
                row_errors.append(
                    f"row {number}: duplicates row {seen[key]} ({year}, {level}, {area_code})"
                )
            else:
                seen[key] = number

        if row_errors:
            errors.extend(row_errors)
            continue
        assert level is not None
        for measure, value, symbol in parsed:
            columns["time_period"].append(year)
            columns["geographic_level"].append(level)
            columns["area_code"].append(area_code)
            columns["area_name"].append(area_name)
            columns["new_la_code"].append(new_la_code)
            columns["region_code"].append(region_code)
            columns["region_name"].append(region_name)
            columns["measure"].append(measure)
            columns["value"].append(value)
            columns["symbol"].append(symbol)
            columns["source_row"].append(number)

    _raise_if(errors, name, "indicators file")
    frame = pd.DataFrame(
        {
            key: pd.Series(values, dtype="int64" if key in _INT_COLUMNS else object)
            for key, values in columns.items()
        }
    )
    return IndicatorsResult(
        rows=frame, measures=measures, ignored_columns=ignored, source_name=name
    )


_AREA_COLUMNS: list[str] = [
    "time_period",
    "geographic_level",
    "area_code",
    "area_name",
    "new_la_code",
    "region_code",
    "region_name",
]


def indicators_wide(result: IndicatorsResult, *, include_symbols: bool = False) -> pd.DataFrame:
    """Lay the indicators out one row per area and year, one column per measure.

    Parameters
    ----------
    result : IndicatorsResult
        The output of :func:`parse_indicators`.
    include_symbols : bool, default False
        Also add a ``<measure>_symbol`` column after the measures for each measure, holding the
        published symbol or ``None``.

    Returns
    -------
    pandas.DataFrame
        Columns ``time_period``, ``geographic_level``, ``area_code``, ``area_name``,
        ``new_la_code``, ``region_code``, ``region_name`` then the measures in file order. Measure
        columns have object dtype holding ``float`` or ``None`` (``None`` where the figure is
        suppressed or not available; ``.astype(float)`` turns ``None`` into NaN). Rows are sorted
        by year, then level (England, regions, LAs), then area code.
    """
    measures = list(result.measures)
    order = {level: rank for rank, level in enumerate(GEOGRAPHIC_LEVELS)}
    areas: dict[tuple[int, str, str], dict[str, object]] = {}
    frame = result.rows
    wanted = [*_AREA_COLUMNS, "measure", "value", "symbol"]
    width = len(_AREA_COLUMNS)
    for values in zip(*(frame[column].tolist() for column in wanted), strict=True):
        identity, (measure, value, symbol) = values[:width], values[width:]
        key = (int(identity[0]), str(identity[1]), str(identity[2]))
        entry = areas.get(key)
        if entry is None:
            entry = dict(zip(_AREA_COLUMNS, identity, strict=True))
            for name in measures:
                entry[name] = None
                entry[f"{name}_symbol"] = None
            areas[key] = entry
        entry[str(measure)] = value
        entry[f"{measure}_symbol"] = symbol

    keys = sorted(areas, key=lambda key: (key[0], order.get(key[1], len(order)), key[2]))
    symbol_columns = [f"{measure}_symbol" for measure in measures] if include_symbols else []
    output_columns = _AREA_COLUMNS + measures + symbol_columns
    data = {
        column: pd.Series(
            [areas[key][column] for key in keys],
            dtype="int64" if column == "time_period" else object,
        )
        for column in output_columns
    }
    return pd.DataFrame(data, columns=output_columns)


def region_names() -> list[str]:
    """Return the nine English regions exactly as DfE writes them, in ONS code order.

    Returns
    -------
    list[str]
        North East, North West, Yorkshire and The Humber, East Midlands, West Midlands, East of
        England, London, South East, South West.

    Notes
    -----
    The indicators file also has Inner London and Outer London rows at the regional level; they
    are sub-regions (see :data:`LONDON_SUBREGIONS`), not among the nine.
    """
    return list(REGIONS.values())


def _nine_region(code: str | None) -> tuple[str | None, str | None]:
    """Map a published region code (including the London sub-regions) to one of the nine."""
    if code in LONDON_SUBREGIONS:
        return _LONDON_CODE, REGIONS[_LONDON_CODE]
    if code in REGIONS:
        return code, REGIONS[code]
    return code, None


def la_directory(result: IndicatorsResult, year: int | None = None) -> pd.DataFrame:
    """List every local authority published in one year (by default the latest).

    Joint returns (``940 / 941``, ``314 / 318``) are split into one row per LA, so the directory
    holds every LA that can submit a census return, with ``published_area_code`` giving the row
    its figures are published under.

    Parameters
    ----------
    result : IndicatorsResult
        The output of :func:`parse_indicators`.
    year : int, optional
        The time period to list; the latest year with LA rows when omitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``old_la_code`` (3-digit DfE code), ``new_la_code`` (ONS code), ``la_name``,
        ``region_code`` and ``region_name`` (one of the nine regions; London boroughs get London),
        ``published_region_name`` (as published, e.g. Inner London) and ``published_area_code``;
        sorted by ``old_la_code``.

    Raises
    ------
    PublishedDataError
        If there are no local-authority rows for the year.
    """
    frame = result.rows
    la_rows = frame[frame["geographic_level"] == "Local authority"]
    if la_rows.empty:
        raise PublishedDataError(f"{result.source_name}: no local authority rows")
    chosen = int(la_rows["time_period"].max()) if year is None else year
    la_rows = la_rows[la_rows["time_period"] == chosen]
    if la_rows.empty:
        raise PublishedDataError(f"{result.source_name}: no local authority rows for {chosen}")
    areas = la_rows.drop_duplicates(subset=["area_code"])

    records: list[dict[str, str | None]] = []
    for published_code, published_ons, published_name, published_region, region in zip(
        areas["area_code"].tolist(),
        areas["new_la_code"].tolist(),
        areas["area_name"].tolist(),
        areas["region_code"].tolist(),
        areas["region_name"].tolist(),
        strict=True,
    ):
        codes = [part.strip() for part in str(published_code).split(_JOINT_SEPARATOR)]
        ons_codes = [part.strip() for part in str(published_ons).split(_JOINT_SEPARATOR)]
        names = [part.strip() for part in str(published_name).split(_JOINT_SEPARATOR)]
        if not len(codes) == len(ons_codes) == len(names):
            codes = [str(published_code)]
            ons_codes = [str(published_ons)]
            names = [str(published_name)]
        region_code, region_name = _nine_region(
            None if published_region is None else str(published_region)
        )
        for code, ons_code, la_name in zip(codes, ons_codes, names, strict=True):
            records.append(
                {
                    "old_la_code": code,
                    "new_la_code": ons_code,
                    "la_name": la_name,
                    "region_code": region_code,
                    "region_name": region_name,
                    "published_region_name": None if region is None else str(region),
                    "published_area_code": str(published_code),
                }
            )
    directory = pd.DataFrame.from_records(
        records,
        columns=[
            "old_la_code",
            "new_la_code",
            "la_name",
            "region_code",
            "region_name",
            "published_region_name",
            "published_area_code",
        ],
    )
    return directory.sort_values("old_la_code", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Statistical neighbours
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatisticalNeighbourArea:
    """One local authority as described in the statistical neighbours file.

    Attributes
    ----------
    la_code : str
        3-digit DfE LA code.
    la_name : str
        Name, with the file's " (Pre LG)" suffix removed.
    go_ind : int or None
        The file's ``GOInd`` region number.
    go_reg : str
        The file's ``GOReg`` region as written, e.g. ``"London (Inner)"``.
    region_name : str or None
        ``go_reg`` as one of :func:`region_names` (``"London (Inner)"`` -> ``"London"``), or
        ``None`` if it does not match one.
    pre_lgr : bool
        True for an authority abolished by local government reorganisation, listed in the file's
        "Old SNs" section (Dorset 835, Poole 836, Bournemouth 837, Northamptonshire 928).
    """

    la_code: str
    la_name: str
    go_ind: int | None
    go_reg: str
    region_name: str | None
    pre_lgr: bool = False


@dataclass(frozen=True)
class StatisticalNeighbours:
    """The parsed statistical neighbours file.

    Attributes
    ----------
    neighbours : dict[str, list[tuple[str, str]]]
        LA code to its 10 neighbours, closest first, as ``(neighbour LA code, closeness label)``;
        labels are as published (see :func:`closeness_rank` to order them).
    areas : dict[str, StatisticalNeighbourArea]
        LA code to the LA's name and region as the file gives them.
    """

    neighbours: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    areas: dict[str, StatisticalNeighbourArea] = field(default_factory=dict)


def closeness_rank(label: str) -> int:
    """Rank a closeness label, 0 for "Extremely close" to 4 for "Not close" (any capitalisation).

    Raises
    ------
    ValueError
        If the label is not one of :data:`CLOSENESS_LABELS`.
    """
    lowered = label.strip().lower()
    for rank, known in enumerate(CLOSENESS_LABELS):
        if known.lower() == lowered:
            return rank
    raise ValueError(f"{label!r} is not a closeness label ({', '.join(CLOSENESS_LABELS)})")


def _region_from_go_reg(go_reg: str) -> str | None:
    lowered = go_reg.strip().lower()
    if lowered.startswith("london"):
        return REGIONS[_LONDON_CODE]
    for region in REGIONS.values():
        if region.lower() == lowered:
            return region
    return None


_NEIGHBOUR_COUNT = 10
_PRE_LG_SUFFIX = re.compile(r"\s*\(pre lg\)\s*$", re.IGNORECASE)


def read_statistical_neighbours(source: Source) -> StatisticalNeighbours:
    """Read the DfE statistical neighbour groupings file.

    Parameters
    ----------
    source : str, os.PathLike or IO
        Path to ``New_Statistical_Neighbour_Groupings_April_2021.csv`` or an open file. The file's
        byte-order mark, repeated ``SNP`` headers, trailing comma and blank rows are handled.

    Returns
    -------
    StatisticalNeighbours
        Neighbours and area details for every LA, including the pre-reorganisation authorities
        listed after the file's "Old SNs:" line (flagged ``pre_lgr``).

    Raises
    ------
    PublishedDataError
        If a required column is missing (``LA num``, ``LA Name``, ``GOInd``, ``GOReg``, ``SN1`` to
        ``SN10`` each followed by ``SNP``), or listing every bad cell as ``row N, column C:
        reason``: a code that is not 3 digits, a missing neighbour, an unknown closeness label, an
        LA listed twice.
    """
    text, name = _read_text(source)
    records = _records(text)
    try:
        _, header = next(records)
    except StopIteration:
        raise PublishedDataError(f"{name}: the file is empty") from None
    header = [column.strip() for column in header]

    missing: list[str] = []
    fixed: dict[str, int] = {}
    for column in ("LA num", "LA Name", "GOInd", "GOReg"):
        if column in header:
            fixed[column] = header.index(column)
        else:
            missing.append(column)
    pairs: list[tuple[int, int]] = []
    for rank in range(1, _NEIGHBOUR_COUNT + 1):
        column = f"SN{rank}"
        if column not in header:
            missing.append(column)
            continue
        index = header.index(column)
        if index + 1 >= len(header) or header[index + 1] != "SNP":
            missing.append(f"SNP (after {column})")
            continue
        pairs.append((index, index + 1))
    if missing:
        raise PublishedDataError(
            f"{name}: bad header: missing required column(s): " + ", ".join(missing)
        )

    errors: list[str] = []
    result = StatisticalNeighbours()
    pre_lgr = False
    first_row: dict[str, int] = {}
    width = max([*fixed.values(), *(snp for _, snp in pairs)]) + 1
    for number, record in records:
        if _is_blank(record):
            continue
        if any(cell.strip().lower().startswith("old sn") for cell in record):
            pre_lgr = True
            continue
        if len(record) < width:
            errors.append(f"row {number}: expected at least {width} fields, found {len(record)}")
            continue
        row_errors: list[str] = []
        code_text = record[fixed["LA num"]].strip()
        code = ""
        if re.fullmatch(r"\d{1,3}", code_text):
            code = code_text.zfill(3)
        else:
            row_errors.append(f"row {number}, column LA num: {code_text!r} is not a 3-digit code")
        la_name = _PRE_LG_SUFFIX.sub("", record[fixed["LA Name"]].strip())
        if not la_name:
            row_errors.append(f"row {number}, column LA Name: empty cell")
        go_ind_text = record[fixed["GOInd"]].strip()
        go_ind: int | None = None
        if go_ind_text.isdigit():
            go_ind = int(go_ind_text)
        elif go_ind_text:
            row_errors.append(f"row {number}, column GOInd: {go_ind_text!r} is not a number")
        go_reg = record[fixed["GOReg"]].strip()

        neighbours: list[tuple[str, str]] = []
        for rank, (sn_index, snp_index) in enumerate(pairs, start=1):
            neighbour = record[sn_index].strip()
            label = record[snp_index].strip()
            if not re.fullmatch(r"\d{1,3}", neighbour):
                row_errors.append(
                    f"row {number}, column SN{rank}: {neighbour!r} is not a 3-digit code"
                )
                continue
            try:
                closeness_rank(label)
            except ValueError as exc:
                row_errors.append(f"row {number}, column SNP (after SN{rank}): {exc}")
                continue
            neighbours.append((neighbour.zfill(3), label))

        if code and code in first_row:
            row_errors.append(
                f"row {number}, column LA num: {code} is already listed in row {first_row[code]}"
            )
        elif code:
            first_row[code] = number
        if row_errors:
            errors.extend(row_errors)
            continue
        result.neighbours[code] = neighbours
        result.areas[code] = StatisticalNeighbourArea(
            la_code=code,
            la_name=la_name,
            go_ind=go_ind,
            go_reg=go_reg,
            region_name=_region_from_go_reg(go_reg),
            pre_lgr=pre_lgr,
        )

    _raise_if(errors, name, "statistical neighbours file")
    return result


def parse_statistical_neighbours(source: Source) -> dict[str, list[tuple[str, str]]]:
    """Read the statistical neighbours file into LA code -> its 10 neighbours, closest first.

    Parameters
    ----------
    source : str, os.PathLike or IO
        As for :func:`read_statistical_neighbours`, which also gives each LA's name and region.

    Returns
    -------
    dict[str, list[tuple[str, str]]]
        ``{"202": [("213", "Very Close"), ("205", "Close"), ...], ...}``, 3-digit codes.

    Raises
    ------
    PublishedDataError
        As for :func:`read_statistical_neighbours`.
    """
    return read_statistical_neighbours(source).neighbours


# ---------------------------------------------------------------------------------------------
# ONS Census 2021 population by ethnic group
# ---------------------------------------------------------------------------------------------

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
