"""The ``thrive`` command: thin argument parsing that calls services.

Exit status: 0 success, 1 input refused (reasons printed), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _organisation(code: str) -> Any:
    from thrive.core.errors import ThriveError
    from thrive.people.selectors import organisation_by_code

    org = organisation_by_code(code)
    if org is None:
        raise ThriveError(f"There is no council with code {code}. See 'thrive org list'.")
    return org


# --- commands -------------------------------------------------------------------------------


def cmd_migrate(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if args.verbose else 0)
    print("The database is up to date.")
    return EXIT_OK


def cmd_org_add(args: argparse.Namespace) -> int:
    from thrive.people.services import organisation_add

    org = organisation_add(
        code=args.code,
        name=args.name,
        region=args.region,
        ons_code=args.ons_code or "",
        partnership=args.partnership,
    )
    print(f"Added {org.name} ({org.code}, {org.region}).")
    return EXIT_OK


def cmd_org_list(args: argparse.Namespace) -> int:
    from thrive.people.models import Organisation

    rows = [
        {"code": o.code, "name": o.name, "region": o.region, "ons_code": o.ons_code}
        for o in Organisation.objects.order_by("code")
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        _print_table(rows, ["code", "name", "region"])
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    from thrive.accounts.grants import role_grant
    from thrive.accounts.models import RoleGrantRequest
    from thrive.accounts.services import check_password_strength, user_add, user_set_password
    from thrive.core.errors import ThriveError
    from thrive.core.roles import needs_second_person
    from thrive.people.models import Team

    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ThriveError("No password was given on standard input.")
    org = _organisation(args.org)
    team = None
    if args.team:
        team = Team.objects.for_org(org).filter(name=args.team).first()
        if team is None:
            raise ThriveError(f"There is no team called '{args.team}' in {org.name}.")
    if not needs_second_person(args.role):
        user, assignment = user_add(
            email=args.email,
            organisation=org,
            role=args.role,
            password=password,
            full_name=args.name or "",
            team=team,
        )
        print(f"{user.email} has the role {assignment.get_role_display()} in {org.name}.")
        return EXIT_OK
    # A role opening families waits for a second person's approval (or, while nobody in the
    # council can approve, is granted and logged as unapproved).
    if password:
        check_password_strength(email=args.email, password=password)
    granted = role_grant(
        email=args.email,
        organisation=org,
        role=args.role,
        actor=None,
        full_name=args.name or "",
        team=team,
    )
    if isinstance(granted, RoleGrantRequest):
        print(
            f"The role {granted.get_role_display()} opens families' or supervision records: "
            f"{granted.email} gets it in {org.name} once a principal social worker or senior "
            "leader approves it (Users and roles, Roles waiting for approval)."
            + (" The password was not set; set it after approval." if password else "")
        )
        return EXIT_OK
    user = granted.user
    if password and not user.has_usable_password():
        user_set_password(user=user, password=password)
    print(f"{user.email} has the role {granted.get_role_display()} in {org.name}.")
    return EXIT_OK


def cmd_user_unlock(args: argparse.Namespace) -> int:
    from thrive.accounts.services import sign_in_unlock

    cleared = sign_in_unlock(
        email=args.email or "", ip_address=args.address or "", reason=args.reason or ""
    )
    what = " from ".join(p for p in (args.email, args.address) if p)
    print(f"Sign-in unlocked for {what} ({cleared} record(s) of failures cleared).")
    return EXIT_OK


def cmd_org_mfa(args: argparse.Namespace) -> int:
    from thrive.accounts.mfa import mfa_policy, mfa_policy_set

    org = _organisation(args.org)
    if args.require is not None:
        mfa_policy_set(organisation=org, required=args.require == "on")
    state = "required" if mfa_policy(org) else "not required"
    print(f"Two-factor sign-in is {state} in {org.name} (from each person's next sign-in).")
    return EXIT_OK


def cmd_user_mfa_reset(args: argparse.Namespace) -> int:
    from thrive.accounts.mfa import mfa_reset
    from thrive.accounts.models import User
    from thrive.core.errors import ThriveError

    user = User.objects.filter(email__iexact=args.email.strip()).first()
    if user is None:
        raise ThriveError(f"No one signs in as {args.email}.")
    mfa_reset(user=user, reason=args.reason or "")
    print(f"Two-factor sign-in reset for {user.email}: they set it up again when next asked.")
    return EXIT_OK


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from thrive.demo.seed import seed_demo

    dfe_dir = Path(args.dfe_data) if args.dfe_data else None
    result = seed_demo(orgs=args.orgs, seed=args.seed, dfe_dir=dfe_dir, progress=_progress)
    print(result.summary())
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from waitress import serve

    from config.wsgi import application

    print(f"Thrive is running at http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    serve(application, host=args.host, port=args.port, threads=args.threads, ident="Thrive")
    return EXIT_OK


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thrive manage", *args.rest])
    return EXIT_OK


# --- helpers --------------------------------------------------------------------------------


def _print_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    widths = {c: max([len(c)] + [len(str(r.get(c, ""))) for r in rows]) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns))


def _progress(iterable: Any = None, *, total: int | None = None, desc: str = "") -> Any:
    """A progress bar on a terminal; silent when output is not a terminal."""
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, disable=not sys.stderr.isatty(), leave=False)


# --- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from thrive.core.roles import Role

    parser = argparse.ArgumentParser(
        prog="thrive",
        description="Thrive: the workforce system for English councils' children's services.",
        epilog="Exit status: 0 success, 1 input refused (reasons printed), 2 usage error.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("migrate", help="create or upgrade the database named by DATABASE_URL")
    p.add_argument("--verbose", action="store_true")
    p.set_defaults(func=cmd_migrate)

    org = sub.add_parser("org", help="councils in this deployment")
    org_sub = org.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    p = org_sub.add_parser("add", help="add a council")
    p.add_argument("--code", required=True, help="3-digit DfE LA code, e.g. 331")
    p.add_argument("--name", required=True)
    p.add_argument("--region", required=True, help="English region as DfE writes it")
    p.add_argument("--ons-code", help="ONS code, e.g. E08000026")
    p.add_argument("--partnership", help="name of the regional partnership it belongs to")
    p.set_defaults(func=cmd_org_add)
    p = org_sub.add_parser("list", help="list the councils")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_org_list)
    p = org_sub.add_parser("mfa", help="show, require or stop requiring two-factor sign-in")
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--require", choices=["on", "off"], help="require it (on) or not (off)")
    p.set_defaults(func=cmd_org_mfa)

    user = sub.add_parser("user", help="people who sign in")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = user_sub.add_parser("add", help="add a person, or give an existing one another role")
    p.add_argument("--email", required=True)
    p.add_argument("--org", required=True, help="council code")
    p.add_argument(
        "--role",
        required=True,
        choices=Role.values,
        metavar="ROLE",
        help="one of: " + ", ".join(Role.values),
    )
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--name", help="full name")
    p.add_argument("--team", help="team name, for a team-scoped role")
    p.set_defaults(func=cmd_user_add)
    p = user_sub.add_parser(
        "unlock", help="lift a sign-in lockout for an account and/or an address (audited)"
    )
    p.add_argument("--email", help="the account, as any case or spacing of its email")
    p.add_argument("--address", help="an IP address locked for failures across accounts")
    p.add_argument("--reason", help="why, for the audit trail")
    p.set_defaults(func=cmd_user_unlock)
    p = user_sub.add_parser(
        "mfa-reset", help="remove a person's authenticator and recovery codes (a lost phone)"
    )
    p.add_argument("--email", required=True)
    p.add_argument("--reason", help="why, for the audit trail")
    p.set_defaults(func=cmd_user_mfa_reset)

    seed = sub.add_parser("seed", help="demo data")
    seed_sub = seed.add_subparsers(dest="seed_command", metavar="ACTION", required=True)
    p = seed_sub.add_parser("demo", help="build the demo region (what `make demo` shows)")
    p.add_argument("--orgs", type=int, default=3, help="number of councils (default 3)")
    p.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    p.add_argument(
        "--dfe-data",
        metavar="DIR",
        help="folder of published DfE files (default: the published files that ship with Thrive)",
    )
    p.set_defaults(func=cmd_seed_demo)

    p = sub.add_parser("serve", help="run the web application")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=int, default=8)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("manage", help="run a Django management command")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)

    for register in _module_commands():
        register(sub)
    return parser


def _module_commands() -> list[Callable[[Any], None]]:
    """Each module registers its own commands (a function taking the subparsers object)."""
    from thrive.intelligence.cli import register as intelligence_commands
    from thrive.learning.cli import register as learning_commands
    from thrive.people.cli import register as people_commands
    from thrive.privacy.cli import register as privacy_commands
    from thrive.supervision.cli import register as supervision_commands

    return [
        people_commands,
        intelligence_commands,
        supervision_commands,
        learning_commands,
        privacy_commands,
    ]


def main(argv: Sequence[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    _setup_django()
    parser = build_parser()
    args = parser.parse_args(argv)
    from thrive.core.errors import ThriveError

    try:
        return int(args.func(args))
    except ThriveError as exc:
        print(f"Refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
