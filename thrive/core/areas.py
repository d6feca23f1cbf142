"""Thrive's areas, found rather than listed: core imports no app, so what each app adds to the
shell (its URLs, menu items and commands) is found by looking in the installed apps.

An area is an installed app whose package is under ``thrive``. Adding one means adding its folder
and one line in ``INSTALLED_APPS`` (see docs/adding-an-area.md).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule

PACKAGE = "thrive"


def thrive_apps() -> list[AppConfig]:
    """The installed Thrive apps, in ``INSTALLED_APPS`` order."""
    return [a for a in apps.get_app_configs() if a.name.startswith(f"{PACKAGE}.")]


def area_modules(name: str) -> list[tuple[AppConfig, ModuleType]]:
    """Each Thrive app's module *name* (``urls``, ``navigation``, ``cli``), where it has one.

    An error inside such a module is raised, not taken for a missing module.
    """
    found = []
    for app in thrive_apps():
        if module_has_submodule(app.module, name):
            found.append((app, import_module(f"{app.name}.{name}")))
    return found


def organisation_model() -> Any:
    """The model of a council (``THRIVE_ORGANISATION_MODEL``, as ``AUTH_USER_MODEL`` names the
    user's), so core can look one up without importing the app that defines it."""
    return apps.get_model(settings.THRIVE_ORGANISATION_MODEL, require_ready=False)
