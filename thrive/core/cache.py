"""What the pages and commands compute from a council's data, kept per process under the
council's data version.

Every audited write to the register, caseloads or supervision (an action starting with one of
:data:`DATA_ACTIONS`: ``register.*``, ``import.*``, allocations, family case statuses,
supervision records and policies, an agency conversion, a hire, the retention schedule) moves
the council's :class:`~thrive.core.models.DataVersion` on in the writer's own transaction
(:func:`data_changed`, called by :func:`thrive.core.audit.audit_log`), so the new number is seen
exactly when the write is, after commit, by every server process; a rolled-back write moves
nothing. A value is cached under (what, council, version, today, the arguments): reading the
version is one query, and a process never serves figures older than the data.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache

from thrive.core import clock
from thrive.core.models import DataVersion

T = TypeVar("T")

DATA_ACTIONS = (
    "register.",
    "import.",
    "family.allocated",
    "family.assign",
    "family.child_changed",
    "family.status_changed",
    "family.adult_added",
    "caseload.policy_added",
    "supervision.booked",
    "supervision.cancelled",
    "supervision.recorded",
    "supervision.addendum",
    "supervision.agreed",
    "supervision.policy_added",
    "supervision.settings_changed",
    "agency.converted",
    "agency.placements_from_register",
    "recruitment.hired",
    "privacy.retention_applied",
)
"""Audited actions that write what the cached pages show: the register (people, spells, posts,
absences, allocations), families' case statuses and caps, and supervision."""

TIMEOUT = 24 * 3600
"""Seconds a value is kept at most (a new day or version makes a new key anyway)."""


def data_changed(events: Iterable[tuple[str, Any]]) -> None:
    """Move on the data version of every council named in *events* ((action, organisation or
    its id) pairs) whose action is one of :data:`DATA_ACTIONS`'s."""
    orgs = {
        getattr(org, "pk", org)
        for action, org in events
        if org is not None and action.startswith(DATA_ACTIONS)
    }
    if orgs:
        data_version_bump(organisation_ids=orgs)


def data_version_bump(*, organisation_ids: Iterable[int]) -> None:
    """Move the data of *organisation_ids* on a version, in the caller's transaction (so the
    new number is seen when the write is): what was cached for them is computed afresh."""
    from django.db.models import F
    from django.utils import timezone

    ids = sorted(set(organisation_ids))
    if not ids:
        return
    # One statement (no savepoint) in the common case; a council's first change adds two.
    moved = DataVersion.objects.filter(organisation_id__in=ids).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if moved < len(ids):
        DataVersion.objects.bulk_create(
            [DataVersion(organisation_id=i, version=0) for i in ids], ignore_conflicts=True
        )
        DataVersion.objects.filter(organisation_id__in=ids, version=0).update(
            version=F("version") + 1, changed_at=timezone.now()
        )


def data_versions(organisation_ids: Iterable[int]) -> dict[int, int]:
    """Each council's data version (0 before its first change): one query."""
    ids = list(organisation_ids)
    found = dict(
        DataVersion.objects.filter(organisation_id__in=ids).values_list(
            "organisation_id", "version"
        )
    )
    return {i: found.get(i, 0) for i in ids}


def data_version(organisation: Any) -> int:
    return data_versions([organisation.pk])[organisation.pk]


def cache_key(what: str, organisation_id: int, version: int, *parts: Any) -> str:
    """The key of *what* for a council at a data version, today, with *parts*."""
    detail = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    return f"thrive:{what}:{organisation_id}:{version}:{clock.today().isoformat()}:{detail}"


_objects: OrderedDict[str, Any] = OrderedDict()
_lock = threading.Lock()
KEPT = 256
"""Pages' values kept as objects in this process (no pickling: a caseloads page's loads hold
thousands of objects, and unpickling them took longer than the page), newest last."""


def forget_all() -> None:
    """Forget everything cached in this process (the tests start each with nothing)."""
    with _lock:
        _objects.clear()
    cache.clear()


def cached(what: str, organisation: Any, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """*compute()* once per data version (and day) of *organisation* in this process. The value
    is shared by the requests that find it: treat it as read-only."""
    key = cache_key(what, organisation.pk, data_version(organisation), *parts)
    with _lock:
        found = _objects.get(key)
        if found is not None:
            _objects.move_to_end(key)
            return found  # type: ignore[no-any-return]
    found = compute()
    with _lock:
        _objects[key] = found
        while len(_objects) > KEPT:
            _objects.popitem(last=False)
    return found
