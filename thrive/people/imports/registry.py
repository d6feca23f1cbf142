"""Which kinds of file Thrive imports, and the one entry point every caller uses (`thrive import
KIND`, the register's upload page, the background job, the demo).

Each app owns its kinds, as it owns its commands and menu items: its ``imports`` module (a
package or a file) lists them in ``IMPORT_KINDS``, and :func:`import_kinds` finds them in the
installed apps. Each kind is an :class:`ImportKind` over an :class:`Importer` subclass (checked and
written all or nothing; a kind whose columns are not fixed, such as a survey's questions, overrides
``Importer.run``), and every caller runs it through :func:`run_import`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.people.imports.base import Importer, ImportReport
from thrive.people.imports.fingerprint import file_digest, fingerprint_match
from thrive.people.imports.reading import read_table

if TYPE_CHECKING:
    from thrive.people.models import ImportFingerprint


@dataclass(frozen=True)
class ImportOption:
    """An extra option a kind takes on the command line (``--survey NAME``)."""

    name: str
    help: str
    metavar: str = "VALUE"

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class ImportKind:
    """One kind of file, declared the one way: ``ImportKind(SomeImporter, label=...)``.

    The :class:`Importer` subclass says what the kind is (its ``kind`` name for ``thrive import
    NAME``, the ``capability`` that may import it, whether it is ``regional`` and needs no
    council) and how its rows are checked and written. The kind adds how it is offered: *label*
    offers it on the register's upload page, *options* are extra ``--option`` s on the command
    line (given to the importer as ``self.options``), and *after* runs once the rows are written,
    in the same transaction (``after(importer, report)``).
    """

    importer: type[Importer]
    label: str = ""
    options: Sequence[ImportOption] = field(default_factory=tuple)
    after: Callable[[Importer, ImportReport], None] | None = None

    def __post_init__(self) -> None:
        if not (isinstance(self.importer, type) and issubclass(self.importer, Importer)):
            raise TypeError(f"An import kind is an Importer subclass, not {self.importer!r}.")
        if not getattr(self.importer, "kind", ""):
            raise TypeError(f"{self.importer.__name__} names no kind.")

    @property
    def name(self) -> str:
        return self.importer.kind

    @property
    def capability(self) -> str:
        return self.importer.capability

    @property
    def regional(self) -> bool:
        return self.importer.regional


def import_kinds() -> dict[str, ImportKind]:
    """Every installed app's kinds, in ``INSTALLED_APPS`` order. Two apps naming the same kind
    is a mistake in the code, refused at once."""
    from thrive.core.areas import area_modules

    kinds: dict[str, ImportKind] = {}
    for app, module in area_modules("imports"):
        for kind in getattr(module, "IMPORT_KINDS", ()):
            if kind.name in kinds:
                raise ImproperlyConfigured(f"{app.name} adds import kind {kind.name!r} again.")
            kinds[kind.name] = kind
    return kinds


def import_kind(name: str) -> ImportKind:
    kinds = import_kinds()
    if name not in kinds:
        raise ThriveError(f"'{name}' is not an import; use one of: {', '.join(kinds)}.")
    return kinds[name]


def run_import(
    *,
    kind: str,
    organisation: Any,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    user: Any = None,
    progress: Any = None,
    options: Mapping[str, Any] | None = None,
) -> ImportReport:
    """Validate every row of a file and, unless *dry_run* or any row is invalid, write it all."""
    found = import_kind(kind)
    # Made before the file is read, so an importer refuses a wrong option (an unknown survey)
    # before the file's own problems.
    importer = found.importer(organisation, user=user, source=filename, options=dict(options or {}))
    importer.progress = progress
    importer.after = found.after  # in the import's transaction: all or nothing together
    if importer.same_file_changes_nothing and organisation is not None:
        importer.digest = file_digest(kind, content, importer.options)
        if (same := fingerprint_match(importer)) is not None:
            return _same_file(importer, same, dry_run=dry_run)
    return importer.run(read_table(content, filename), dry_run=dry_run)


def _same_file(importer: Importer, same: ImportFingerprint, *, dry_run: bool) -> ImportReport:
    """The report of a file imported already today with nothing written since: every record
    unchanged, as reading and merging it again would find (audited as any import is)."""
    report = ImportReport(
        kind=importer.kind,
        organisation=importer.organisation,
        source=importer.source,
        rows=same.rows,
        unchanged=same.records,
        dry_run=dry_run,
        notes=[
            *same.notes,
            f"This file is the one imported at {timezone.localtime(same.at):%H:%M} today, and "
            "nothing has been written to the register since: every record is as it left them.",
        ],
    )
    if not dry_run:
        audit_log(
            action=f"import.{importer.kind}",
            user=importer.user,
            organisation=importer.organisation,
            summary=f"{importer.source}: 0 new, 0 changed, {same.records} unchanged",
            moves_data=False,
        )
        report.written = True
    return report
