"""`thrive user add|unlock|mfa-reset`, `thrive org mfa` and `thrive org sso`: people who sign in,
their roles, their second factor and their council's single sign-on, as thin wrappers over the
accounts services."""

from __future__ import annotations

import argparse
import sys

from thrive.core.commands import EXIT_OK, Commands, organisation
from thrive.core.errors import ThriveError


def cmd_user_add(args: argparse.Namespace) -> int:
    from thrive.accounts.grants import role_grant
    from thrive.accounts.models import RoleGrantRequest
    from thrive.accounts.services import check_password_strength, user_add, user_set_password
    from thrive.core.roles import needs_second_person
    from thrive.people.models import Team

    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ThriveError("No password was given on standard input.")
    org = organisation(args.org)
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

    org = organisation(args.org)
    if args.require is not None:
        mfa_policy_set(organisation=org, required=args.require == "on")
    state = "required" if mfa_policy(org) else "not required"
    print(f"Two-factor sign-in is {state} in {org.name} (from each person's next sign-in).")
    return EXIT_OK


def cmd_org_sso(args: argparse.Namespace) -> int:
    """For when nobody can sign in to change single sign-on on its page (the council's provider
    is down and local passwords are off). Each change is audited, as from the page."""
    from thrive.accounts.sso import SsoSettings, sso_configure, sso_connection_for

    org = organisation(args.org)
    connection = sso_connection_for(org)
    if connection is None:
        print(f"{org.name} has no single sign-on set up.")
        return EXIT_OK
    domains = [d.domain for d in connection.domains.all()]
    if args.action != "show" and args.version is None:
        raise ThriveError(
            f"--version is required to change {org.name}'s single sign-on: give the version "
            f"'thrive org sso show --org {org.code}' prints (now {connection.version}). Nothing "
            "was changed."
        )
    if args.action != "show":
        wanted = SsoSettings(
            enabled=connection.enabled and args.action != "off",
            issuer=connection.issuer,
            client_id=connection.client_id,
            client_secret_env=connection.client_secret_env,
            allowed_domains=domains,
            local_passwords_allowed=True,
        )
        connection = sso_configure(organisation=org, settings=wanted, version=args.version)
    print(
        f"{org.name}: single sign-on {'on' if connection.enabled else 'off'}; "
        f"issuer {connection.issuer or '-'}; client ID {connection.client_id or '-'}; "
        f"secret in ${connection.client_secret_env or '-'}; "
        f"domains {', '.join(domains) or '-'}; local passwords "
        f"{'allowed' if connection.local_passwords_allowed else 'off'}; version "
        f"{connection.version}."
    )
    return EXIT_OK


def cmd_user_mfa_reset(args: argparse.Namespace) -> int:
    from thrive.accounts.mfa import mfa_reset
    from thrive.accounts.models import User

    user = User.objects.filter(email__iexact=args.email.strip()).first()
    if user is None:
        raise ThriveError(f"No one signs in as {args.email}.")
    mfa_reset(user=user, reason=args.reason or "")
    print(f"Two-factor sign-in reset for {user.email}: they set it up again when next asked.")
    return EXIT_OK


def register(commands: Commands) -> None:
    from thrive.core.roles import Role

    org = commands.add_group("org", help="councils in this deployment")
    p = org.add_parser("mfa", help="show, require or stop requiring two-factor sign-in")
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--require", choices=["on", "off"], help="require it (on) or not (off)")
    p.set_defaults(func=cmd_org_mfa)
    p = org.add_parser(
        "sso", help="show single sign-on, switch local passwords back on, or switch it off"
    )
    p.add_argument("action", choices=["show", "passwords-on", "off"])
    p.add_argument("--org", required=True, help="council code")
    p.add_argument(
        "--version",
        type=int,
        metavar="N",
        help="for passwords-on and off (required): the version 'show' printed; refused, nothing "
        "changed, if it has changed since",
    )
    p.set_defaults(func=cmd_org_sso)

    user = commands.add_group("user", help="people who sign in")
    p = user.add_parser("add", help="add a person, or give an existing one another role")
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
    p = user.add_parser(
        "unlock", help="lift a sign-in lockout for an account and/or an address (audited)"
    )
    p.add_argument("--email", help="the account, as any case or spacing of its email")
    p.add_argument("--address", help="an IP address locked for failures across accounts")
    p.add_argument("--reason", help="why, for the audit trail")
    p.set_defaults(func=cmd_user_unlock)
    p = user.add_parser(
        "mfa-reset", help="remove a person's authenticator and recovery codes (a lost phone)"
    )
    p.add_argument("--email", required=True)
    p.add_argument("--reason", help="why, for the audit trail")
    p.set_defaults(func=cmd_user_mfa_reset)
