"""`bemoeizorg new` and `bemoeizorg verify`: a new empty register, and the check of one.

bemoeizorg new REGISTER --user NAAM --role teamleider [--name NAAM]
bemoeizorg verify REGISTER [--head CODE]
"""

from __future__ import annotations

import argparse
import sys

from bemoeizorg.cli.common import (
    EXIT_OK,
    EXIT_VERIFY_FAILED,
    Subcommands,
    read_passphrase,
    register_path,
)
from bemoeizorg.domain.people import Role
from bemoeizorg.store.access_log import verify_and_record
from bemoeizorg.store.register import Register, peek


def cmd_new(args: argparse.Namespace) -> int:
    path = register_path(args.path)
    passphrase = read_passphrase("Nieuwe wachtwoordzin: ", confirm=True)
    register, code = Register.create(
        path, args.name or path.stem, args.user, Role(args.role), passphrase
    )
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
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    path = register_path(args.path)
    peek(path)  # a missing register or key file is reported before asking anything
    register = Register.unlock_any_user(path, read_passphrase())
    try:
        code = None
        if args.head is not None:
            with register.session() as session:
                code = register.access_log.check_code(session, args.head)
        report = verify_and_record(register)
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
    if code is not None:
        print(code.message, file=sys.stdout if code.ok else sys.stderr)
    return EXIT_OK if report.ok and (code is None or code.ok) else EXIT_VERIFY_FAILED


def add_parsers(sub: Subcommands) -> None:
    new = sub.add_parser("new", help="maak een nieuw, leeg register")
    new.add_argument("path", help="bestand van het nieuwe register")
    new.add_argument("--user", required=True, help="uw naam")
    new.add_argument("--role", required=True, choices=[r.value for r in Role])
    new.add_argument("--name", help="naam van het register (standaard de bestandsnaam)")
    new.set_defaults(func=cmd_new)

    verify = sub.add_parser("verify", help="controleer de database en het logboek")
    verify.add_argument("path", help="het register")
    verify.add_argument(
        "--head",
        metavar="CODE",
        help="een eerder afgedrukte controlecode: bevat het logboek die stand nog?",
    )
    verify.set_defaults(func=cmd_verify)
