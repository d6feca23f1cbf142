"""Each installed Thrive app's ``urls.py`` is mounted by ``config/urls.py`` without being named
there, at its AppConfig's ``url_prefix``; pages that moved out of core keep their ``core:``
names and paths."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import resolve, reverse

from thrive.core.areas import area_modules

CONFIG_URLS = Path(__file__).resolve().parents[2] / "config" / "urls.py"


def test_config_urls_names_no_app() -> None:
    tree = ast.parse(CONFIG_URLS.read_text())
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert {m for m in imported if m.startswith("thrive.")} == {"thrive.core.areas"}
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert not any(isinstance(s, str) and s.endswith(".urls") for s in strings)


def test_every_apps_urls_are_mounted_in_their_namespace() -> None:
    for _, urls in area_modules("urls"):
        for pattern in urls.urlpatterns:
            if getattr(pattern, "name", None):
                assert reverse(f"{urls.app_name}:{pattern.name}", kwargs=_kwargs(pattern))


def _kwargs(pattern: object) -> dict[str, object]:
    converters = getattr(pattern.pattern, "converters", {})  # type: ignore[attr-defined]
    return {name: 331 if "Int" in type(c).__name__ else "331" for name, c in converters.items()}


@pytest.mark.parametrize(
    ("name", "path", "view"),
    [
        ("core:home", "/", "thrive.people.views_org.landing"),
        ("core:switch", "/councils/", "thrive.people.views_org.switch_organisation"),
        ("core:org_home", "/o/331/", "thrive.people.views_org.org_home"),
        ("core:organisation", "/o/331/council/", "thrive.people.views_org.organisation_detail"),
        ("core:users", "/o/331/users/", "thrive.accounts.views_users.users"),
        ("core:grant_approvals", "/o/331/users/approvals/", "thrive.accounts.views_grants."),
        ("core:break_glass", "/o/331/break-glass/", "thrive.accounts.views_grants."),
        ("core:audit", "/o/331/audit/", "thrive.core.views.audit"),
    ],
)
def test_pages_that_left_core_keep_their_names_and_paths(name: str, path: str, view: str) -> None:
    kwargs = {"org_code": "331"} if "331" in path else {}
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match._func_path.startswith(view)


def test_the_api_is_mounted_at_its_prefix() -> None:
    assert reverse("api:schema") == "/api/schema/"
