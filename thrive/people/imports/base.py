"""The shared import machinery: header checks, per-cell parsing, all-or-nothing bulk writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, overload

from django.conf import settings
from django.db import models, transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.history import changed_fields, snapshot
from thrive.core.roles import Cap
from thrive.core.staging import staged
from thrive.people.imports.fields import Column, parse_column
from thrive.people.imports.fingerprint import fingerprint_keep
from thrive.people.imports.merge import MergeResult, merge_staged
from thrive.people.imports.reading import Table
from thrive.people.models import Organisation, RegisterRevision, StaffMember, Team


@dataclass
class Row:
    number: int
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


class Rows(Sequence[Row]):
    """The parsed rows, kept as columns; a :class:`Row` is made only when one is asked for (an
    importer that checks and writes whole columns never makes them)."""

    def __init__(self, numbers: list[int], columns: dict[str, list[Any]]) -> None:
        self.numbers = numbers
        self.columns = columns

    def __len__(self) -> int:
        return len(self.numbers)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return Row(self.numbers[index], {name: col[index] for name, col in self.columns.items()})

    def __iter__(self) -> Iterator[Row]:
        names = list(self.columns)
        values_by_row = zip(*self.columns.values(), strict=True)
        for number, values in zip(self.numbers, values_by_row, strict=True):
            yield Row(number, dict(zip(names, values, strict=True)))


@dataclass
class ImportReport:
    """What an import found and did. ``problems`` non-empty means nothing was written."""

    kind: str
    organisation: Organisation
    source: str = ""
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    # The first THRIVE_IMPORT_MAX_PROBLEMS_LISTED problems; the rest are only counted, so a file
    # wrong in every cell makes a short page.
    problems: list[str] = field(default_factory=list)
    problems_not_listed: int = 0
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, row: int, column: str, reason: str) -> None:
        if len(self.problems) < settings.THRIVE_IMPORT_MAX_PROBLEMS_LISTED:
            self.problems.append(f"row {row}, column {column}: {reason}")
        else:
            self.problems_not_listed += 1

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.problems_not_listed

    def summary(self) -> str:
        whose = self.organisation.name if self.organisation is not None else "every region"
        head = f"{self.kind} import for {whose} ({self.source or 'upload'})"
        if self.problems:
            lines = [
                f"{head}: refused, nothing was written. {self.problem_count} problem(s):",
                *(f"  {p}" for p in self.problems),
            ]
            if self.problems_not_listed:
                lines.append(f"  ... and {self.problems_not_listed} more problem(s) not listed.")
        else:
            verb = "would be" if self.dry_run else "were"
            lines = [
                f"{head}: {self.rows} rows checked. {self.new} new, {self.changed} changed, "
                f"{self.unchanged} unchanged records {verb} written."
                + (" (dry run: nothing was written)" if self.dry_run else "")
            ]
        lines.extend(f"Note: {n}" for n in self.notes)
        return "\n".join(lines)


class Importer:
    """One kind of import. Subclasses name their ``kind`` (and the ``capability`` that may import
    it, and whether it is ``regional``: a region's file needing no council), declare ``columns``
    and implement ``check`` and ``apply``; each is listed once as an ``ImportKind`` in its app's
    ``imports`` module (registry.py)."""

    kind: ClassVar[str]
    columns: ClassVar[Sequence[Column]]
    capability: ClassVar[str] = Cap.REGISTER_IMPORT
    regional: ClassVar[bool] = False
    # Whether writing the same file again, with nothing else written since, changes nothing (a
    # merge of the file into the register does; an import that adds rows each time does not):
    # then ``run_import`` knows a repeated file by its digest without reading it.
    same_file_changes_nothing: ClassVar[bool] = False

    def __init__(
        self,
        organisation: Organisation,
        *,
        user: Any = None,
        source: str = "",
        options: Mapping[str, Any] | None = None,
    ) -> None:
        self.organisation = organisation
        self.user = user
        self.source = source
        # The kind's extra options (``thrive import KIND --option VALUE``), by name.
        self.options: dict[str, Any] = dict(options or {})
        self.today = clock.today()
        # ``progress(done, total, stage)``, when a background job runs the import (jobs app).
        self.progress: Any = None
        # ``after(importer, report)``: run once the rows are written, in the same transaction
        # (the kind's ``after``, set by ``run_import``).
        self.after: Any = None
        self.parsed: dict[str, list[Any]] = {}
        self.numbers: list[int] = []
        self._dates: dict[str, Any] = {}
        # The file's digest (``run_import``), kept with the data version once it is written.
        self.digest = ""

    # --- validation ------------------------------------------------------------------------

    def parse(self, table: Table, report: ImportReport) -> Sequence[Row]:
        known = {c.name: c for c in self.columns}
        seen: set[str] = set()
        for position, name in enumerate(table.headers, start=1):
            label = name or f"number {position}"
            if name == "":
                report.problem(1, label, "the header is blank; every column needs a name")
            elif name not in known:
                report.problem(1, name, "unknown column (expected: " + ", ".join(known) + ")")
            elif name in seen:
                report.problem(1, name, "the column appears twice")
            seen.add(name)
        for column in self.columns:
            if column.required and column.name not in seen:
                report.problem(1, column.name, "this required column is missing")
        if report.problems:
            return []
        # Column-wise: each column parsed at once (pandas for the usual spellings, the cell
        # parser for the rest, so every message is the cell parser's), problems then listed in
        # row order as a person reads the file.
        numbers = table.numbers
        total = len(numbers)
        found: list[tuple[int, int, str, str]] = [
            (index, -1, "(beyond the last header)", "has values but no column name")
            for index in table.extra_rows()
        ]
        parsed: dict[str, list[Any]] = {}
        for order, column in enumerate(self.columns):
            if self.progress is not None:
                self.progress(total * order // len(self.columns), total, "Checking each row")
            if column.name in seen:
                values, errors = parse_column(column, table.column(column.name))
            else:
                values, errors = [None] * total, []
            found.extend((index, order, column.name, reason) for index, reason in errors)
            if column.required:
                failed = {index for index, _ in errors}
                found.extend(
                    (index, order, column.name, "is required")
                    for index, value in enumerate(values)
                    if value is None and index not in failed
                )
            parsed[column.name] = values
        for index, _order, name, reason in sorted(found, key=lambda p: (p[0], p[1])):
            report.problem(numbers[index], name, reason)
        self.parsed = parsed
        self._dates = {}
        self.numbers = numbers
        rows = Rows(numbers, parsed)
        report.rows = len(rows)
        if not rows:
            report.problem(2, "(all)", "the file has a header but no rows of data")
        return rows

    def check(self, rows: Sequence[Row], report: ImportReport) -> None:
        """Rules across cells, rows and the database; add problems to *report*."""

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        """Count new/changed/unchanged, and when *write*, write them in bulk."""
        raise NotImplementedError

    # --- running ---------------------------------------------------------------------------

    def run(self, table: Table, *, dry_run: bool = False) -> ImportReport:
        report = ImportReport(
            kind=self.kind, organisation=self.organisation, source=self.source, dry_run=dry_run
        )
        report.notes.extend(table.notes)
        rows = self.parse(table, report)
        if report.problems:
            return report
        if self.progress is not None:
            self.progress(len(rows), len(rows), "Checking the rows against the register")
        self.check(rows, report)
        if report.problems:
            return report
        if self.progress is not None:
            self.progress(len(rows), len(rows), "Writing to the register")
        if dry_run:
            self.apply(rows, report, write=False)
            return report
        with transaction.atomic():
            self.apply(rows, report, write=True)
            report.written = True
            if self.after is not None:
                self.after(self, report)
            audit_log(
                action=f"import.{self.kind}",
                user=self.user,
                organisation=self.organisation,
                summary=f"{self.source}: {report.new} new, {report.changed} changed, "
                f"{report.unchanged} unchanged",
                # A file that changed nothing leaves every cached figure as it was.
                moves_data=bool(report.new or report.changed),
            )
            if self.digest:
                fingerprint_keep(self, report)
        return report

    # --- helpers for subclasses --------------------------------------------------------------

    def teams_named(
        self, rows: Iterable[Row], report: ImportReport, write: bool, column: str = "team"
    ) -> dict[str, Team]:
        """The council's teams by folded name, with a new team for each name in the file that is
        not one yet (reported; created only when *write*)."""
        org = self.organisation
        teams = {t.name.casefold(): t for t in Team.objects.for_org(org)}
        new_teams = []
        # Each name once (the first spelling of a new name names its team).
        names = self.parsed[column] if isinstance(rows, Rows) else [row[column] for row in rows]
        for name in dict.fromkeys(names):
            key = name.casefold()
            if key not in teams:
                teams[key] = Team(organisation=org, name=name)
                new_teams.append(teams[key])
        if new_teams:
            report.notes.append(
                f"{len(new_teams)} new team(s) {'were' if write else 'would be'} created: "
                + ", ".join(sorted(t.name for t in new_teams))
            )
            if write:
                Team.objects.bulk_create(new_teams)
        return teams

    # --- column-wise checks and the set-based write (the parsed columns, ``self.parsed``) ----

    def dates(self, name: str) -> Any:
        """A parsed date column as numpy days (blank is NaT, which compares false); converted
        once a column (several rules read the same dates)."""
        import numpy as np

        cached = self._dates.get(name)
        if cached is None or len(cached) != len(self.parsed[name]):
            # Days since 1970 from each date's ordinal (numpy's own conversion of date objects
            # is many times slower); blank is NaT.
            nat = np.iinfo(np.int64).min
            days = [nat if d is None else d.toordinal() - 719163 for d in self.parsed[name]]
            cached = self._dates[name] = np.array(days, dtype=np.int64).view("datetime64[D]")
        return cached

    def blank(self, name: str) -> Any:
        """Where a parsed column is blank (``None`` or empty text), as a numpy mask."""
        import numpy as np

        values = self.parsed[name]
        return np.fromiter((v is None or v == "" for v in values), dtype=bool, count=len(values))

    def repeats(self, report: ImportReport, names: Sequence[str], column: str, what: str) -> None:
        """Each row whose values in the columns *names* repeat an earlier row's (a problem in
        *column*, naming that row), found on whole columns."""
        import pandas as pd

        keys = pd.DataFrame({name: self.parsed[name] for name in names})
        repeated = keys.duplicated(keep="first").to_numpy()
        if repeated.any():
            numbers = self.numbers
            first = pd.Series(numbers).groupby([keys[c] for c in keys]).transform("first")
            for index in repeated.nonzero()[0]:
                report.problem(numbers[index], column, f"{what} repeats row {first.iloc[index]}")

    def in_row_order(
        self, report: ImportReport, found: Iterable[tuple[Any, str, Callable[[int], str]]]
    ) -> None:
        """Report the rows flagged by column-wise rules as a person reads the file: row by row,
        and in a row in the order of the rules. *found* holds, per rule, a numpy mask of the
        rows it flags, the column, and the message for a flagged row's index."""
        import numpy as np

        flagged: list[tuple[int, int, str, Callable[[int], str]]] = []
        for order, (mask, column, message) in enumerate(found):
            flagged.extend((int(i), order, column, message) for i in np.flatnonzero(mask))
        for index, _order, column, message in sorted(flagged, key=lambda p: (p[0], p[1])):
            report.problem(self.numbers[index], column, message(index))

    def staff_known(self, *columns: str) -> dict[str, int]:
        """The council's staff named in parsed columns: staff ID -> the person's id."""
        wanted = {v for column in columns for v in self.parsed[column] if v}
        people = StaffMember.objects.for_org(self.organisation)
        if len(wanted) > 1000:  # read the council's people rather than send thousands of IDs
            found = dict(people.values_list("staff_id", "pk"))
            return {staff_id: found[staff_id] for staff_id in wanted if staff_id in found}
        return dict(people.filter(staff_id__in=list(wanted)).values_list("staff_id", "pk"))

    def not_in_register(self, column: str, known: dict[str, int]) -> Any:
        """Rows naming a staff ID the register does not have, for :meth:`in_row_order`."""
        import pandas as pd

        values = self.parsed[column]
        column_values = pd.Series(values, dtype=object)
        unknown = (column_values.notna() & ~column_values.isin(list(known))).to_numpy()
        return (
            unknown,
            column,
            lambda i: f"'{values[i]}' is not in the register (import staff first)",
        )

    def ends_before_starts(self, start: str = "start_date", end: str = "end_date") -> Any:
        """The rule of :meth:`end_not_before_start` on whole columns: a mask, the column and the
        message, for :meth:`in_row_order`."""
        parsed = self.parsed
        return (
            self.dates(end) < self.dates(start),
            end,
            lambda i: f"{parsed[end][i]} is before {start} {parsed[start][i]}",
        )

    def merge(
        self,
        name: str,
        columns: Sequence[tuple[str, str]],
        rows: Iterable[Sequence[Any]],
        *,
        model: type[models.Model],
        kind: str,
        key: Sequence[tuple[str, str]],
        fields: Sequence[Any],
        write: bool,
        report: ImportReport | None = None,
        created_ids: bool = False,
        defaults: Sequence[tuple[str, str]] = (),
        before: Callable[[str], None] | None = None,
    ) -> MergeResult:
        """*rows* staged (:func:`thrive.core.staging.staged`) and merged by :func:`merge_staged`
        for this import's council, file and user; counted in *report* when given (one record a
        row of the file). *before*, when given, is called with the staging table's name before
        the merge (to read the records as they were, set-based)."""
        user = self.user
        with staged(name, columns, rows) as stage:
            if before is not None:
                before(stage)
            merged = merge_staged(
                stage=stage,
                model=model,
                kind=kind,
                organisation_id=self.organisation.pk,
                key=key,
                fields=fields,
                write=write,
                source=f"import: {self.source}"[:200],
                user_id=user.pk if getattr(user, "is_authenticated", False) else None,
                today=self.today,
                created_ids=created_ids,
                defaults=defaults,
            )
        if report is not None:
            report.new += merged.new
            report.changed += merged.changed
            report.unchanged += len(self.numbers) - merged.new - merged.changed
        return merged

    @staticmethod
    def duplicate_keys(
        rows: Iterable[Row], key: Any, report: ImportReport, column: str, what: str
    ) -> None:
        first: dict[Any, int] = {}
        for row in rows:
            k = key(row)
            if k in first:
                report.problem(row.number, column, f"{what} repeats row {first[k]}")
            else:
                first[k] = row.number

    @staticmethod
    def end_not_before_start(
        row: Row, report: ImportReport, start: str = "start_date", end: str = "end_date"
    ) -> None:
        if row[start] and row[end] and row[end] < row[start]:
            report.problem(row.number, end, f"{row[end]} is before {start} {row[start]}")

    def sync(
        self,
        *,
        model: type[models.Model],
        kind: str,
        incoming: dict[Any, dict[str, Any]],
        existing: dict[Any, models.Model],
        fields: list[str],
        report: ImportReport | None,
        write: bool,
    ) -> dict[Any, models.Model]:
        """Create the new, update the changed (keeping a revision of each), leave the rest.

        *incoming* maps a record's key to its field values; *existing* maps keys to saved records.
        Returns every record by key. Set-based: one bulk create, one bulk update, one bulk insert
        of revisions.
        """
        to_create, to_update, revisions = [], [], []
        result: dict[Any, models.Model] = dict(existing)
        for key, values in incoming.items():
            current = existing.get(key)
            if current is None:
                obj = model(organisation=self.organisation, **values)
                to_create.append(obj)
                result[key] = obj
                continue
            before = snapshot(current, fields)
            for name, value in values.items():
                setattr(current, name, value)
            after = snapshot(current, fields)
            diff = changed_fields(before, after)
            if diff:
                current.version += 1  # type: ignore[attr-defined]
                to_update.append(current)
                revisions.append(
                    RegisterRevision(
                        organisation=self.organisation,
                        kind=kind,
                        record_id=current.pk,
                        effective_date=self.today,
                        source=f"import: {self.source}"[:200],
                        user=self.user if getattr(self.user, "is_authenticated", False) else None,
                        changed=diff,
                        before={f: before[f] for f in diff},
                    )
                )
        if report is not None:
            report.new += len(to_create)
            report.changed += len(to_update)
            report.unchanged += len(incoming) - len(to_create) - len(to_update)
        if write:
            model.objects.bulk_create(to_create, batch_size=2000)  # type: ignore[attr-defined]
            if to_update:
                model.objects.bulk_update(  # type: ignore[attr-defined]
                    to_update, [*fields, "version"], batch_size=2000
                )
            RegisterRevision.objects.bulk_create(revisions, batch_size=2000)
        return result
