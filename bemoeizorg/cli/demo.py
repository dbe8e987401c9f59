"""`bemoeizorg demo`: a demo register with made-up data, to try the program.

bemoeizorg demo REGISTER [--reports AANTAL]
"""

from __future__ import annotations

import argparse

from bemoeizorg.cli.common import EXIT_OK, Subcommands, register_path
from bemoeizorg.demo import DEFAULT_REPORTS
from bemoeizorg.domain.formats import counted

MAX_DEMO_REPORTS = 100_000


def report_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_DEMO_REPORTS:
        raise argparse.ArgumentTypeError(f"geef een aantal van 0 tot en met {MAX_DEMO_REPORTS}")
    return value


def cmd_demo(args: argparse.Namespace) -> int:
    from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo

    path = register_path(args.path)
    print(f"Demoregister maken met {counted(args.reports, 'melding', 'meldingen')} ...", flush=True)
    create_demo(path, reports=args.reports).lock()
    print(f"Demoregister aangemaakt: {path}")
    print(f"Gebruiker: {DEMO_USER}; wachtwoordzin: {DEMO_PASSPHRASE}")
    return EXIT_OK


def add_parsers(sub: Subcommands) -> None:
    demo = sub.add_parser("demo", help="maak een demoregister met verzonnen gegevens")
    demo.add_argument("path", help="bestand van het demoregister")
    demo.add_argument(
        "--reports",
        type=report_count,
        default=DEFAULT_REPORTS,
        metavar="AANTAL",
        help=f"aantal meldingen, verspreid over drie jaar (standaard {DEFAULT_REPORTS})",
    )
    demo.set_defaults(func=cmd_demo)
