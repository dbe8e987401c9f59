"""`bemoeizorg log`: the access log for the privacy officer, as a CSV.

bemoeizorg log REGISTER [--from DATUM] [--to DATUM] --out BESTAND.csv
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from bemoeizorg.cli.common import EXIT_OK, Subcommands, UserError, open_register
from bemoeizorg.domain.formats import DateTextError, counted, date_text, parse_date
from bemoeizorg.exports.log_export import export_log
from bemoeizorg.store.access_log import code_line


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parse_date(text)
    except DateTextError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _target(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() != ".csv":
        raise UserError("Geef een bestandsnaam die eindigt op .csv.")
    if path.exists():
        raise UserError(f"Er staat al een bestand '{path.name}'. Kies een andere naam.")
    if not path.parent.is_dir():
        raise UserError("De gekozen map bestaat niet.")
    return path


def cmd_log(args: argparse.Namespace) -> int:
    if args.start and args.end and args.end < args.start:
        raise UserError("De einddatum ligt vóór de begindatum.")
    target = _target(args.out)
    register = open_register(args.path)  # a file, or a team register's postgresql:// URL
    try:
        done = export_log(register, target, args.start, args.end)
    finally:
        register.lock()
    period = ""
    if args.start or args.end:
        start = date_text(args.start) if args.start else "het begin"
        end = date_text(args.end) if args.end else "nu"
        period = f" van {start} tot en met {end}"
    rows = counted(done.entries, "regel", "regels")
    print(f"Logboek{period} geschreven naar {target.name}: {rows}.")
    print("Deze export staat zelf ook in het logboek.")
    print(code_line(done.control_code))
    return EXIT_OK


def add_parsers(sub: Subcommands) -> None:
    log = sub.add_parser(
        "log",
        help="het logboek als CSV, voor wie over privacy gaat",
        description=(
            "Schrijf het logboek naar een CSV: wie wat deed bij welk casusnummer en wanneer, "
            "met de toelichting van het programma (welke back-up is teruggezet, wie is "
            "verwijderd); geen namen van cliënten. De export wordt zelf ook vastgelegd."
        ),
    )
    log.add_argument("path", help="het register")
    log.add_argument("--from", dest="start", type=_day, metavar="DATUM", help="begindatum")
    log.add_argument("--to", dest="end", type=_day, metavar="DATUM", help="einddatum")
    log.add_argument("--out", required=True, metavar="BESTAND", help="het CSV-bestand")
    log.set_defaults(func=cmd_log)
