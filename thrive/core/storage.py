"""Where uploaded files live: a store every application server shares, never one server's disk.

The default is the database (``THRIVE_STORAGE=database``): django-dbfiles' table ``db_file``,
on SQLite for the demo and on PostgreSQL in production, so a file uploaded through one server
opens through any other and is in the database's backups. ``THRIVE_STORAGE=s3`` puts files in an
S3-compatible bucket through django-storages instead (``docs/operators/deployment.md``).

Files are never served from a public URL: each download is a view that checks permission and
writes the audit trail, then streams ``field.open("rb")``.
"""

from __future__ import annotations

from typing import Any

from dbfiles.models import DBFile
from dbfiles.storage import DBStorage
from django.core.files.base import ContentFile


class DatabaseStorage(DBStorage):  # type: ignore[misc]
    """django-dbfiles' storage, with two corrections: it stores the upload from its first byte
    (the upload checks read the file's start, which leaves it part-read; dbfiles reads on from
    there), and a name with no file is ``FileNotFoundError``, as on a disk, not a model's
    ``DoesNotExist``."""

    def _open(self, name: str, mode: str = "rb") -> ContentFile[bytes]:
        row = DBFile.objects.only("content").filter(name=name).first()
        if row is None:
            raise FileNotFoundError(f"No uploaded file named {name} in the database store")
        return ContentFile(bytes(row.content), name=name)

    def _save(self, name: str, content: Any) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        name = self.get_available_name(name, max_length=255)
        DBFile.objects.create(content=data, name=name)
        return str(name)
