"""`bemoeizorg new` and `bemoeizorg verify`: a new empty register, and the check of one.

bemoeizorg new REGISTER --user NAAM --role teamleider [--name NAAM]
    [--specialisme volwassenen|jeugd] [--gemeenten Roermond,Weert,...]
bemoeizorg verify REGISTER [--head CODE]
"""

from __future__ import annotations

import argparse
import sys

from bemoeizorg.casework import reference_data
from bemoeizorg.cli.common import (
    EXIT_OK,
    EXIT_VERIFY_FAILED,
    Subcommands,
    UserError,
    open_register,
    read_passphrase,
    register_path,
)
from bemoeizorg.cli.meetings import parse_municipality
from bemoeizorg.domain.formats import counted
from bemoeizorg.domain.municipalities import MUNICIPALITIES
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.store.access_log import verify_and_record
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import Register


def _municipality_codes(text: str | None) -> list[str]:
    """--gemeenten: names or CBS codes, comma separated; none given means all fourteen."""
    if text is None:
        return [m.code for m in MUNICIPALITIES]
    parts = [part for part in text.split(",") if part.strip()]
    if not parts:
        raise UserError("Noem bij --gemeenten ten minste één gemeente.")
    return [parse_municipality(part).code for part in parts]


def cmd_new(args: argparse.Namespace) -> int:
    path = register_path(args.path)
    codes = _municipality_codes(args.gemeenten)  # refused before the passphrase is asked
    passphrase = read_passphrase("Nieuwe wachtwoordzin: ", confirm=True)
    register, code = Register.create(
        path, args.name or path.stem, args.user, Role(args.role), passphrase
    )
    team_problem: RegisterError | None = None
    try:
        # The creator can be dossierhouder at once (an import naming them works).
        reference_data.start_team(register, args.user, Specialism(args.specialisme), codes)
    except RegisterError as exc:
        team_problem = exc  # the register exists: its recovery code must still be shown
    finally:
        register.lock()
    try:
        print(f"Register aangemaakt: {path}")
        print()
        # The code is ASCII, and shown only once: on its own line, flushed at once.
        print(f"Herstelcode (wordt maar één keer getoond): {code}", flush=True)
        print(
            "Bewaar deze code op papier op een veilige plek. Wie alle wachtwoordzinnen én "
            "deze code kwijt is, is het register kwijt.",
            flush=True,
        )
    except OSError:
        # stdout is gone (a closed pipe, a full disk): the register exists, so the code
        # must still reach the user; stderr is the other way out.
        print(f"Herstelcode (wordt maar één keer getoond): {code}", file=sys.stderr)
        raise
    if team_problem is not None:
        raise UserError(
            f"Het register is aangemaakt, maar het team niet: {team_problem} "
            "Voeg uzelf toe bij Instellingen > Team."
        )
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    register = open_register(args.path)  # a file, or a team register's postgresql:// URL
    try:
        code = None
        if args.head is not None:
            with register.session() as session:
                code = register.access_log.check_code(session, args.head)
        report = verify_and_record(register)
    finally:
        register.lock()
    if report.integrity_problems:
        # The log is read only from a sound database: say so, not "NIET in orde: niet
        # gecontroleerd" as if the log had been checked and found wrong.
        errors = counted(len(report.integrity_problems), "fout", "fouten")
        print(
            f"Register beschadigd: {errors} in de database. Het logboek is daarom niet "
            "gecontroleerd; zet de nieuwste goede back-up terug.",
            file=sys.stderr,
        )
    else:
        print(report.chain.summary, file=sys.stdout if report.chain.ok else sys.stderr)
    if report.ok:
        print("De database is in orde.")
    if code is not None:
        print(code.message, file=sys.stdout if code.ok else sys.stderr)
    return EXIT_OK if report.ok and (code is None or code.ok) else EXIT_VERIFY_FAILED


def add_parsers(sub: Subcommands) -> None:
    new = sub.add_parser("new", help="maak een nieuw, leeg register")
    new.add_argument("path", help="bestand van het nieuwe register")
    new.add_argument("--user", required=True, help="uw naam")
    new.add_argument("--role", required=True, choices=[r.value for r in Role])
    new.add_argument(
        "--name", metavar="REGISTERNAAM", help="naam van het register (standaard de bestandsnaam)"
    )
    new.add_argument(
        "--specialisme",
        choices=[s.value for s in Specialism],
        default=Specialism.VOLWASSENEN.value,
        help="uw specialisme als teamlid (standaard volwassenen)",
    )
    new.add_argument(
        "--gemeenten",
        metavar="LIJST",
        help="de gemeenten die het team bedient, met komma's, naam of CBS-code "
        "(standaard alle veertien van Noord- en Midden-Limburg)",
    )
    new.set_defaults(func=cmd_new)

    verify = sub.add_parser("verify", help="controleer de database en het logboek")
    verify.add_argument("path", help="het register (bestand of postgresql://-adres)")
    verify.add_argument(
        "--head",
        metavar="CODE",
        help="een eerder afgedrukte controlecode: bevat het logboek die stand nog?",
    )
    verify.set_defaults(func=cmd_verify)
