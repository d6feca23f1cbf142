"""Role × capability × scope, generated from ``GRANTS``: what each role may reach is exactly what
the table says, asked of the central ``Access``, of the API and of the CLI's ``--as``.

The web pages' matrix is in ``test_permissions.py``; here every capability is also shown to be
checked somewhere in the code (a capability nothing checks is removed from ``GRANTS``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import make_org, make_team, make_user
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.permissions import access_for
from thrive.core.roles import GRANTS, Cap, Role, Scope

THRIVE = Path(__file__).resolve().parents[2] / "thrive"
CAPS = {name: value for name, value in vars(Cap).items() if name.isupper()}
# Checked by API authentication, which is wired in another change of the same release.
WIRED_ELSEWHERE = {"API"}


def _granted(role: str, capability: str) -> Scope:
    return GRANTS[role].get(capability, Scope.NONE)


def test_every_capability_is_granted_and_checked_somewhere() -> None:
    source = "\n".join(
        p.read_text()
        for p in THRIVE.rglob("*.py")
        if p.name != "roles.py" and "demo" not in p.parts
    )
    granted = {cap for grants in GRANTS.values() for cap in grants}
    for name, value in CAPS.items():
        assert value in granted, f"Cap.{name} is granted to nobody"
        if name in WIRED_ELSEWHERE:
            continue
        assert re.search(rf"\bCap\.{name}\b", source), f"nothing checks Cap.{name}"
    assert granted <= set(CAPS.values())


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_role_capability_scope_matrix(role: str) -> None:
    """A role held in team A of service S reaches: its own records from SELF, team A from TEAM,
    every team of S from SERVICE, the whole council from ORG — and never another council."""
    from thrive.accounts.models import RoleAssignment

    org, other = make_org("331", "Coventry"), make_org("330", "Birmingham")
    team_a = make_team(org, "Team A", service="S")
    team_b = make_team(org, "Team B", service="S")
    team_c = make_team(org, "Team C", service="T")
    user = make_user(org, Role.PRACTITIONER)
    RoleAssignment.objects.filter(user=user).update(role=role, team=team_a, service=team_a.service)
    access = access_for(user, org)
    for capability in CAPS.values():
        scope = _granted(role, capability)
        assert access.scope(capability) == scope, (role, capability)
        assert access.can(capability) == (scope > Scope.NONE)
        reach = {
            "own": access.allows(capability, user_id=user.pk),
            "team": access.allows(capability, team_id=team_a.pk, service_id=team_a.service_id),
            "service": access.allows(capability, team_id=team_b.pk, service_id=team_b.service_id),
            "council": access.allows(capability, team_id=team_c.pk, service_id=team_c.service_id),
            "other council": access.allows(capability, organisation_id=other.pk),
        }
        assert reach == {
            "own": scope >= Scope.SELF,
            "team": scope >= Scope.TEAM,
            "service": scope >= Scope.SERVICE,
            "council": scope >= Scope.ORG,
            "other council": False,
        }, (role, capability)


def _api_endpoints() -> list[tuple[str, str]]:
    """Every API list endpoint that takes only the council's code, with its capability."""
    found = []
    resolver = get_resolver()

    def walk(patterns: Any, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                view = getattr(p.callback, "view_class", None)
                cap = getattr(view, "capability", None)
                if (
                    route.startswith("api/")
                    and cap
                    and re.findall(r"<[^>]+>", route) == ["<str:org_code>"]
                ):
                    found.append((route, cap))

    walk(resolver.url_patterns, "")
    return found


API = _api_endpoints()


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_api_follows_the_grants(client: Client, role: str) -> None:
    assert len(API) >= 8
    org = make_org("331", "Coventry")
    user = make_user(org, role, team=make_team(org))
    _, key = api_token_create(user=user, name="matrix")
    answered = 0
    for route, capability in API:
        url = "/" + route.replace("<str:org_code>", org.code)
        status = client.get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code
        if status == 405:  # an endpoint that only takes a POST (an offer, a request): post nothing
            status = client.post(url, {}, HTTP_AUTHORIZATION=f"Token {key}").status_code
        # The API asks for Cap.API first, then the endpoint's own capability.
        allowed = _granted(role, Cap.API) and _granted(role, capability)
        if not allowed:
            assert status in (401, 403), (role, url, status)
        else:
            # Past the capability: an answer, or a narrower rule inside (403), or a message that
            # the caller has no register record (400), or, for the caller's own record of one kind
            # (".../mine/"), that they have none (404), or that a background job works it out
            # and it is not ready yet (202: what drives leaving).
            own = route.endswith("/mine/")
            assert status in (200, 202, 400, 403) or (own and status == 404), (role, url, status)
            answered += status == 200
    assert answered or not (_granted(role, Cap.API) and any(_granted(role, c) for _, c in API)), (
        role
    )


CLI = [
    (["metrics", "--year", "2025", "--format", "json"], Cap.MEASURES_VIEW),
    (["export", "staff", "--out", "{tmp}/staff.csv"], Cap.REGISTER_EDIT),
    (
        ["census", "export", "--year", "2025", "--out", "{tmp}/c.xml", "--allow-errors"],
        Cap.CENSUS_MANAGE,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_cli_as_follows_the_grants(role: str, tmp_path: Path, capsys: Any) -> None:
    org = make_org("331", "Coventry")
    user = make_user(org, role, team=make_team(org))
    for args, capability in CLI:
        argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
        code = main([*argv, "--org", org.code, "--as", user.email])
        err = capsys.readouterr().err
        if _granted(role, capability):
            assert code == 0, (role, argv, err)
        else:
            assert code == 1 and "is not allowed to do this" in err, (role, argv, err)


def test_no_role_name_decides_access_outside_roles_py() -> None:
    """Only ``core/roles.py`` (the grants) names roles; the account pages and the CLI list them
    to choose from and the demo seeder gives them, but nothing else asks which role someone has."""
    allowed = {"roles.py", "permissions.py"}
    skipped = {"accounts", "demo", "migrations"}
    names = [r for r in Role.values if r != Role.PARTNER]  # "partner" is also a learning word
    # Codes that share a role's spelling but name something else: DfE's agency job types
    # (formats.md's placements and caps files) include "team_manager"; so do a vacancy's kinds.
    same_spelling = {("models.py", "agency", "team_manager")} | {
        # A vacancy's kind of post (VacancyRole), not a person's role.
        ("post_kinds.py", "recruitment", kind)
        for kind in ("practitioner", "team_manager", "service_manager")
    }
    offenders = []
    for path in THRIVE.rglob("*.py"):
        if path.name in allowed or skipped & set(path.parts) or path == THRIVE / "cli.py":
            continue
        text = path.read_text()
        for pattern in [r"\bRole\.[A-Z_]+", r"\.has_role\(", r"\.teams_of\(", r"\.roles\b ?=="]:
            offenders += [f"{path.name}: {m}" for m in re.findall(pattern, text)]
        offenders += [
            f"{path.name}: {n}"
            for n in names
            if f'"{n}"' in text and (path.name, path.parent.name, n) not in same_spelling
        ]
    for path in THRIVE.rglob("*.html"):
        text = path.read_text()
        offenders += [f"{path.name}: {n}" for n in names if n in text]
    assert offenders == []
