"""Which kinds of file Thrive imports, and the one entry point every caller uses (`thrive import
KIND`, the register's upload page, the background job, the demo).

Each app owns its kinds, as it owns its commands and menu items: its ``imports`` module (a
package or a file) lists them in ``IMPORT_KINDS``, and :func:`import_kinds` finds them in the
installed apps. A kind is an :class:`Importer` (checked and written all or nothing by the shared
machinery) or a function of its own; either way it is run by :func:`run_import`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.people.imports.base import Importer, ImportReport
from thrive.people.imports.reading import read_table


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
    """One kind of file: its name (``thrive import NAME``), who may import it, and how.

    *importer* is an :class:`Importer` subclass, or *run* a function
    ``run(organisation=, content=, filename=, dry_run=, user=, progress=, options=)`` returning an
    :class:`ImportReport`. *label* offers it on the register's upload page. *after* runs once an
    importer's rows are written, in the same transaction (``after(importer, report)``). A
    *regional* kind needs no council.
    """

    name: str
    importer: type[Importer] | None = None
    run: Callable[..., ImportReport] | None = None
    capability: str = Cap.REGISTER_IMPORT
    regional: bool = False
    label: str = ""
    options: Sequence[ImportOption] = field(default_factory=tuple)
    after: Callable[[Importer, ImportReport], None] | None = None

    def __post_init__(self) -> None:
        if (self.importer is None) == (self.run is None):
            raise ValueError(f"Import kind {self.name!r} needs an importer or a run function.")


def importer_kind(importer: type[Importer], **kwargs: Any) -> ImportKind:
    """The kind an :class:`Importer` subclass declares (its ``kind``, ``capability``,
    ``regional``)."""
    return ImportKind(
        name=importer.kind,
        importer=importer,
        capability=getattr(importer, "capability", Cap.REGISTER_IMPORT),
        regional=getattr(importer, "regional", False),
        **kwargs,
    )


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
    if found.run is not None:
        return found.run(
            organisation=organisation,
            content=content,
            filename=filename,
            dry_run=dry_run,
            user=user,
            progress=progress,
            options=dict(options or {}),
        )
    assert found.importer is not None
    table = read_table(content, filename)
    importer = found.importer(organisation, user=user, source=filename)
    importer.progress = progress
    importer.after = found.after  # in the import's transaction: all or nothing together
    return importer.run(table, dry_run=dry_run)
