"""`bemoeizorg users`, `user-add`, `user-role` and `user-remove`: who may open the register.

    bemoeizorg users REGISTER
    bemoeizorg user-add REGISTER --user NAAM --role bemoeizorger|teamleider
    bemoeizorg user-role REGISTER --user NAAM --role bemoeizorger|teamleider
    bemoeizorg user-remove REGISTER --user NAAM

The acting user's passphrase comes from BEMOEIZORG_PASSPHRASE or the terminal (it also
says who acts); a new user's from BEMOEIZORG_NEW_PASSPHRASE or asked twice. The rules are
the store's, as in the windows: only a teamleider adds, removes or changes a role, nobody
removes themselves, and the register always keeps a teamleider. Removing a user gives the
register a new key; back-ups made before still open with the passphrases of then.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from bemoeizorg.cli.common import EXIT_OK, Subcommands, UserError, open_register
from bemoeizorg.domain.people import Role
from bemoeizorg.store.register import Register

NEW_PASSPHRASE_ENV = "BEMOEIZORG_NEW_PASSPHRASE"

OLDER_BACKUPS = (
    "Let op: back-ups die eerder zijn gemaakt, krijgen de nieuwe sleutel niet. Ze openen nog "
    "steeds met de wachtwoordzinnen en de herstelcode van toen, ook die van de verwijderde "
    "gebruiker. Maak nu een nieuwe back-up (bemoeizorg backup {path} --to MAP) en verwijder "
    "daarna de oudere. Kende de verwijderde gebruiker de herstelcode? Die opent ook het "
    "register van nu: maak dan een nieuwe herstelcode in het programma (Register > Nieuwe "
    "herstelcode)."
)


def _unlock(args: argparse.Namespace) -> Register:
    return open_register(args.path)  # a file, or a team register's postgresql:// URL


def _new_passphrase(user: str) -> str:
    value = os.environ.get(NEW_PASSPHRASE_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UserError(
            f"Geen wachtwoordzin voor de nieuwe gebruiker: zet {NEW_PASSPHRASE_ENV} of start "
            "de opdracht in een terminal."
        )
    first = getpass.getpass(f"Wachtwoordzin voor {user}: ")
    if getpass.getpass("Nogmaals ter controle: ") != first:
        raise UserError("De twee wachtwoordzinnen zijn niet gelijk. Er is niets veranderd.")
    return first


def cmd_users(args: argparse.Namespace) -> int:
    register = _unlock(args)
    try:
        users = register.users()
    finally:
        register.lock()
    width = max(len(u.name) for u in users) if users else 0
    for user in users:
        print(f"{user.name.ljust(width)}  {user.role.label.lower()}")
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    register = _unlock(args)
    try:
        # Asked only after the unlock: a bemoeizorger is refused before typing a new one.
        register.require_teamleider("gebruikers toevoegen")
        register.add_user(args.user, Role(args.role), _new_passphrase(args.user))
    finally:
        register.lock()
    print(f"{args.user} is toegevoegd als {Role(args.role).label.lower()}.")
    return EXIT_OK


def cmd_user_role(args: argparse.Namespace) -> int:
    register = _unlock(args)
    try:
        register.set_role(args.user, Role(args.role))
    finally:
        register.lock()
    print(f"{args.user} is nu {Role(args.role).label.lower()}.")
    return EXIT_OK


def cmd_user_remove(args: argparse.Namespace) -> int:
    register = _unlock(args)
    try:
        register.remove_user(args.user)
    finally:
        register.lock()
    print(
        f"{args.user} is verwijderd en kan het register niet meer openen: het register heeft "
        "een nieuwe sleutel gekregen."
    )
    print(OLDER_BACKUPS.format(path=args.path))
    return EXIT_OK


def add_parsers(sub: Subcommands) -> None:
    roles = [r.value for r in Role]
    listing = sub.add_parser("users", help="toon de gebruikers van het register en hun rol")
    listing.add_argument("path", help="het register")
    listing.set_defaults(func=cmd_users)

    add = sub.add_parser("user-add", help="voeg een gebruiker toe (alleen een teamleider)")
    add.add_argument("path", help="het register")
    add.add_argument("--user", required=True, metavar="NAAM", help="naam van de nieuwe gebruiker")
    add.add_argument("--role", required=True, choices=roles)
    add.set_defaults(func=cmd_user_add)

    role = sub.add_parser(
        "user-role", help="wijzig de rol van een gebruiker (alleen een teamleider)"
    )
    role.add_argument("path", help="het register")
    role.add_argument("--user", required=True, metavar="NAAM", help="naam van de gebruiker")
    role.add_argument("--role", required=True, choices=roles)
    role.set_defaults(func=cmd_user_role)

    remove = sub.add_parser(
        "user-remove",
        help="verwijder een gebruiker: het register krijgt een nieuwe sleutel (teamleider)",
    )
    remove.add_argument("path", help="het register")
    remove.add_argument("--user", required=True, metavar="NAAM", help="naam van de gebruiker")
    remove.set_defaults(func=cmd_user_remove)
