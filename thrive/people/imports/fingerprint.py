"""A repeated file known without reading it (issue 22: "a re-import that changes nothing finds
that out by comparing hashes").

An import that merges its file into the register (``Importer.same_file_changes_nothing``) keeps,
once written, the file's digest (SHA-256 of its bytes, the kind and its options) and the council's
data version after the write (:mod:`thrive.core.cache`: every audited write to the register,
caseloads or supervision moves it on). The same bytes again, the same day, at that same version,
would be merged into exactly what the first import left, so :func:`fingerprint_match` answers for
it: every record unchanged, nothing written. Anything written since, another day (a check may
depend on today), a dry run's digest or a different option, and the file is read as usual.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from thrive.core import clock
from thrive.core.cache import data_version
from thrive.people.models import ImportFingerprint

if TYPE_CHECKING:
    from thrive.people.imports.base import Importer, ImportReport


def file_digest(kind: str, content: bytes, options: Mapping[str, Any]) -> str:
    """The digest of *content* imported as *kind* with *options*."""
    digest = hashlib.sha256(content)
    digest.update(b"\0" + kind.encode() + b"\0")
    digest.update(json.dumps(dict(options), sort_keys=True, default=str).encode())
    return digest.hexdigest()


def fingerprint_match(importer: Importer) -> ImportFingerprint | None:
    """The fingerprint of the council's last import of this kind when it was this very file,
    today, with nothing written since; else None."""
    found = ImportFingerprint.objects.filter(
        organisation=importer.organisation, kind=importer.kind, digest=importer.digest
    ).first()
    if found is None or found.made_on != clock.today():
        return None
    if found.data_version != data_version(importer.organisation):
        return None
    return found


def fingerprint_keep(importer: Importer, report: ImportReport) -> None:
    """Keep the written file's digest and the data version it left (in the import's
    transaction, so a rolled-back import keeps nothing)."""
    ImportFingerprint.objects.update_or_create(
        organisation=importer.organisation,
        kind=importer.kind,
        defaults={
            "digest": importer.digest,
            "data_version": data_version(importer.organisation),
            "made_on": clock.today(),
            "rows": report.rows,
            "records": report.new + report.changed + report.unchanged,
            "notes": list(report.notes),
        },
    )
