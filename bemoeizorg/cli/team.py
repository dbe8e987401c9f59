"""`bemoeizorg team`: set up and manage a team register on PostgreSQL (issue 17).

    bemoeizorg team init URL --register-name NAAM
    bemoeizorg team add-user URL --user NAAM --role bemoeizorger|teamleider
    bemoeizorg team remove-user URL --user NAAM
    bemoeizorg team import-register BESTAND.bzregister URL

URL is `postgresql://ROL@HOST:POORT/DATABASE`, with libpq's conventions: the password from
PGPASSWORD or ~/.pgpass (never on the command line), TLS through sslmode / sslrootcert.
`init` runs as the team lead's role (CREATEROLE, owner of the database); a new user's
password comes from BEMOEIZORG_NEW_PASSWORD or is asked twice.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from bemoeizorg.cli.common import (
    COMMAND_METAVAR,
    COMMANDS_TITLE,
    EXIT_OK,
    DutchParser,
    Subcommands,
    UserError,
    check_register,
    open_register,
)
from bemoeizorg.domain.formats import counted
from bemoeizorg.domain.people import Role
from bemoeizorg.store import server_setup
from bemoeizorg.store.server import conninfo, display_address

NEW_PASSWORD_ENV = "BEMOEIZORG_NEW_PASSWORD"
MIN_PASSWORD = 12


def _new_password(user: str) -> str:
    value = os.environ.get(NEW_PASSWORD_ENV)
    if value is None:
        if not sys.stdin.isatty():
            raise UserError(
                f"Geen wachtwoord voor de nieuwe gebruiker: zet {NEW_PASSWORD_ENV} of start "
                "de opdracht in een terminal."
            )
        value = getpass.getpass(f"Wachtwoord voor {user}: ")
        if getpass.getpass("Nogmaals ter controle: ") != value:
            raise UserError("De twee wachtwoorden zijn niet gelijk. Er is niets veranderd.")
    if len(value) < MIN_PASSWORD:
        raise UserError(f"Kies een wachtwoord van minstens {MIN_PASSWORD} tekens.")
    return value


def cmd_init(args: argparse.Namespace) -> int:
    lead = server_setup.init_team_register(args.url, args.register_name)
    print(f"Het teamregister op {display_address(args.url)} is ingericht; {lead} is teamleider.")
    return EXIT_OK


def cmd_add_user(args: argparse.Namespace) -> int:
    role = Role(args.role)
    server_setup.add_user(args.url, args.user, role, _new_password(args.user))
    print(f"{args.user} is toegevoegd als {role.label.lower()}.")
    return EXIT_OK


def cmd_remove_user(args: argparse.Namespace) -> int:
    server_setup.remove_user(args.url, args.user)
    print(f"{args.user} kan het teamregister niet meer openen.")
    return EXIT_OK


def cmd_import_register(args: argparse.Namespace) -> int:
    from bemoeizorg.store.register_import import import_register
    from bemoeizorg.store.team_register import open_team_register

    check_register(args.file)  # a missing register file is reported before asking anything
    conninfo(args.url)  # and an address without TLS off this computer
    source = open_register(args.file)
    try:
        target = open_team_register(args.url)
        try:
            done = import_register(source, target)
        finally:
            target.lock()
    finally:
        source.lock()
    if done.already:
        print("Niets ingelezen: dit register is al eerder in het teamregister ingelezen.")
        return EXIT_OK
    print(
        f"Ingelezen in het teamregister: {counted(done.reports, 'melding', 'meldingen')}, "
        f"{counted(done.cases, 'casus', 'casussen')}, "
        f"{counted(done.persons_new, 'nieuwe persoon', 'nieuwe personen')} en "
        f"{counted(done.persons_known, 'persoon', 'personen')} die er al "
        f"{'was' if done.persons_known == 1 else 'waren'}."
    )
    return EXIT_OK


def add_parsers(sub: Subcommands) -> None:
    team = sub.add_parser("team", help="een teamregister op PostgreSQL inrichten en beheren")
    steps = team.add_subparsers(
        dest="team_command",
        title=COMMANDS_TITLE,
        metavar=COMMAND_METAVAR,
        parser_class=DutchParser,
        required=True,
    )
    init = steps.add_parser("init", help="richt een lege database in als teamregister")
    init.add_argument("url", help="postgresql://ROL@HOST:POORT/DATABASE")
    init.add_argument("--register-name", required=True, metavar="NAAM")
    init.set_defaults(func=cmd_init)

    add = steps.add_parser("add-user", help="voeg een gebruiker toe (alleen een teamleider)")
    add.add_argument("url", help="postgresql://ROL@HOST:POORT/DATABASE")
    add.add_argument("--user", required=True, metavar="NAAM")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.set_defaults(func=cmd_add_user)

    remove = steps.add_parser(
        "remove-user", help="zet een gebruiker uit: inloggen kan niet meer (teamleider)"
    )
    remove.add_argument("url", help="postgresql://ROL@HOST:POORT/DATABASE")
    remove.add_argument("--user", required=True, metavar="NAAM")
    remove.set_defaults(func=cmd_remove_user)

    bring = steps.add_parser(
        "import-register",
        help="lees het register van een laptop in het teamregister in (alles of niets)",
    )
    bring.add_argument("file", metavar="BESTAND", help="het register (.bzregister)")
    bring.add_argument("url", help="postgresql://ROL@HOST:POORT/DATABASE (een teamleider)")
    bring.set_defaults(func=cmd_import_register)
