"""The API's pages: ``?limit=`` and ``?offset=``, never more than ``max_limit`` rows at once."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination


class CappedLimitOffsetPagination(LimitOffsetPagination):
    """100 rows a page by default; ``limit`` above 500 gets 500 (the response's ``next`` link
    carries on from there)."""

    default_limit = 100
    max_limit = 500
