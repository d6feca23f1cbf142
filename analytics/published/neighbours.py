"""The DfE statistical neighbour groupings: the ten local authorities most like each one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analytics.published.common import (
    _LONDON_CODE,
    REGIONS,
    PublishedDataError,
    Source,
    _is_blank,
    _raise_if,
    _read_text,
    _records,
)

CLOSENESS_LABELS: tuple[str, ...] = (
    "Extremely close",
    "Very close",
    "Close",
    "Somewhat close",
    "Not close",
)
"""Statistical-neighbour closeness bands, closest first (the file's capitalisation varies)."""


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
