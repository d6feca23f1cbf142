"""The DfE children's social work workforce indicators: the file, one row per area and year, its
wide table, the regions and the directory of local authorities."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analytics.measures import MEASURES
from analytics.published.common import (
    _JOINT_SEPARATOR,
    _LA_CODE_PART_RE,
    _LONDON_CODE,
    _NUMBER_RE,
    _NUMBER_WITH_U_RE,
    _ONS_CODE_RE,
    LONDON_SUBREGIONS,
    REGIONS,
    PublishedDataError,
    Source,
    _is_blank,
    _raise_if,
    _read_text,
    _records,
)

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
