"""The command line beside the GUI: `bemoeizorg` alone starts the GUI.

Errors are one Dutch sentence on stderr and a non-zero exit, never a traceback.
Passphrases come from BEMOEIZORG_PASSPHRASE or are asked on the terminal without echo.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from bemoeizorg import APP_NAME, __version__
from bemoeizorg.demo import DEFAULT_REPORTS
from bemoeizorg.domain.meetings import MeetingKind
from bemoeizorg.domain.people import Role
from bemoeizorg.store.errors import RegisterError, from_os_error
from bemoeizorg.store.register import Register, peek

if TYPE_CHECKING:
    from bemoeizorg.domain.municipalities import Municipality

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
    "one of the arguments %s is required": "kies één van %s",
    "not allowed with argument %s": "gaat niet samen met %s",
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
    from bemoeizorg.sheets.reading import ImportRefused, import_preview, read_workbook

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


# --- meeting-pack ----------------------------------------------------------------------------


def _municipality(text: str) -> Municipality:
    """A municipality by name (case and accents ignored; "Bergen" for "Bergen (L.)") or by
    CBS code (GM0957)."""
    from bemoeizorg.domain.intake import fold
    from bemoeizorg.domain.municipalities import BY_CODE, MUNICIPALITIES

    if text.strip().upper() in BY_CODE:
        return BY_CODE[text.strip().upper()]
    wanted = fold(text)
    for place in MUNICIPALITIES:
        short = re.sub(r"\s*\(.*\)$", "", place.name)
        if wanted and wanted in (fold(place.name), fold(short)):
            return place
    names = ", ".join(m.name for m in MUNICIPALITIES)
    raise UserError(f"Onbekende gemeente '{text.strip()}'. Kies uit: {names}.")


def _meeting_day(text: str) -> date:
    """JJJJ-MM-DD (dd-mm-jjjj also goes); a date that does not exist is refused."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = (int(g) for g in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise UserError(f"'{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-12-01.")
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError(f"De datum {text} bestaat niet.") from None


def _refuse_existing(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise UserError(
            f"Er staat al een bestand '{path.name}'. Kies een andere naam, of vervang het met "
            "--force."
        )
    if path.exists() and not path.is_file():
        raise UserError(f"'{path.name}' is geen bestand; kies een andere naam.")


def _pack_target(text: str, force: bool) -> Path:
    """The new PDF; or an existing folder, in which the pack gets its own file name."""
    path = Path(text).expanduser()
    if path.is_dir():
        return path
    if path.suffix.lower() != ".pdf":
        raise UserError("Geef een bestandsnaam die eindigt op .pdf, bijvoorbeeld overleg.pdf.")
    if not path.parent.is_dir():
        raise UserError(f"De map '{path.parent}' bestaat niet.")
    _refuse_existing(path, force)
    return path


def _pack_password(variable: str) -> str:
    """The pack's password, from an environment variable: never an argument, which would
    stay behind in the shell's history."""
    if variable == PASSPHRASE_ENV:
        raise UserError(
            "Geef het pakket een eigen wachtwoord, niet de wachtwoordzin van het register."
        )
    value = os.environ.get(variable, "")
    if not value:
        raise UserError(
            f"De omgevingsvariabele {variable} is niet gezet of leeg; zet daarin het wachtwoord "
            "voor het pakket."
        )
    return value


def _organisations(text: str | None) -> tuple[str, ...]:
    from bemoeizorg.domain.meetings import PARTNER_ORGANISATIONS

    if text is None:
        return PARTNER_ORGANISATIONS
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    if not names:
        raise UserError("Noem bij --organisations ten minste één organisatie, bijv. GGZ,Politie.")
    return names


def _planned_meeting(register: Register, place: Municipality, day: date, kind: str | None) -> int:
    """The meeting of this municipality planned on this day."""
    from bemoeizorg.casework.meetings import list_meetings

    planned = [m for m in list_meetings(register) if m.municipality_code == place.code]
    found = [m for m in planned if m.held_on == day and kind in (None, m.kind.value)]
    if len(found) == 1:
        return found[0].id
    if found:
        kinds = ", ".join(m.kind.value for m in found)
        raise UserError(
            f"Op {day:%d-%m-%Y} zijn er {len(found)} overleggen van {place.name} ({kinds}); "
            "kies er één met --kind."
        )
    if not planned:
        raise UserError(
            f"Er is geen overleg van {place.name} gepland. Plan het in het programma, of maak "
            "met --all-open een pakket met alle open casussen."
        )
    days = ", ".join(f"{d:%d-%m-%Y}" for d in sorted({m.held_on for m in planned}))
    raise UserError(
        f"Er is geen overleg van {place.name} op {day:%d-%m-%Y}. Geplande data: {days}."
    )


def _open_cases(register: Register, place: Municipality) -> int:
    """How many open cases the municipality has: a count, no case read."""
    from sqlalchemy import func, select

    from bemoeizorg.store.schema import Case

    with register.session() as session:
        count = session.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.municipality_code == place.code, Case.closed_on.is_(None))
        )
    return int(count or 0)


def _first_meeting(register: Register, place: Municipality, organisations: tuple[str, ...]) -> int:
    """A first meeting today with every open case of the municipality on its agenda."""
    from bemoeizorg.casework.meetings import MeetingData, plan_first_meeting

    if not _open_cases(register, place):
        raise UserError(f"{place.name} heeft geen open casussen; er is geen pakket gemaakt.")
    data = MeetingData(
        place.code, date.today(), MeetingKind.EERSTE_BESPREKING, participants=organisations
    )
    return plan_first_meeting(register, data)


def cmd_meeting_pack(args: argparse.Namespace) -> int:
    from bemoeizorg.casework.meetings import delete_meeting
    from bemoeizorg.exports.meeting_pack import write_pack
    from bemoeizorg.exports.pack_pages import build_pack

    path = _register_path(args.path)
    place = _municipality(args.municipality)
    day = _meeting_day(args.date) if args.date is not None else None
    if day is not None and args.organisations is not None:
        raise UserError(
            "--organisations hoort bij --all-open; een gepland overleg heeft zijn deelnemers al."
        )
    organisations = _organisations(args.organisations)
    target = _pack_target(args.out, args.force)
    password = _pack_password(args.password_env) if args.password_env else None
    peek(path)  # a missing register or key file is reported before asking anything
    passphrase = _passphrase()
    if password is not None and password == passphrase:
        raise UserError(
            "Geef het pakket een eigen wachtwoord, niet de wachtwoordzin van het register."
        )
    register = Register.unlock_any_user(path, passphrase)
    planned: int | None = None
    try:
        if day is not None:
            meeting_id = _planned_meeting(register, place, day, args.kind)
        else:
            meeting_id = planned = _first_meeting(register, place, organisations)
        pack = build_pack(register, meeting_id)
        out = target / pack.file_name if target.is_dir() else target
        _refuse_existing(out, args.force)
        written = write_pack(register, pack, out, password)
    except BaseException:
        if planned is not None:  # nothing was handed out: the meeting made for it goes again
            try:
                delete_meeting(register, planned)
            except RegisterError:
                pass
        raise
    finally:
        register.lock()
    cases = "1 casus" if written.cases == 1 else f"{written.cases} casussen"
    print(f"Pakket gemaakt: {out} ({cases})")
    if written.protected:
        print("Het pakket is beveiligd met een wachtwoord (AES-256).")
    print(f"Vastgelegd in het verstrekkingenlog. Vernietigen na {pack.destroy_after:%d-%m-%Y}.")
    return EXIT_OK


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

    pack = sub.add_parser(
        "meeting-pack",
        help="maak het pakket (PDF) voor een netwerkoverleg",
        description=(
            "Maak het pakket voor een netwerkoverleg: de agenda en per casus alleen wat het "
            "overleg nodig heeft (geen melder, naam, adres, BSN of geboortedatum). Elke casus "
            "in het pakket komt in het verstrekkingenlog."
        ),
    )
    pack.add_argument("path", metavar="REGISTER", help="het register")
    pack.add_argument(
        "--municipality",
        required=True,
        metavar="GEMEENTE",
        help="de gemeente, met naam (bijv. Roermond) of CBS-code (bijv. GM0957)",
    )
    which = pack.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--date", metavar="JJJJ-MM-DD", help="het geplande overleg van de gemeente op die dag"
    )
    which.add_argument(
        "--all-open",
        action="store_true",
        help="plan vandaag een eerste bespreking met alle open casussen van de gemeente",
    )
    pack.add_argument(
        "--out",
        required=True,
        metavar="BESTAND",
        help="het nieuwe pakket (.pdf); of een map, dan heet het naar de gemeente en datum",
    )
    pack.add_argument(
        "--force", action="store_true", help="vervang een bestaand bestand met dezelfde naam"
    )
    pack.add_argument(
        "--password-env",
        metavar="VARIABELE",
        help=(
            "beveilig het pakket met het wachtwoord uit deze omgevingsvariabele (AES-256); "
            "nooit het wachtwoord zelf op de opdrachtregel"
        ),
    )
    pack.add_argument(
        "--organisations",
        metavar="LIJST",
        help="bij --all-open: de organisaties aan tafel, met komma's (standaard de vaste partners)",
    )
    pack.add_argument(
        "--kind",
        choices=[k.value for k in MeetingKind],
        help="bij --date: welk overleg, als er die dag meer dan één is",
    )
    pack.set_defaults(func=cmd_meeting_pack)

    # Imported here: they import this module's helpers.
    from bemoeizorg.cli import backup as cli_backup
    from bemoeizorg.cli import counts as cli_counts

    cli_counts.add_parsers(sub)
    cli_backup.add_parsers(sub)
    return parser


def run_command(argv: Sequence[str]) -> int:
    """One command, as `bemoeizorg COMMAND ...` runs it (the windows start from __main__)."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_usage(sys.stderr)
        return EXIT_USAGE
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
