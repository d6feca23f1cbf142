"""The ``thrive`` command: thin argument parsing that calls services.

Each installed Thrive app adds its own commands: its ``cli.py`` has ``register(commands)``,
given a :class:`thrive.core.commands.Commands`, and is found here without being named. This
module keeps only the deployment's own commands (``migrate``, ``serve``, ``manage``).

Exit status: 0 success, 1 input refused (reasons printed), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from thrive.core.commands import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Commands

__all__ = ["EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "build_parser", "main"]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def cmd_migrate(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if args.verbose else 0)
    print("The database is up to date.")
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


def build_parser() -> argparse.ArgumentParser:
    """The whole command: ``migrate``, then each installed app's commands (in
    ``INSTALLED_APPS`` order), then ``serve`` and ``manage``. Needs Django set up."""
    from thrive.core.areas import area_modules

    parser = argparse.ArgumentParser(
        prog="thrive",
        description="Thrive: the workforce system for English councils' children's services.",
        epilog="Exit status: 0 success, 1 input refused (reasons printed), 2 usage error.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands = Commands(sub)

    p = commands.add_command(
        "migrate", cmd_migrate, help="create or upgrade the database named by DATABASE_URL"
    )
    p.add_argument("--verbose", action="store_true")

    for _, module in area_modules("cli"):
        module.register(commands)

    p = commands.add_command("serve", cmd_serve, help="run the web application")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=int, default=8)

    p = commands.add_command("manage", cmd_manage, help="run a Django management command")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


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
