"""The command line beside the GUI: `bemoeizorg` alone starts the GUI.

Errors are one Dutch sentence on stderr and a non-zero exit, never a traceback.
Passphrases come from BEMOEIZORG_PASSPHRASE or are asked on the terminal without echo.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from bemoeizorg import APP_NAME, __version__
from bemoeizorg.demo import DEFAULT_REPORTS
from bemoeizorg.domain.people import Role
from bemoeizorg.store.errors import RegisterError, from_os_error
from bemoeizorg.store.register import Register, peek

PASSPHRASE_ENV = "BEMOEIZORG_PASSPHRASE"

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_VERIFY_FAILED = 3
MAX_ERRORS_SHOWN = 20
MAX_DEMO_REPORTS = 100_000


class UserError(Exception):
    """A problem to report in one Dutch sentence."""


_ARGPARSE_DUTCH = {
    "usage: ": "gebruik: ",
    "the following arguments are required: %s": "deze gegevens ontbreken: %s",
    "unrecognized arguments: %s": "onbekende gegevens: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "expected one argument": "hier hoort één waarde bij",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon de versie en stop",
    "positional arguments": "gegevens",
    "options": "opties",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "bij %(argument_name)s: %(message)s",
}
# argparse looks its messages up through its module-level gettext alias.
argparse._ = lambda text: _ARGPARSE_DUTCH.get(text, text)  # type: ignore[attr-defined]


class _DutchParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Fout in de opdracht: {message}\n")


def _passphrase(prompt: str = "Wachtwoordzin: ", *, confirm: bool = False) -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UserError(
            f"Geen wachtwoordzin: zet {PASSPHRASE_ENV} of start de opdracht in een terminal."
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Nogmaals ter controle: ") != first:
        raise UserError("De twee wachtwoordzinnen zijn niet gelijk.")
    return first


def _register_path(text: str) -> Path:
    return Path(text).expanduser()


def cmd_new(args: argparse.Namespace) -> int:
    path = _register_path(args.path)
    passphrase = _passphrase("Nieuwe wachtwoordzin: ", confirm=True)
    register, code = Register.create(
        path, args.name or path.stem, args.user, Role(args.role), passphrase
    )
    register.lock()
    print(f"Register aangemaakt: {path}")
    print()
    print(f"Herstelcode (wordt maar één keer getoond): {code}")
    print(
        "Bewaar deze code op papier op een veilige plek. Wie alle wachtwoordzinnen én deze "
        "code kwijt is, is het register kwijt."
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo

    path = _register_path(args.path)
    print(f"Demoregister maken met {args.reports} meldingen ...", flush=True)
    create_demo(path, reports=args.reports).lock()
    print(f"Demoregister aangemaakt: {path}")
    print(f"Gebruiker: {DEMO_USER}; wachtwoordzin: {DEMO_PASSPHRASE}")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from bemoeizorg.store.spreadsheet_import import write_template

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


def _print_refusal(errors: Sequence[str]) -> None:
    count = len(errors)
    print(
        f"De werkmap is niet ingelezen: {count} {'fout' if count == 1 else 'fouten'}. "
        "Er is niets gewijzigd in het register.",
        file=sys.stderr,
    )
    for line in errors[:MAX_ERRORS_SHOWN]:
        print(f"  {line}", file=sys.stderr)
    if count > MAX_ERRORS_SHOWN:
        print(f"  ... en {count - MAX_ERRORS_SHOWN} meer.", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from bemoeizorg.store.spreadsheet_import import ImportRefused, import_preview, read_workbook

    path = _register_path(args.path)
    workbook = Path(args.file).expanduser()
    peek(path)  # a missing register is reported before the workbook is read
    preview = read_workbook(workbook)
    for warning in preview.warnings:
        print(f"Let op: {warning}", file=sys.stderr)
    if not preview.ok:
        # Refused before unlocking: the register is not even opened.
        _print_refusal(preview.errors)
        return EXIT_ERROR
    register = Register.unlock_any_user(path, _passphrase())
    try:
        result = import_preview(register, preview)
    except ImportRefused as exc:
        _print_refusal(exc.errors)
        return EXIT_ERROR
    finally:
        register.lock()
    print(
        f"Ingelezen uit {workbook.name}: {result.reports} meldingen, {result.persons} personen "
        f"en {result.cases} casussen."
    )
    return EXIT_OK


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_DEMO_REPORTS:
        raise argparse.ArgumentTypeError(f"geef een aantal van 0 tot en met {MAX_DEMO_REPORTS}")
    return value


def cmd_verify(args: argparse.Namespace) -> int:
    path = _register_path(args.path)
    peek(path)  # a missing register or key file is reported before asking anything
    register = Register.unlock_any_user(path, _passphrase())
    try:
        report = register.verify()
        if report.ok:
            register.record_verification()
    finally:
        register.lock()
    if report.integrity_problems:
        print(
            f"Register beschadigd: {len(report.integrity_problems)} fout(en) in de database.",
            file=sys.stderr,
        )
    print(report.chain.summary, file=sys.stdout if report.chain.ok else sys.stderr)
    if report.ok:
        print("De database is in orde.")
        return EXIT_OK
    return EXIT_VERIFY_FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = _DutchParser(
        prog="bemoeizorg",
        description=f"{APP_NAME}: zonder opdracht start het programma met vensters.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help="toon de versie en stop",  # argparse does not translate this one itself
    )
    sub = parser.add_subparsers(dest="command", parser_class=_DutchParser)

    new = sub.add_parser("new", help="maak een nieuw, leeg register")
    new.add_argument("path", help="bestand van het nieuwe register")
    new.add_argument("--user", required=True, help="uw naam")
    new.add_argument("--role", required=True, choices=[r.value for r in Role])
    new.add_argument("--name", help="naam van het register (standaard de bestandsnaam)")
    new.set_defaults(func=cmd_new)

    demo = sub.add_parser("demo", help="maak een demoregister met verzonnen gegevens")
    demo.add_argument("path", help="bestand van het demoregister")
    demo.add_argument(
        "--reports",
        type=_count,
        default=DEFAULT_REPORTS,
        metavar="AANTAL",
        help=f"aantal meldingen, verspreid over drie jaar (standaard {DEFAULT_REPORTS})",
    )
    demo.set_defaults(func=cmd_demo)

    template = sub.add_parser(
        "template", help="schrijf het Excel-sjabloon om meldingen en casussen in te lezen"
    )
    template.add_argument("path", help="het nieuwe bestand (.xlsx)")
    template.set_defaults(func=cmd_template)

    imp = sub.add_parser("import", help="lees een ingevuld Excel-sjabloon in een register in")
    imp.add_argument("path", help="het register")
    imp.add_argument("file", help="de ingevulde werkmap (.xlsx)")
    imp.set_defaults(func=cmd_import)

    verify = sub.add_parser("verify", help="controleer de database en het logboek")
    verify.add_argument("path", help="het register")
    verify.set_defaults(func=cmd_verify)

    # Imported here: they import this module's helpers.
    from bemoeizorg import cli_backup, cli_counts

    cli_counts.add_parsers(sub)
    cli_backup.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from bemoeizorg.ui.app import run_gui

        gui_exit: int = run_gui()
        return gui_exit
    try:
        result: int = args.func(args)
        return result
    except (RegisterError, UserError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: no traceback for a user
        print(f"Er ging iets onverwachts mis ({type(exc).__name__}).", file=sys.stderr)
        return EXIT_ERROR
