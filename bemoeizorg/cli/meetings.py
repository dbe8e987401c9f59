"""`bemoeizorg meeting-pack`: the pack (PDF) for a network meeting, logged in the
verstrekkingenlog.

    bemoeizorg meeting-pack REGISTER --municipality Roermond --date 2026-12-01 --out pakket.pdf
    bemoeizorg meeting-pack REGISTER --municipality GM0957 --all-open --out map/

The pack's password comes from an environment variable named with --password-env, never
from the command line itself.
"""

from __future__ import annotations

import argparse
import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bemoeizorg.cli.common import (
    EXIT_OK,
    PASSPHRASE_ENV,
    Subcommands,
    UserError,
    check_register,
    is_team_address,
    open_register,
    pdf_path,
    read_passphrase,
    refuse_existing,
)
from bemoeizorg.domain.formats import counted, date_text
from bemoeizorg.domain.meetings import MeetingKind
from bemoeizorg.store.access_log import code_line
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import Register

if TYPE_CHECKING:
    from bemoeizorg.casework.meetings import FirstMeeting
    from bemoeizorg.domain.municipalities import Municipality
    from bemoeizorg.exports.meeting_pack import PackHasHits
    from bemoeizorg.exports.pack_pages import Pack


def parse_municipality(text: str) -> Municipality:
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


def _pack_target(text: str, force: bool) -> Path:
    """The new PDF; or an existing folder, in which the pack gets its own file name."""
    path = pdf_path(text, "overleg.pdf")
    if not path.is_dir():
        refuse_existing(path, force)
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
            f"Op {date_text(day)} zijn er {len(found)} overleggen van {place.name} ({kinds}); "
            "kies er één met --kind."
        )
    if not planned:
        raise UserError(
            f"Er is geen overleg van {place.name} gepland. Plan het in het programma, of maak "
            "met --all-open een pakket met alle open casussen."
        )
    days = ", ".join(date_text(d) for d in sorted({m.held_on for m in planned}))
    raise UserError(
        f"Er is geen overleg van {place.name} op {date_text(day)}. Geplande data: {days}."
    )


def _first_meeting(
    register: Register, place: Municipality, organisations: tuple[str, ...], named: bool
) -> FirstMeeting:
    """Today's first meeting with every open case of the municipality on its agenda: the
    one made by an earlier run today when there is one (a second pack, not a second
    meeting), else a new one."""
    from bemoeizorg.casework.meetings import MeetingData, first_meeting_of_the_day, open_case_count

    if not open_case_count(register, place.code):
        raise UserError(f"{place.name} heeft geen open casussen; er is geen pakket gemaakt.")
    data = MeetingData(
        place.code, date.today(), MeetingKind.EERSTE_BESPREKING, participants=organisations
    )
    return first_meeting_of_the_day(register, data, same_participants=named)


REUSED = (
    "Het pakket hoort bij de eerste bespreking van {place} die vandaag al gepland was "
    "(geen tweede overleg){added}."
)


def _added_text(added: int) -> str:
    if not added:
        return ""
    return f"; {counted(added, 'open casus', 'open casussen')} erbij op de agenda"


HITS_REFUSED = (
    "Er is geen pakket gemaakt: de getypte tekst bevat mogelijk identificerende gegevens "
    "({found}). Haal dit weg in het programma (Netwerkoverleg, de casus op de agenda) en "
    "maak het pakket opnieuw; een teamleider kan de waarschuwing daar met een reden "
    "overslaan."
)


def _hits_text(pack: Pack, exc: PackHasHits) -> str:
    """Per agenda item and field why: never the text itself (another person's name)."""
    found = dict.fromkeys(f"{h.where(pack)}: {h.hit.reason}" for h in exc.hits)
    return HITS_REFUSED.format(found="; ".join(found))


def cmd_meeting_pack(args: argparse.Namespace) -> int:
    from bemoeizorg.casework.meetings import delete_meeting, remove_from_agenda
    from bemoeizorg.casework.pack_guard import guard_context
    from bemoeizorg.exports.meeting_pack import PackHasHits, write_pack
    from bemoeizorg.exports.pack_pages import build_pack

    place = parse_municipality(args.municipality)
    day = _meeting_day(args.date) if args.date is not None else None
    if day is not None and args.organisations is not None:
        raise UserError(
            "--organisations hoort bij --all-open; een gepland overleg heeft zijn deelnemers al."
        )
    organisations = _organisations(args.organisations)
    target = _pack_target(args.out, args.force)
    password = _pack_password(args.password_env) if args.password_env else None
    check_register(args.path)  # a missing register is reported before asking anything
    # A team register's password comes from libpq (PGPASSWORD, ~/.pgpass), not from here.
    passphrase = None if is_team_address(args.path) else read_passphrase()
    if password is not None and password == passphrase:
        raise UserError(
            "Geef het pakket een eigen wachtwoord, niet de wachtwoordzin van het register."
        )
    register = open_register(args.path, passphrase)
    first: FirstMeeting | None = None
    try:
        if day is not None:
            meeting_id = _planned_meeting(register, place, day, args.kind)
        else:
            first = _first_meeting(register, place, organisations, args.organisations is not None)
            meeting_id = first.meeting_id
        pack = build_pack(register, meeting_id)
        out = target / pack.file_name if target.is_dir() else target
        refuse_existing(out, args.force)
        guard = guard_context(register, pack.case_ids)
        try:
            written = write_pack(register, pack, out, password, guard=guard)
        except PackHasHits as exc:
            raise UserError(_hits_text(pack, exc)) from None
    except BaseException:
        # Nothing was handed out: what this run added to the register goes again.
        if first is not None:
            try:
                if first.reused:
                    for item_id in first.added_items:
                        remove_from_agenda(register, item_id)
                else:
                    delete_meeting(register, first.meeting_id)
            except RegisterError:
                pass
        raise
    finally:
        register.lock()
    cases = counted(written.cases, "casus", "casussen")
    print(f"Pakket gemaakt: {out} ({cases})")
    if first is not None and first.reused:
        print(REUSED.format(place=place.name, added=_added_text(len(first.added_items))))
    if written.protected:
        print("Het pakket is beveiligd met een wachtwoord (AES-256).")
    print(f"Vastgelegd in het verstrekkingenlog. Vernietigen na {date_text(pack.destroy_after)}.")
    print(code_line(written.control_code))
    return EXIT_OK


def add_parsers(sub: Subcommands) -> None:
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
        help=(
            "plan vandaag een eerste bespreking met alle open casussen van de gemeente; een "
            "tweede keer op dezelfde dag hoort het pakket bij dat overleg"
        ),
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
