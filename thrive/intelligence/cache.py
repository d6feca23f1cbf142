"""What the pages and commands compute from a council's register, kept per process under the
register's version.

Every write to the register (a service's audited ``register.*``, ``import.*``, allocation,
agency conversion, hire or retention event: :data:`REGISTER_ACTIONS`) moves the council's
:class:`~thrive.intelligence.models.RegisterVersion` on in the writer's own transaction
(:func:`thrive.intelligence.services.register_version_bump`), so the new number is seen exactly
when the write is, after commit, by every server process; a rolled-back write moves nothing.
A value is cached under (what, council, version, today, the arguments): reading the version is
one query, and a process never serves figures from an older register.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache

from thrive.core import clock
from thrive.intelligence.models import RegisterVersion

T = TypeVar("T")

REGISTER_ACTIONS = (
    "register.",
    "import.",
    "family.allocated",
    "family.assign",
    "agency.converted",
    "agency.placements_from_register",
    "recruitment.hired",
    "privacy.retention_applied",
    "seed.",
)
"""Audited actions that write to the register (people, spells, posts, absences, allocations)."""

TIMEOUT = 24 * 3600
"""Seconds a value is kept at most (a new day or version makes a new key anyway)."""


def register_versions(organisation_ids: Iterable[int]) -> dict[int, int]:
    """Each council's register version (0 before its first change): one query."""
    ids = list(organisation_ids)
    found = dict(
        RegisterVersion.objects.filter(organisation_id__in=ids).values_list(
            "organisation_id", "version"
        )
    )
    return {i: found.get(i, 0) for i in ids}


def register_version(organisation: Any) -> int:
    return register_versions([organisation.pk])[organisation.pk]


def cache_key(what: str, organisation_id: int, version: int, *parts: Any) -> str:
    """The key of *what* for a council at a register version, today, with *parts*."""
    detail = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    return f"thrive:{what}:{organisation_id}:{version}:{clock.today().isoformat()}:{detail}"


def cached(what: str, organisation: Any, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """*compute()* once per register version (and day) of *organisation* in this process."""
    key = cache_key(what, organisation.pk, register_version(organisation), *parts)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found  # type: ignore[no-any-return]
