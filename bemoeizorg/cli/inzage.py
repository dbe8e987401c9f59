"""`bemoeizorg inzage`: an AVG access request (inzageverzoek, art. 15) for one person, as a
PDF of everything the register holds about them (the reporter only by kind).

    bemoeizorg inzage REGISTER --bsn 123456782 --out inzage.pdf
    bemoeizorg inzage REGISTER --person 12 --out map/

--person is the persoonsnummer shown on the person card (the person's number in the
register). Only a teamleider may make an inzage; it is logged as an export of each of the
person's cases. The file name the program chooses for a folder is neutral
(Inzage-JJJJ-MM-DD.pdf): never the person's name or BSN.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bemoeizorg.cli.common import (
    EXIT_OK,
    Subcommands,
    UserError,
    check_register,
    open_register,
    pdf_path,
    refuse_existing,
)
from bemoeizorg.domain import formats
from bemoeizorg.store.access_log import code_line


def _target(text: str) -> Path:
    """The new PDF; or an existing folder, in which the inzage gets a neutral name."""
    path = pdf_path(text, "inzage.pdf")
    return path / f"Inzage-{formats.today().isoformat()}.pdf" if path.is_dir() else path


def _person_number(text: str) -> int:
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or int(cleaned) < 1:
        raise UserError(
            f"'{cleaned}' is geen persoonsnummer; dat is het nummer op de persoonskaart, "
            "bijvoorbeeld 12."
        )
    return int(cleaned)


def cmd_inzage(args: argparse.Namespace) -> int:
    from bemoeizorg.exports.inzage import write_inzage
    from bemoeizorg.exports.inzage_pages import find_person

    person_id = _person_number(args.person) if args.person is not None else None
    target = _target(args.out)
    refuse_existing(target, args.force)
    check_register(args.path)  # a missing register is reported before asking anything
    register = open_register(args.path)  # a file, or a team register's postgresql:// URL
    try:
        if args.bsn is not None:
            person_id = find_person(register, bsn=args.bsn)
        else:
            person_id = find_person(register, person_id=person_id)
        written = write_inzage(register, person_id, target)
    finally:
        register.lock()
    cases = formats.counted(written.cases, "casus", "casussen")
    reports = formats.counted(written.reports, "melding", "meldingen")
    print(f"Inzage gemaakt: {written.path} ({reports}, {cases})")
    print("De melder staat er alleen met de soort melder in, zonder naam of organisatie.")
    print("Vastgelegd in het logboek als export (inzageverzoek).")
    print(code_line(written.control_code))
    return EXIT_OK


def add_parsers(sub: Subcommands) -> None:
    inzage = sub.add_parser(
        "inzage",
        help="maak een inzage (AVG, art. 15) van alles over één persoon (teamleider)",
        description=(
            "Maak voor een inzageverzoek (art. 15 AVG) een PDF van alles wat het register over "
            "één persoon bewaart: persoonsgegevens, meldingen, casussen, contacten, "
            "doorverwijzingen, acties, ZRM, drang en dwang, netwerkoverleggen en "
            "verstrekkingen. De melder staat er alleen met de soort melder in. Alleen een "
            "teamleider mag dit; het komt als export in het logboek."
        ),
    )
    inzage.add_argument("path", metavar="REGISTER", help="het register")
    who = inzage.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--bsn",
        metavar="BSN",
        help="de persoon met dit BSN (let op: de opdrachtregel blijft in de geschiedenis "
        "van de terminal; --person laat geen BSN achter)",
    )
    who.add_argument(
        "--person",
        metavar="NUMMER",
        help="de persoon met dit persoonsnummer (staat op de persoonskaart)",
    )
    inzage.add_argument(
        "--out",
        required=True,
        metavar="BESTAND",
        help="de nieuwe PDF (.pdf); of een map, dan heet hij Inzage-JJJJ-MM-DD.pdf",
    )
    inzage.add_argument(
        "--force", action="store_true", help="vervang een bestaand bestand met dezelfde naam"
    )
    inzage.set_defaults(func=cmd_inzage)
