"""`bemoeizorg template` and `bemoeizorg import`: cases from a spreadsheet.

    bemoeizorg template meldingen.xlsx
    bemoeizorg import REGISTER meldingen.xlsx

A workbook with errors is refused as a whole, before the register is even unlocked: the
errors go to stderr in Dutch (at most 20, then how many more) and nothing changes. After
unlocking, the rows are compared with the register: rows already in it are left out (and
counted), a BSN held by someone else in the register refuses the workbook; importing the
same workbook twice imports nothing the second time. On a terminal one line on stderr
says how far reading and importing are (100,000 rows take about a minute).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bemoeizorg.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Subcommands,
    UserError,
    check_register,
    open_register,
)
from bemoeizorg.domain.formats import counted
from bemoeizorg.store.errors import from_os_error

MAX_ERRORS_SHOWN = 20
LINE_SECONDS = 0.2  # the progress line is redrawn at most this often


class ProgressLine:
    """How far reading and importing are: one line on stderr, redrawn in place, when it
    is a terminal (in a log or a pipe it would only be noise). Ctrl-C stops the import
    and nothing is written (it is one transaction)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._live = self._stream.isatty()
        self._step = ""
        self._width = 0
        self._at = 0.0

    def report(self, fraction: float | None = None, text: str = "") -> None:
        if not self._live:
            return
        step = text.split(":")[0]
        now = time.monotonic()
        if step == self._step and now - self._at < LINE_SECONDS:
            return
        self._step, self._at = step, now
        line = text if fraction is None else f"{text} ({round(fraction * 100)}%)"
        self._stream.write("\r" + line.ljust(self._width))
        self._stream.flush()
        self._width = len(line)

    def check(self) -> None:
        """Nothing to ask here: Ctrl-C interrupts the import wherever it is."""

    def done(self) -> None:
        """End the line, so what follows starts on a line of its own."""
        if self._live and self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
        self._width = 0


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

    workbook = Path(args.file).expanduser()
    check_register(args.path)  # a missing register is reported before the workbook is read
    line = ProgressLine()
    try:
        preview = read_workbook(workbook, steps=line)
    finally:
        line.done()
    for warning in preview.warnings:
        print(f"Let op: {warning}", file=sys.stderr)
    if not preview.ok:
        # Refused before unlocking: the register is not even opened.
        print_refusal(preview.errors)
        return EXIT_ERROR
    register = open_register(args.path)  # a file, or a team register's postgresql:// URL
    try:
        checked = check_against_register(register, preview, line)
        line.done()
        if checked.errors:
            print_refusal(checked.errors)
            return EXIT_ERROR
        result = import_preview(register, checked, line)
    except ImportRefused as exc:
        line.done()
        print_refusal(exc.errors)
        return EXIT_ERROR
    finally:
        line.done()
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
