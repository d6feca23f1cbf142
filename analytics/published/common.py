"""What the three readers share: the sources they accept, the error that lists every problem,
decoding and CSV records, and the English regions and area codes."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
"""A filesystem path (``str`` is always a path, never CSV text) or an open text/binary file."""
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

_NUMBER_RE = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")
_NUMBER_WITH_U_RE = re.compile(r"(?P<number>\d+(?:\.\d*)?|\.\d+)\s*u", re.IGNORECASE)
_LA_CODE_PART_RE = re.compile(r"\d{1,3}")
_ONS_CODE_RE = re.compile(r"[EWSNK]\d{8}")
_JOINT_SEPARATOR = "/"


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
