"""`bemoeizorg backup` and `bemoeizorg restore`: back-ups without the GUI.

    bemoeizorg backup REGISTER --to /media/usb/backups [--keep 10]
    bemoeizorg restore BACKUP --to REGISTER

The passphrase comes from BEMOEIZORG_PASSPHRASE or the terminal; `restore` also takes the
recovery code from BEMOEIZORG_RECOVERY_CODE. Each back-up prints the access-log chain head,
so a later chain can be checked against it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bemoeizorg.cli.common import (
    EXIT_OK,
    Subcommands,
    UserError,
    read_passphrase,
    register_path,
)
from bemoeizorg.domain.formats import counted, size_text
from bemoeizorg.store import backup
from bemoeizorg.store.access_log import code_line
from bemoeizorg.store.register import Register, peek

RECOVERY_ENV = "BEMOEIZORG_RECOVERY_CODE"


def _keep(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError("kies een aantal van 1 tot en met 1000")
    return value


def cmd_backup(args: argparse.Namespace) -> int:
    path = register_path(args.path)
    folder = Path(args.to).expanduser()
    if not folder.is_dir():
        raise UserError("De map voor back-ups bestaat niet (is de USB-stick aangesloten?).")
    peek(path)
    register = Register.unlock_any_user(path, read_passphrase())
    pruned: backup.Pruned | None = None
    try:
        if args.keep:
            info, pruned = backup.backup_and_prune(register, folder, args.keep)
        else:
            info = backup.make_backup(register, folder)
    finally:
        register.lock()
    print(f"Back-up gemaakt en gecontroleerd: {info.path.name} ({size_text(info.size)}).")
    print(f"{code_line(info.code)} ({counted(info.chain_entries, 'regel', 'regels')})")
    if pruned is not None:
        removed = len(pruned.removed)
        kept = (
            "de nieuwste gecontroleerde back-up"
            if args.keep == 1
            else f"de nieuwste {args.keep} gecontroleerde back-ups"
        )
        print(
            f"Bewaard: {kept} van dit register; "
            + (f"{removed} oudere verwijderd." if removed else "geen oudere verwijderd.")
        )
        for note in pruned.notes():
            print(f"Let op: {note}", file=sys.stderr)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    source = Path(args.backup).expanduser()
    target = register_path(args.to)
    info = backup.read_info(source)
    if not target.parent.is_dir():  # said before a passphrase is asked, as elsewhere
        raise UserError(f"De map '{target.parent}' bestaat niet.")
    code = os.environ.get(RECOVERY_ENV, "")
    passphrase = "" if code else read_passphrase()
    contents = backup.open_contents(source, passphrase=passphrase, recovery_code=code)
    print(
        f"Back-up van {info.label}: {counted(contents.cases, 'casus', 'casussen')} "
        f"({contents.open_cases} open), {counted(contents.reports, 'melding', 'meldingen')}; "
        f"gebruikers: {', '.join(contents.users)}."
    )
    # restore holds the register's lock: one open in the program (or another command)
    # is not replaced under it.
    aside = backup.restore(source, target, passphrase=passphrase, recovery_code=code)
    print(f"Teruggezet naar {target}.")
    print(
        "In het logboek van het teruggezette register staat een regel met de naam van de "
        "back-up en de controlecode van het vervangen register: wat daartussen lag, "
        "ontbreekt zichtbaar."
    )
    if aside is not None:
        print(f"Het vervangen register is bewaard als {aside.name}.")
    return EXIT_OK


def add_parsers(sub: Subcommands) -> None:
    make = sub.add_parser("backup", help="maak een gecontroleerde, versleutelde back-up")
    make.add_argument("path", help="het register")
    make.add_argument("--to", required=True, metavar="MAP", help="de map voor back-ups")
    make.add_argument(
        "--keep", type=_keep, metavar="N", help="bewaar alleen de nieuwste N back-ups"
    )
    make.set_defaults(func=cmd_backup)

    back = sub.add_parser("restore", help="zet een back-up terug")
    back.add_argument("backup", help="het back-upbestand (.bzbackup)")
    back.add_argument("--to", required=True, metavar="REGISTER", help="waar het register komt")
    back.set_defaults(func=cmd_restore)
