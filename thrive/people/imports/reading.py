"""Reading CSV (UTF-8 with or without BOM, else Windows-1252) and XLSX (first sheet) into rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from thrive.core.errors import ThriveError


@dataclass
class Table:
    """A file's header and rows; row numbers as a spreadsheet shows them (header = row 1)."""

    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    notes: list[str] = field(default_factory=list)


def normalise_header(name: Any) -> str:
    return str(name if name is not None else "").strip().lower()


def read_table(content: bytes, filename: str) -> Table:
    """Read *content* as XLSX when it is one (by name or by its zip signature), else as CSV."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04":
        return _read_xlsx(content)
    return _read_csv(content)


def read_path(path: Path) -> Table:
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ThriveError(f"Cannot read {path}: {exc.strerror}.") from exc
    return read_table(content, path.name)


def _read_csv(content: bytes) -> Table:
    notes = []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
        notes.append(
            "The file is not UTF-8, so it was read as Windows-1252 (what Excel writes for "
            "'CSV'). Check that names with accents look right."
        )
    header_line = text.split("\n", 1)[0]
    # Commas unless the header has none (Excel in some locales writes semicolons; some
    # systems export tab-separated text with a .csv name).
    delimiter = next((d for d in (",", ";", "\t") if d in header_line), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        all_rows = list(reader)
    except csv.Error as exc:
        raise ThriveError(f"The file is not a readable CSV file: {exc}.") from exc
    return _table(all_rows, notes)


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


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise _workbook_error(exc) from exc
    rows = []
    try:
        if not workbook.worksheets:
            raise ThriveError("The workbook has no worksheets.")
        sheet = workbook.worksheets[0]
        # Read-only workbooks parse each sheet lazily, so a damaged sheet fails here.
        for values in sheet.iter_rows(values_only=True):
            rows.append([v.date() if isinstance(v, datetime) else v for v in values])
    except ThriveError:
        raise
    except Exception as exc:
        raise _workbook_error(exc) from exc
    finally:
        workbook.close()
    return _table(rows, [])


def _table(all_rows: list[list[Any]], notes: list[str]) -> Table:
    # Trailing empty rows (and Excel's formatted-but-empty rows) are not data.
    while all_rows and all(_blank(v) for v in all_rows[-1]):
        all_rows.pop()
    if not all_rows:
        raise ThriveError("The file is empty: it needs a header row and at least one row of data.")
    header = [normalise_header(h) for h in all_rows[0]]
    while header and header[-1] == "":
        header.pop()
    rows = []
    for index, values in enumerate(all_rows[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        row = {}
        for col, name in enumerate(header):
            row[name] = values[col] if col < len(values) else None
        extra = [v for v in values[len(header) :] if not _blank(v)]
        if extra:
            row["\x00extra"] = extra
        rows.append((index, row))
    return Table(headers=header, rows=rows, notes=notes)


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
