"""What the rota endpoints share: a clock time's schema, the home asked for (``?home=CODE``)
and whether the caller manages it, a write's body read for a managed home, and a worker or
rota of that home."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied

from thrive.api.endpoints import OrgAPIView
from thrive.api.http import AuthedApiRequest
from thrive.core import clock
from thrive.core.errors import ThriveError


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "23:00:00"}
)
class ClockTimeField(serializers.TimeField):
    """A time of day as "HH:MM:SS" (local, no offset). OpenAPI's ``format: time`` is RFC 3339's,
    which wants an offset, so the schema says the pattern instead."""


def home_asked(request: AuthedApiRequest) -> Any:
    from django.http import Http404

    from thrive.agency.rota_selectors import home_for

    code = request.query_params.get("home", "")
    if not code:
        raise ThriveError("home: give the home's code (?home=CODE).")
    home = home_for(request.access, code)
    if home is None:
        raise Http404("No such home")
    return home


def home_managed(request: AuthedApiRequest) -> Any:
    """The home asked for (``?home=CODE``), when the caller manages its rota (else 403)."""
    from thrive.agency.policy import manages_rota

    home = home_asked(request)
    if not manages_rota(request.access, home):
        raise PermissionDenied("Only the home's rota managers change it.")
    return home


def worker_of(home: Any, pk: int) -> Any:
    from thrive.agency.rota_selectors import rota_worker_at

    worker = rota_worker_at(home, pk)
    if worker is None:
        raise NotFound("No such worker at this home.")
    return worker


def workers_now(home: Any, pk: int) -> Any:
    from thrive.agency.rota_selectors import home_setup

    _shifts, workers = home_setup(home, clock.today())
    return next(w for w in workers if w.pk == pk)


def managed_body(
    view: OrgAPIView, serializer_class: type[serializers.BaseSerializer[Any]]
) -> tuple[Any, dict[str, Any]]:
    """A write to a home's rota: the home asked for, when the caller manages it (else 403), and
    the body as *serializer_class* reads it (else 400)."""
    home = home_managed(view.request)  # type: ignore[arg-type]
    return home, view.valid(serializer_class)


def rota_of(home: Any, pk: int) -> Any:
    """The home's rota *pk* (else 404)."""
    from thrive.agency.rota_selectors import rota_of_home

    rota = rota_of_home(home, pk)
    if rota is None:
        raise NotFound("No such rota at this home.")
    return rota
