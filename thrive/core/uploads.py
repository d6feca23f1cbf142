"""Uploaded files on a disk brought into the shared store (``thrive uploads move``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from thrive.core.errors import ThriveError


def stored_names() -> Iterator[tuple[str, Any, str]]:
    """Every uploaded file a record names: (model label, record id, the file's name)."""
    from django.apps import apps
    from django.db.models import FileField

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField):
                rows = model._default_manager.exclude(**{field.name: ""}).exclude(
                    **{f"{field.name}__isnull": True}
                )
                for pk, name in rows.values_list("pk", field.name).order_by("pk"):
                    yield model._meta.label, pk, str(name)


def files_under(source: Path) -> list[Path]:
    """The files under *source*, hidden ones (a leading dot anywhere in the path) left out."""
    return sorted(
        p
        for p in source.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts)
    )


def uploads_copy(source: Path) -> tuple[int, int, list[str]]:
    """Copy the files under *source* into the store under the same names: (copied, already
    there, names in the store with another size, left as they are). Safe to repeat."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    moved = already = 0
    differ: list[str] = []
    for path in files_under(source):
        name = path.relative_to(source).as_posix()
        if default_storage.exists(name):
            if default_storage.size(name) == path.stat().st_size:
                already += 1
            else:
                differ.append(name)
            continue
        with path.open("rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:  # pragma: no cover - exists() said the name was free
            raise ThriveError(f"{name} was stored as {saved}; run this again.")
        moved += 1
    return moved, already, differ
