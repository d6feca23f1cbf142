"""Render :class:`ThriveError` as a 400 with its messages."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from thrive.core.errors import ThriveError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ThriveError):
        return Response({"detail": exc.message, "problems": exc.problems}, status=400)
    return drf_exception_handler(exc, context)
