"""Parsers for import cells: each returns the value or raises :class:`CellError` with a reason."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported when a column is parsed, not when Thrive starts
    import numpy as np

from thrive.people.imports.reading import as_date, is_blank


class CellError(ValueError):
    """A cell's value is not acceptable; the message says why."""


Parser = Callable[[Any], Any]

# A parser may carry ``fast``: a function of a column's text cells, stripped (a list of str),
# returning the parsed values and a numpy mask of the cells it settled; the others go through the
# parser one by one, so its messages are the only ones an import gives. Blank cells are settled
# before (``None``), and cells that are not text (numbers and dates in a workbook) go to the parser.
FastParse = Callable[[list[str]], "tuple[list[Any], np.ndarray]"]


def _fast_text(max_length: int) -> FastParse:
    def fast(cells: list[str]) -> tuple[list[Any], np.ndarray]:
        import numpy as np

        lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
        return cells, lengths <= max_length

    return fast


def _fast_lookup(lookup: Mapping[Any, Any]) -> FastParse:
    """Cells whose lower-cased value is a key of *lookup*."""

    def fast(cells: list[str]) -> tuple[list[Any], np.ndarray]:
        import numpy as np

        found = list(map(lookup.get, map(str.lower, cells)))
        return found, np.fromiter((v is not None for v in found), dtype=bool, count=len(found))

    return fast


def _fast_distinct(parse: Parser) -> FastParse:
    """Each distinct cell parsed once by the cell parser (a column of FTEs, rates or yes/no holds
    a handful of values however long it is); the wrong ones are left to it."""

    def fast(cells: list[str]) -> tuple[list[Any], np.ndarray]:
        import numpy as np

        found: dict[str, Any] = {}
        for cell in set(cells):
            with suppress(CellError):
                found[cell] = parse(cell)
        values = list(map(found.get, cells))
        return values, np.fromiter((v is not None for v in values), dtype=bool, count=len(values))

    return fast


def _fast_iso_date(cells: list[str]) -> tuple[list[Any], np.ndarray]:
    """Dates written YYYY-MM-DD, parsed by pandas at C speed."""
    import pandas as pd

    candidates = pd.Series(cells, dtype=object)
    iso = (candidates.str.len() == 10).to_numpy()
    when = pd.to_datetime(candidates.where(iso), format="%Y-%m-%d", errors="coerce")
    real = iso & when.notna().to_numpy()
    return when.dt.date.tolist(), real


def parse_column(column: Column, cells: list[Any]) -> tuple[list[Any], list[tuple[int, str]]]:
    """Parse a whole column: its values (``None`` for blank or wrong cells) and the wrong cells
    as (index, reason)."""
    import numpy as np

    fast: FastParse | None = getattr(column.parse, "fast", None)
    count = len(cells)
    if fast is None or count < 64:
        values: list[Any] = [None] * count
        pending = list(range(count))
    else:
        # A CSV's cells are all text: found at C speed, without a flag per cell.
        if set(map(type, cells)) == {str}:
            text = np.ones(count, dtype=bool)
        else:
            text = np.fromiter((type(v) is str for v in cells), dtype=bool, count=count)
        positions = np.flatnonzero(text)
        stripped = list(map(str.strip, cells if text.all() else [cells[i] for i in positions]))
        filled = np.fromiter(map(bool, stripped), dtype=bool, count=len(stripped))
        chosen = positions[filled]
        parsed, settled = fast(
            stripped
            if filled.all()
            else [s for s, f in zip(stripped, filled.tolist(), strict=True) if f]
        )
        if len(parsed) == count and settled.all():
            # Every cell text, filled and settled (the usual required column): the values as
            # parsed, with no object arrays between.
            return list(parsed), []
        column_values = np.full(count, None, dtype=object)
        found = np.empty(len(parsed), dtype=object)
        found[:] = parsed
        column_values[chosen[settled]] = found[settled]
        values = column_values.tolist()
        # Cells neither blank nor settled, and cells that are not text (a workbook's numbers
        # and dates), are the parser's.
        odd = np.flatnonzero(~text)
        odd = odd[[cells[i] is not None for i in odd.tolist()]] if len(odd) else odd
        pending = np.union1d(chosen[~settled], odd).astype(int).tolist()
    errors: list[tuple[int, str]] = []
    for index in pending:
        try:
            values[index] = parse_cell(column, cells[index])
        except CellError as exc:
            errors.append((index, str(exc)))
    return values, errors


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = False
    max_length: int | None = None


def text(max_length: int = 200) -> Parser:
    def parse(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        result = str(value).strip()
        if len(result) > max_length:
            raise CellError(f"is longer than {max_length} characters")
        return result

    parse.fast = _fast_text(max_length)  # type: ignore[attr-defined]
    return parse


def identifier(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if len(result) > 64:
        raise CellError("is longer than 64 characters")
    return result


identifier.fast = _fast_text(64)  # type: ignore[attr-defined]


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: Any) -> date:
    found = as_date(value)
    if found is not None:
        return found
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date cell formatted as a number in a workbook: Excel's serial day count.
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"'{value}' is not a date")
    raw = str(value).strip()
    raw = raw.split("T")[0].split(" ")[0] if re.match(r"^\d{4}-\d", raw) else raw
    for pattern, order in ((_ISO, (0, 1, 2)), (_UK, (2, 1, 0))):
        match = pattern.match(raw)
        if match:
            parts = match.groups()
            try:
                return date(int(parts[order[0]]), int(parts[order[1]]), int(parts[order[2]]))
            except ValueError as exc:
                raise CellError(f"'{raw}' is not a real date") from exc
    raise CellError(f"'{raw}' is not a date: use YYYY-MM-DD or DD/MM/YYYY")


def decimal(
    *,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    exclusive_min: bool = False,
    places: int = 6,
) -> Parser:
    def parse(value: Any) -> Decimal:
        raw = str(value).strip().replace(",", "") if not isinstance(value, int | float) else value
        try:
            result = Decimal(str(raw))
        except InvalidOperation as exc:
            raise CellError(f"'{value}' is not a number") from exc
        if not result.is_finite():
            raise CellError(f"'{value}' is not a number")
        if minimum is not None:
            if exclusive_min and result <= minimum:
                raise CellError(f"must be more than {minimum}")
            if not exclusive_min and result < minimum:
                raise CellError(f"must be at least {minimum}")
        if maximum is not None and result > maximum:
            raise CellError(f"must be no more than {maximum}")
        return result.quantize(Decimal(1).scaleb(-places))

    parse.fast = _fast_distinct(parse)  # type: ignore[attr-defined]
    return parse


_TRUE = {"yes", "y", "true", "1", "t"}
_FALSE = {"no", "n", "false", "0", "f"}


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    raw = str(value).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise CellError(f"'{value}' is not yes or no (use yes/no, y/n, true/false or 1/0)")


def _words(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()


def coded(
    codes: Mapping[Any, str],
    *,
    numeric: bool,
    what: str,
    aliases: Mapping[str, Any] | None = None,
) -> Parser:
    """Accept a census code or its plain-words label (case and punctuation ignored), or one of
    the other wordings in *aliases* (DfE's own, for example)."""
    by_code = {str(code).lower(): code for code in codes}
    by_label = {_words(label): code for code, label in codes.items()}
    by_label.update({_words(alias): code for alias, code in (aliases or {}).items()})

    def parse(value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        raw = str(value).strip()
        key = raw.lower()
        if key in by_code:
            return by_code[key]
        words = _words(raw)
        if words in by_label:
            return by_label[words]
        shown = ", ".join(f"{c} ({codes[c]})" for c in list(codes)[:12])
        raise CellError(f"'{raw}' is not a {what} code; use one of: {shown}")

    parse.fast = _fast_lookup(by_code)  # type: ignore[attr-defined]
    return parse


def choice(values: list[str], what: str) -> Parser:
    lookup = {v.lower(): v for v in values}
    lookup.update({_words(v): v for v in values})

    def parse(value: Any) -> str:
        raw = str(value).strip()
        found = lookup.get(raw.lower()) or lookup.get(_words(raw).replace(" ", "_"))
        if found is None:
            raise CellError(f"'{raw}' is not a {what}; use one of: {', '.join(values)}")
        return found

    parse.fast = _fast_lookup(lookup)  # type: ignore[attr-defined]
    return parse


boolean.fast = _fast_distinct(boolean)  # type: ignore[attr-defined]
parse_date.fast = _fast_iso_date  # type: ignore[attr-defined]


def parse_cell(column: Column, value: Any) -> Any:
    """Parse one cell; blank gives ``None`` (required-ness is checked by the caller)."""
    if is_blank(value):
        return None
    return column.parse(value)
