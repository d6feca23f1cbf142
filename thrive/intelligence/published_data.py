"""The published figures that ship with Thrive: a versioned data package inside the repository.

DfE's workforce indicators and statistical neighbour groupings, and ONS Census 2021 ethnicity,
are published under the Open Government Licence, which allows redistribution with attribution.
``data/published/manifest.toml`` lists each file with its source, publisher, date, licence,
attribution and sha256; nothing here reads anything outside the installed package.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from thrive.core.errors import ThriveError

PACKAGE_DIR = Path(__file__).resolve().parent / "data" / "published"
MANIFEST = PACKAGE_DIR / "manifest.toml"


@dataclass(frozen=True)
class PublishedFile:
    """One file of the package, as its manifest entry describes it."""

    dataset: str
    kind: str
    file: str
    title: str
    publisher: str
    source: str
    published: str
    reference_period: str
    licence: str
    attribution: str
    sha256: str

    @property
    def path(self) -> Path:
        return PACKAGE_DIR / self.file

    @property
    def filename(self) -> str:
        return Path(self.file).name


@dataclass(frozen=True)
class Package:
    version: str
    licence: str
    attribution: str
    files: tuple[PublishedFile, ...]

    def file(self, kind: str) -> PublishedFile:
        for f in self.files:
            if f.kind == kind:
                return f
        raise ThriveError(f"The published data package has no {kind} file.")

    def sources(self) -> list[tuple[str, str]]:
        """(publisher, title) of each dataset, once each, for attribution."""
        seen: dict[str, tuple[str, str]] = {}
        for f in self.files:
            seen.setdefault(f.dataset, (f.publisher, f.title))
        return list(seen.values())


_FIELDS = [
    "dataset",
    "kind",
    "file",
    "title",
    "publisher",
    "source",
    "published",
    "reference_period",
    "licence",
    "attribution",
    "sha256",
]


@cache
def package() -> Package:
    """The manifest of the shipped package (read once per process)."""
    data = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    files = tuple(PublishedFile(**{k: str(entry[k]) for k in _FIELDS}) for entry in data["files"])
    return Package(
        version=str(data["version"]),
        licence=str(data["licence"]),
        attribution=str(data["attribution"]),
        files=files,
    )


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_verified(kind: str) -> tuple[PublishedFile, bytes]:
    """A shipped file's bytes, refused if they are not the bytes the manifest records."""
    entry = package().file(kind)
    try:
        content = entry.path.read_bytes()
    except OSError as exc:
        raise ThriveError(
            f"The published data package is incomplete: {entry.file} is missing."
        ) from exc
    if sha256_of(content) != entry.sha256:
        raise ThriveError(
            f"{entry.file} is not the file as published: its sha256 differs from the manifest."
        )
    return entry, content


def shipped_dir_for_seed() -> Path:
    """A folder holding the indicators file by its published name, for the demo seeder."""
    return package().file("indicators").path.parent
