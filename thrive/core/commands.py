"""What an app's ``cli.py`` needs to add its commands to ``thrive``: the :class:`Commands` its
``register`` function receives, and the helpers every command shares (the council named by
``--org``, the person named by ``--as``, a progress bar, a table).

``thrive/cli.py`` finds the ``cli`` module of each installed Thrive app and calls its
``register(commands)``; no app imports ``thrive/cli.py``.

Exit status: 0 success, 1 input refused (reasons printed), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from thrive.core.errors import ThriveError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


class Commands:
    """The ``thrive`` command's list of commands, as an app adds to it."""

    def __init__(self, subparsers: Any) -> None:
        self._subparsers = subparsers
        self._groups: dict[str, Any] = {}
        self._group_parsers: dict[str, argparse.ArgumentParser] = {}

    def add_command(
        self, name: str, handler: Handler | None = None, *, help: str, **kwargs: Any
    ) -> argparse.ArgumentParser:
        """A command (``thrive metrics``); its arguments are added to the parser returned.
        *handler* (``handler(args) -> exit status``) can instead be set with ``set_defaults``."""
        parser: argparse.ArgumentParser = self._subparsers.add_parser(name, help=help, **kwargs)
        if handler is not None:
            parser.set_defaults(func=handler)
        return parser

    def add_group(self, name: str, *, help: str, metavar: str = "ACTION") -> Any:
        """A command made of actions (``thrive org add``, ``thrive org list``): add each action
        with ``add_parser`` on what this returns. Apps share a group by its name (people adds
        ``org add``, accounts ``org mfa``); the first to add it gives its help."""
        if name not in self._groups:
            parser = self._subparsers.add_parser(name, help=help)
            self._group_parsers[name] = parser
            self._groups[name] = parser.add_subparsers(
                dest=f"{name}_command", metavar=metavar, required=True
            )
        return self._groups[name]

    def group_parser(self, name: str) -> argparse.ArgumentParser:
        """The parser of group *name* itself, for a group that also runs with no action
        (``thrive retention --org`` beside ``thrive retention set``): add its arguments and
        ``set_defaults(func=...)`` there, and make the action optional
        (``add_group(...).required = False``)."""
        return self._group_parsers[name]


def add_as_option(parser: argparse.ArgumentParser) -> None:
    """``--as EMAIL``: apply that person's permissions (see :func:`acting_user`)."""
    parser.add_argument(
        "--as", dest="as_user", metavar="EMAIL", help="apply this person's permissions"
    )


def organisation(code: str) -> Any:
    """The council whose code is *code* (``--org``), or a refusal naming ``thrive org list``."""
    from thrive.core.areas import organisation_model

    org = organisation_model().objects.filter(code=code).first()
    if org is None:
        raise ThriveError(f"There is no council with code {code}. See 'thrive org list'.")
    return org


def acting_user(args: argparse.Namespace, organisation: Any, capability: str) -> Any:
    """With ``--as EMAIL``, act as that person and apply their permissions; else act as the
    operator of this deployment (who already has the database), returning None."""
    email = getattr(args, "as_user", None)
    if not email:
        return None
    from django.contrib.auth import get_user_model

    from thrive.core.permissions import access_for

    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        raise ThriveError(f"There is no person who signs in as {email}.")
    access = access_for(user, organisation)
    if not access.can(capability):
        raise ThriveError(f"{email} is not allowed to do this in {organisation.name}.")
    return user


def progress(iterable: Any = None, *, total: int | None = None, desc: str = "") -> Any:
    """A progress bar on a terminal; silent when output is not a terminal."""
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, disable=not sys.stderr.isatty(), leave=False)


def print_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    """*rows* as a plain table of *columns*, each as wide as its widest value."""
    widths = {c: max([len(c)] + [len(str(r.get(c, ""))) for r in rows]) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns))


def add_change_options(parser: argparse.ArgumentParser) -> None:
    """The options every move or cancel command shares: ``--org``, the person (``--as``,
    required: the change is theirs, with their permissions, in the audit trail) and
    ``--version`` (required: the record's version the person saw; a change made since is
    refused)."""
    parser.add_argument("--org", required=True, help="council code")
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="EMAIL",
        required=True,
        help="the person making the change (their permissions apply)",
    )
    add_version_option(parser, "the record's")


def add_version_option(parser: argparse.ArgumentParser, whose: str) -> None:
    """``--version N``, required, for a command that changes an existing record: the version
    of *whose* record the person read, so a change someone made since is refused (nothing
    changed) instead of overwritten. Left out, the command stops with a usage error naming
    ``--version`` (exit status 2). A breaking change of 2026-12 (``docs/cli.md``)."""
    parser.add_argument(
        "--version",
        type=int,
        required=True,
        metavar="N",
        help=f"{whose} version as you read it (required): refused, nothing changed, if it has "
        "changed since",
    )


def moment(text: str) -> Any:
    """``YYYY-MM-DD HH:MM`` (or ``...THH:MM``; a date alone is midnight) in Thrive's time zone."""
    from datetime import datetime

    from django.utils import timezone

    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ThriveError(f"'{text}' is not a date and time such as 2026-07-01 09:30.") from exc
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
