"""`thrive seed demo`: build the demo region (what `make demo` shows)."""

from __future__ import annotations

import argparse
from pathlib import Path

from thrive.core.commands import EXIT_OK, Commands, progress


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from django.test.utils import override_settings

    from thrive.demo.seed import seed_demo

    dfe_dir = Path(args.dfe_data) if args.dfe_data else None
    # The invitations and confirmations the demo's bookings and panels send go through the outbox
    # as in life (Council → Messages sent lists them), but to memory rather than the terminal:
    # the demo's people are at thrive.test, and the seed's own output stays readable.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        result = seed_demo(orgs=args.orgs, seed=args.seed, dfe_dir=dfe_dir, progress=progress)
    print(result.summary())
    return EXIT_OK


def register(commands: Commands) -> None:
    seed = commands.add_group("seed", help="demo data")
    p = seed.add_parser("demo", help="build the demo region (what `make demo` shows)")
    p.add_argument("--orgs", type=int, default=3, help="number of councils (default 3)")
    p.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    p.add_argument(
        "--dfe-data",
        metavar="DIR",
        help="folder of published DfE files (default: the published files that ship with Thrive)",
    )
    p.set_defaults(func=cmd_seed_demo)
