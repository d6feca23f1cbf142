"""How the API finds its endpoints: each installed Thrive app that has an ``apis.py`` lists its
routes there in ``urlpatterns``; :func:`app_urlpatterns` collects them under ``/api/`` (in the
``api`` URL namespace), so adding an app's endpoints needs no edit here."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, path

from thrive.core.areas import area_modules

ORG_PREFIX = "organisations/<str:org_code>/"
"""Where a council's endpoints live; :class:`~thrive.api.permissions.HasOrgCapability` reads
``org_code`` from it."""


def org_path(route: str, view: Any, name: str) -> URLPattern:
    """An endpoint of one council: ``/api/organisations/<code>/`` followed by *route*."""
    return path(ORG_PREFIX + route, view, name=name)


def org_paths(prefix: str, *routes: tuple[str, Any, str]) -> list[URLPattern]:
    """Several endpoints of one council under *prefix* (``"agency/"``), each given as
    ``(route, view class, URL name)``: an app's ``urlpatterns`` one line an endpoint."""
    return [org_path(prefix + route, view.as_view(), name=name) for route, view, name in routes]


def api_modules() -> list[ModuleType]:
    """The ``apis`` module of every installed ``thrive.*`` app that has one, in the order of
    ``INSTALLED_APPS`` (found as core finds each app's URLs, menu items and commands)."""
    return [module for _, module in area_modules("apis")]


Routes = list[URLPattern | URLResolver]


def collect(sources: Iterable[tuple[str, Routes]]) -> Routes:
    """The routes of each ``(module name, urlpatterns)`` one after another. Two modules may not
    give the same URL name (``reverse`` would find only one of them)."""
    found: Routes = []
    owner: dict[str, str] = {}
    for module, patterns in sources:
        for pattern in patterns:
            name = getattr(pattern, "name", None)
            if name in owner:
                raise ImproperlyConfigured(
                    f"The API URL name {name!r} is given by both {owner[name]} and {module}."
                )
            if name:
                owner[name] = module
            found.append(pattern)
    return found


def app_urlpatterns() -> Routes:
    """Every app's endpoints, for ``thrive/api/urls.py``."""
    return collect((m.__name__, m.urlpatterns) for m in api_modules())
