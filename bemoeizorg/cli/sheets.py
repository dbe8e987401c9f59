"""`bemoeizorg template` and `bemoeizorg import`: cases from a spreadsheet.

    bemoeizorg template meldingen.xlsx
    bemoeizorg import REGISTER meldingen.xlsx

A workbook with errors is refused as a whole, before the register is even unlocked: the
errors go to stderr in Dutch (at most 20, then how many more) and nothing changes. After
unlocking, the rows are compared with the register: rows already in it are left out (and
counted), a BSN held by someone else in the register refuses the workbook; importing the
same workbook twice imports nothing the second time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bemoeizorg.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Subcommands,
    UserError,
    read_passphrase,
    register_path,
)
from bemoeizorg.domain.formats import counted
from bemoeizorg.store.errors import from_os_error
from bemoeizorg.store.register import Register, peek

MAX_ERRORS_SHOWN = 20


def cmd_template(args: argparse.Namespace) -> int:
    from bemoeizorg.sheets.reading import write_template

    path = Path(args.path).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise UserError("Geef een bestandsnaam die eindigt op .xlsx, bijvoorbeeld meldingen.xlsx.")
    if path.exists():
        raise UserError(f"Er staat al een bestand '{path.name}'. Kies een andere naam of map.")
    if not path.parent.is_dir():
        raise UserError("De gekozen map bestaat niet.")
    try:
        write_template(path)
    except OSError as exc:
        raise from_os_error(exc) from None
    print(f"Sjabloon opgeslagen: {path}")
    print("Vul één rij per melding in; lees het daarna in met: bemoeizorg import REGISTER BESTAND")
    return EXIT_OK


def print_refusal(errors: Sequence[str]) -> None:
    count = len(errors)
    print(
        f"De werkmap is niet ingelezen: {counted(count, 'fout', 'fouten')}. "
        "Er is niets gewijzigd in het register.",
        file=sys.stderr,
    )
    for line in errors[:MAX_ERRORS_SHOWN]:
        print(f"  {line}", file=sys.stderr)
    if count > MAX_ERRORS_SHOWN:
        print(f"  ... en {count - MAX_ERRORS_SHOWN} meer.", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from bemoeizorg.sheets.reading import (
        ImportRefused,
        check_against_register,
        import_preview,
        read_workbook,
    )

    path = register_path(args.path)
    workbook = Path(args.file).expanduser()
    peek(path)  # a missing register is reported before the workbook is read
    preview = read_workbook(workbook)
    for warning in preview.warnings:
        print(f"Let op: {warning}", file=sys.stderr)
    if not preview.ok:
        # Refused before unlocking: the register is not even opened.
        print_refusal(preview.errors)
        return EXIT_ERROR
    register = Register.unlock_any_user(path, read_passphrase())
    try:
        checked = check_against_register(register, preview)
        if checked.errors:
            print_refusal(checked.errors)
            return EXIT_ERROR
        result = import_preview(register, checked)
    except ImportRefused as exc:
        print_refusal(exc.errors)
        return EXIT_ERROR
    finally:
        register.lock()
    if result.reports == 0:
        print(
            f"Niets ingelezen uit {workbook.name}: alle {_count(result.skipped, 'melding')} "
            f"{'staat' if result.skipped == 1 else 'staan'} al in het register."
        )
        return EXIT_OK
    print(
        f"Ingelezen uit {workbook.name}: {_count(result.reports, 'melding')}, "
        f"{_count(result.persons, 'nieuwe persoon')} en {_count(result.cases, 'nieuwe casus')}."
    )
    if result.skipped:
        print(f"Al in het register en overgeslagen: {_count(result.skipped, 'melding')}.")
    return EXIT_OK


_PLURALS = {
    "melding": "meldingen",
    "nieuwe persoon": "nieuwe personen",
    "nieuwe casus": "nieuwe casussen",
}


def _count(n: int, one: str) -> str:
    return counted(n, one, _PLURALS[one])


def add_parsers(sub: Subcommands) -> None:
    template = sub.add_parser(
        "template", help="schrijf het Excel-sjabloon om meldingen en casussen in te lezen"
    )
    template.add_argument("path", metavar="BESTAND", help="het nieuwe bestand (.xlsx)")
    template.set_defaults(func=cmd_template)

    imp = sub.add_parser("import", help="lees een ingevuld Excel-sjabloon in een register in")
    imp.add_argument("path", help="het register")
    imp.add_argument("file", help="de ingevulde werkmap (.xlsx)")
    imp.set_defaults(func=cmd_import)
