"""Single sign-on from the server, for when nobody can sign in to change it on its page (the
council's provider is down and local passwords are off): ``thrive manage sso show --org 331``,
``thrive manage sso passwords-on --org 331``, ``thrive manage sso off --org 331``. Each change is
audited, as from the page."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thrive.accounts.sso import SsoSettings, sso_configure, sso_connection_for
from thrive.core.errors import ThriveError
from thrive.people.selectors import organisation_by_code


class Command(BaseCommand):
    help = "Show a council's single sign-on, switch local passwords back on, or switch it off."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["show", "passwords-on", "off"])
        parser.add_argument("--org", required=True, help="the council's DfE LA code")

    def handle(self, *args: Any, **options: Any) -> None:
        org = organisation_by_code(options["org"])
        if org is None:
            raise CommandError(f"No council has the code {options['org']}.")
        connection = sso_connection_for(org)
        if connection is None:
            self.stdout.write(f"{org.name} has no single sign-on set up.")
            return
        domains = [d.domain for d in connection.domains.all()]
        if options["action"] != "show":
            wanted = SsoSettings(
                enabled=connection.enabled and options["action"] != "off",
                issuer=connection.issuer,
                client_id=connection.client_id,
                client_secret_env=connection.client_secret_env,
                allowed_domains=domains,
                local_passwords_allowed=True,
            )
            try:
                connection = sso_configure(
                    organisation=org, settings=wanted, version=connection.version
                )
            except ThriveError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{org.name}: single sign-on {'on' if connection.enabled else 'off'}; "
            f"issuer {connection.issuer or '-'}; client ID {connection.client_id or '-'}; "
            f"secret in ${connection.client_secret_env or '-'}; "
            f"domains {', '.join(domains) or '-'}; local passwords "
            f"{'allowed' if connection.local_passwords_allowed else 'off'}."
        )
