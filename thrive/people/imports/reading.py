"""Reading CSV (UTF-8 with or without BOM, else Windows-1252) and XLSX (first sheet) into rows."""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from thrive.core.errors import ThriveError


class Table:
    """A file's header and rows; row numbers as a spreadsheet shows them (header = row 1).

    ``rows`` gives each row as (number, {header: cell}); a file read here also keeps its cells
    as lists, so :meth:`column` hands a whole column over without a dictionary per row.
    """

    def __init__(
        self,
        headers: list[str],
        rows: list[tuple[int, dict[str, Any]]] | None = None,
        notes: list[str] | None = None,
        *,
        numbers: list[int] | None = None,
        cells: list[list[Any]] | None = None,
        extra: dict[int, list[Any]] | None = None,
    ) -> None:
        self.headers = headers
        self.notes = notes if notes is not None else []
        self._rows = rows
        self._numbers = numbers
        self._cells = cells  # each row's cells, exactly as wide as the header
        self._extra = extra or {}  # row index -> the cells beyond the header

    @property
    def numbers(self) -> list[int]:
        if self._numbers is None:
            self._numbers = [number for number, _ in self.rows]
        return self._numbers

    @property
    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        if self._rows is None:
            assert self._cells is not None
            headers = self.headers
            self._rows = [
                (number, dict(zip(headers, values, strict=True)))
                for number, values in zip(self.numbers, self._cells, strict=True)
            ]
            for index in self._extra:
                self._rows[index][1]["\x00extra"] = self._extra[index]
        return self._rows

    def extra_rows(self) -> list[int]:
        """The indexes of the rows with values beyond the last header."""
        if self._cells is not None:
            return sorted(self._extra)
        return [index for index, (_, raw) in enumerate(self.rows) if "\x00extra" in raw]

    def column(self, name: str) -> list[Any]:
        """Every row's cell under the header *name* (the last such header, as in ``rows``)."""
        if self._cells is None:
            return [raw.get(name) for _, raw in self.rows]
        position = len(self.headers) - 1 - self.headers[::-1].index(name)
        # Only the columns asked for, each picked at C speed (no transpose of the whole table).
        return list(map(itemgetter(position), self._cells))


def normalise_header(name: Any) -> str:
    return str(name if name is not None else "").strip().lower()


@dataclass(frozen=True)
class Limits:
    """How much one import file may hold (settings ``THRIVE_IMPORT_*``; docs/register.md)."""

    rows: int
    columns: int
    cell_chars: int
    unzipped_bytes: int
    zip_entries: int

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            rows=settings.THRIVE_IMPORT_MAX_ROWS,
            columns=settings.THRIVE_IMPORT_MAX_COLUMNS,
            cell_chars=settings.THRIVE_IMPORT_MAX_CELL_CHARS,
            unzipped_bytes=settings.THRIVE_IMPORT_MAX_UNZIPPED_BYTES,
            zip_entries=settings.THRIVE_IMPORT_MAX_ZIP_ENTRIES,
        )


ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def read_table(content: bytes, filename: str, limits: Limits | None = None) -> Table:
    """Read *content* as XLSX when it is one (by name or by its zip signature), else as CSV.

    Both are read a row at a time and refused, with the limit named, as soon as the file goes
    past one of *limits* (default: the settings), so no file can hold the server for long.
    """
    limits = limits or Limits.from_settings()
    if filename.lower().endswith((".xlsx", ".xlsm")) or content[:4] in ZIP_SIGNATURES:
        return _read_xlsx(content, limits)
    return _read_csv(content, limits)


def read_path(path: Path) -> bytes:
    """The bytes of a file named on the command line; one that cannot be read is refused with
    the reason in words (not found, permission denied), not a traceback."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ThriveError(f"Cannot read {path}: {exc.strerror}.") from exc


class _Rows:
    """Collects rows while enforcing the row, column and cell limits."""

    def __init__(self, limits: Limits, *, text: bool = False) -> None:
        self.limits = limits
        self.text = text  # every cell a string (CSV)
        self.rows: list[list[Any]] = []

    def add(self, values: Sequence[Any]) -> None:
        limits = self.limits
        number = len(self.rows) + 1
        if number > limits.rows + 1:  # the header is not a row of data
            raise ThriveError(
                f"The file has more than {limits.rows:,} rows (blank rows count too); the limit "
                f"is {limits.rows:,} rows of data in one file. Split it into smaller files."
            )
        if len(values) > limits.columns:
            # Trailing empty cells (Excel's formatting) are not columns.
            filled = len(values)
            while filled and _blank(values[filled - 1]):
                filled -= 1
            if filled > limits.columns:
                raise ThriveError(
                    f"Row {number} has {filled:,} columns; the limit is {limits.columns} "
                    "columns. Remove the columns Thrive does not read."
                )
            values = values[:filled]
        # A CSV row is all text: its longest cell found at C speed, the culprit only if too long.
        texts = values if self.text and type(values) is list else None
        if texts is None or (texts and max(map(len, texts)) > limits.cell_chars):
            for col, value in enumerate(values, start=1):
                if isinstance(value, str) and len(value) > limits.cell_chars:
                    raise ThriveError(
                        f"Row {number}, column {col} holds {len(value):,} characters; the limit "
                        f"is {limits.cell_chars:,} characters in one cell."
                    )
        self.rows.append(list(values) if texts is None else texts)


def _read_csv(content: bytes, limits: Limits) -> Table:
    notes: list[str] = []
    try:
        rows = _csv_rows(content, "utf-8-sig", limits)
    except UnicodeDecodeError:
        rows = _csv_rows(content, "cp1252", limits)
        notes.append(
            "The file is not UTF-8, so it was read as Windows-1252 (what Excel writes for "
            "'CSV'). Check that names with accents look right."
        )
    return _table(rows, notes, text=True)


def _csv_rows(content: bytes, encoding: str, limits: Limits) -> list[list[Any]]:
    """Decode and parse a row at a time (never the whole file as one string)."""
    errors = "replace" if encoding == "cp1252" else "strict"
    text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, errors=errors, newline="")
    # Commas unless the header has none (Excel in some locales writes semicolons; some
    # systems export tab-separated text with a .csv name). The header line is read with a cap.
    header_line = text.readline(limits.columns * (limits.cell_chars + 3))
    delimiter = next((d for d in (",", ";", "\t") if d in header_line), ",")
    text.seek(0)
    collected = _Rows(limits, text=True)
    try:
        # At most one row past the limit is read; the limits are then checked on the whole
        # file at C speed, and a row at a time only to name the row that breaks one.
        rows = list(itertools.islice(csv.reader(text, delimiter=delimiter), limits.rows + 2))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ThriveError(
                f"A cell holds more than {limits.cell_chars:,} characters (the limit in one "
                "cell), or a quotation mark is never closed."
            ) from exc
        raise ThriveError(f"The file is not a readable CSV file: {exc}.") from exc
    if (
        len(rows) <= limits.rows + 1
        and max(map(len, rows), default=0) <= limits.columns
        and max(map(len, itertools.chain.from_iterable(rows)), default=0) <= limits.cell_chars
    ):
        return rows
    for values in rows:
        collected.add(values)
    return collected.rows


NOT_A_WORKBOOK = (
    "The file is not a readable Excel (.xlsx) workbook. Save it from Excel as 'Excel Workbook "
    "(.xlsx)' or as 'CSV UTF-8', and upload it again."
)
XML_ENTITIES = (
    "The workbook contains XML entity or document type declarations, which Excel never writes "
    "and Thrive refuses. Open it in Excel, save it as a new .xlsx, and upload that."
)


def _workbook_error(exc: BaseException) -> ThriveError:
    """The message for a workbook openpyxl could not read (it wraps the XML parser's error)."""
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return ThriveError(XML_ENTITIES)
        cause = cause.__cause__ or cause.__context__
    return ThriveError(NOT_A_WORKBOOK)


def check_zip(content: bytes, limits: Limits) -> None:
    """Refuse a workbook whose zip declares more unpacked bytes or parts than the limits, before
    anything is unpacked (a zip bomb is small on disk and huge unpacked). Python's zip reader never
    produces more than the size a part declares, so the declared sizes bound the work."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ThriveError(NOT_A_WORKBOOK) from exc
    if len(parts) > limits.zip_entries:
        raise ThriveError(
            f"The workbook is made of {len(parts):,} parts; the limit is {limits.zip_entries:,}. "
            "Save it from Excel as a new .xlsx, or as CSV."
        )
    unzipped = sum(part.file_size for part in parts)
    if unzipped > limits.unzipped_bytes:
        raise ThriveError(
            f"The workbook unpacks to {unzipped / 1024 / 1024:,.0f} MB; the limit is "
            f"{limits.unzipped_bytes / 1024 / 1024:,.0f} MB unpacked. Split it into smaller "
            "files, or save it as CSV."
        )


def _read_xlsx(content: bytes, limits: Limits) -> Table:
    from openpyxl import load_workbook

    check_zip(content, limits)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise _workbook_error(exc) from exc
    collected = _Rows(limits)
    try:
        if not workbook.worksheets:
            raise ThriveError("The workbook has no worksheets.")
        sheet = workbook.worksheets[0]
        # A sheet's declared size can be anything; without it rows hold only the cells present,
        # rather than being padded to a claimed 16,384 columns.
        sheet.reset_dimensions()  # type: ignore[union-attr]
        # Read-only workbooks parse each sheet lazily, a row at a time: a damaged sheet fails here.
        for values in sheet.iter_rows(values_only=True):
            collected.add([v.date() if isinstance(v, datetime) else v for v in values])
    except ThriveError:
        raise
    except Exception as exc:
        raise _workbook_error(exc) from exc
    finally:
        workbook.close()
    return _table(collected.rows, [])


def _table(all_rows: list[list[Any]], notes: list[str], *, text: bool = False) -> Table:
    # Trailing empty rows (and Excel's formatted-but-empty rows) are not data.
    while all_rows and all(_blank(v) for v in all_rows[-1]):
        all_rows.pop()
    if not all_rows:
        raise ThriveError("The file is empty: it needs a header row and at least one row of data.")
    header = [normalise_header(h) for h in all_rows[0]]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    data = all_rows[1:]
    # The usual CSV, every row as wide as the header and none blank, settled at C speed.
    if (
        text and set(map(len, data)) <= {width} and all(map(str.strip, map("".join, data)))  # type: ignore[arg-type]
    ):
        return Table(headers=header, notes=notes, numbers=list(range(2, len(data) + 2)), cells=data)
    numbers: list[int] = []
    cells: list[list[Any]] = []
    extras: dict[int, list[Any]] = {}
    for index, values in enumerate(data, start=2):
        if (not "".join(values).strip()) if text else all(_blank(v) for v in values):
            continue
        if len(values) != width:
            extra = [v for v in values[width:] if not _blank(v)]
            if extra:
                extras[len(cells)] = extra
            values = list(values[:width]) + [None] * (width - len(values))
        numbers.append(index)
        cells.append(values)
    return Table(headers=header, notes=notes, numbers=numbers, cells=cells, extra=extras)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def is_blank(value: Any) -> bool:
    return _blank(value)


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None
