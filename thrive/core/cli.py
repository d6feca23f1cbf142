"""``thrive uploads``: uploaded files and the store they live in (``thrive.core.storage``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from thrive.core.commands import EXIT_OK, EXIT_REFUSED, Commands
from thrive.core.errors import ThriveError


def cmd_uploads_move(args: argparse.Namespace) -> int:
    """Copy the files uploaded to a disk before the shared store into it, under the same names,
    so the records that name them find them. Idempotent: a file already in the store is left
    alone (one of another size is reported, never overwritten)."""
    from django.conf import settings
    from django.core.files.storage import default_storage

    from thrive.core.uploads import stored_names, uploads_copy

    if settings.THRIVE_STORAGE == "filesystem":
        raise ThriveError(
            "THRIVE_STORAGE is filesystem, so the files already are where they are kept: set "
            "THRIVE_STORAGE to database or s3 (docs/operators/deployment.md), then run this."
        )
    source = Path(args.source or settings.MEDIA_ROOT)
    if not source.is_dir():
        raise ThriveError(f"{source} is not a folder (give --from, or set THRIVE_MEDIA_ROOT).")
    moved, already, differ = uploads_copy(source)
    print(
        f"{moved} file{'s' * (moved != 1)} from {source} copied into the {settings.THRIVE_STORAGE}"
        f" store; {already} already there."
    )
    for name in differ:
        print(f"Not copied: {name} is in the store with a different size (left as it is).")
    missing = [
        (label, pk, name) for label, pk, name in stored_names() if not default_storage.exists(name)
    ]
    for label, pk, name in missing:
        print(f"Missing from the store: {name} (named by {label} {pk}).")
    if not missing:
        print("Every file a record names is in the store. The files on disk are left as they")
        print("were: remove the folder once you have checked.")
    return EXIT_REFUSED if missing or differ else EXIT_OK


def register(commands: Commands) -> None:
    uploads = commands.add_group("uploads", help="uploaded files and the store they live in")
    p = uploads.add_parser(
        "move",
        help="copy files uploaded to a disk before the shared store into it (safe to repeat)",
    )
    p.add_argument(
        "--from",
        dest="source",
        metavar="DIR",
        help="the folder that held them (default: THRIVE_MEDIA_ROOT)",
    )
    p.set_defaults(func=cmd_uploads_move)
