"""Hostile import files, made on the fly and small on disk: zip bombs, row and column floods.

Used by the tests and by ``benchmarks/import_bombs.py``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _base_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["staff_id"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_with_sheet(chunks: Iterator[bytes], *, extra_parts: int = 0) -> bytes:
    """A real workbook whose first sheet's XML is *chunks*, deflated as it is written."""
    base = zipfile.ZipFile(io.BytesIO(_base_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in base.infolist():
            if item.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as sheet:
                    for chunk in chunks:
                        sheet.write(chunk)
            else:
                target.writestr(item.filename, base.read(item.filename))
        for n in range(extra_parts):
            target.writestr(f"customXml/item{n}.xml", b"<a/>")
    return out.getvalue()


def _rows(count: int, cells: int = 1, *, dimension: str = "") -> Iterator[bytes]:
    yield HEAD
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>staff_id</t></is></c></row>'
    # Rows and cells without their optional r="..." references repeat exactly, so they compress
    # to almost nothing: the shape of a row bomb.
    row = ("<row>" + "<c><v>1</v></c>" * cells + "</row>").encode()
    full, rest = divmod(count, 1000)
    for _ in range(full):
        yield row * 1000
    yield row * rest
    yield b"</sheetData></worksheet>"


def row_flood_xlsx(rows: int) -> bytes:
    """A workbook of *rows* one-cell rows: tiny on disk (they compress to almost nothing)."""
    return workbook_with_sheet(_rows(rows))


def column_flood_xlsx(columns: int) -> bytes:
    """One data row with *columns* cells."""
    return workbook_with_sheet(_rows(1, columns))


def claimed_width_xlsx(rows: int) -> bytes:
    """Few real cells, but a sheet that claims to be 16,384 columns wide."""
    return workbook_with_sheet(_rows(rows, 1, dimension="A1:XFD1048576"))


def zip_bomb_xlsx(unpacked_mb: int) -> bytes:
    """A workbook whose sheet unpacks to *unpacked_mb* MB of blank space (XML allows it)."""
    chunk = b" " * (1024 * 1024)

    def chunks() -> Iterator[bytes]:
        yield HEAD + b"<sheetData>"
        for _ in range(unpacked_mb):
            yield chunk
        yield b"</sheetData></worksheet>"

    return workbook_with_sheet(chunks())


def many_parts_xlsx(parts: int) -> bytes:
    return workbook_with_sheet(_rows(1), extra_parts=parts)


def column_flood_csv(columns: int) -> bytes:
    """A header of *columns* unknown column names (the 50,000-column CSV)."""
    return (",".join(f"unknown_column_{n}" for n in range(columns)) + "\r\nx\r\n").encode()
