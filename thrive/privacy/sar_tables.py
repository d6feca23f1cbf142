"""The subject access export's building block: one kind of record as a table (a CSV file in the
ZIP and a section of the PDF)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from thrive.people.exports import cell


@dataclass(frozen=True)
class SarFile:
    name: str
    description: str
    header: list[str]
    rows: list[list[str]]

    @property
    def records(self) -> list[list[tuple[str, str]]]:
        """Each row as (column, value) pairs: how the PDF lays a record out."""
        return [list(zip(self.header, row, strict=True)) for row in self.rows]


def columns(model: type[models.Model], exclude: Sequence[str] = ()) -> list[str]:
    """The model's stored columns (foreign keys as their ``_id``), less *exclude*."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.name not in exclude and f.attname not in exclude
    ]


def table(name: str, description: str, queryset: Iterable[Any], cols: list[str]) -> SarFile:
    """One query (the queryset's), one row per record, each column as the CSV writes it."""
    rows = [[cell(getattr(obj, c)) for c in cols] for obj in queryset]
    return SarFile(name=name, description=description, header=cols, rows=rows)
