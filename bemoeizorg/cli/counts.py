"""`bemoeizorg counts` and `bemoeizorg counts-merge`: the annual counts without the GUI.

bemoeizorg counts REGISTER --year 2025 --out cijfers.xlsx
bemoeizorg counts REGISTER --year 2025 --quarter 2 --out k2.csv
bemoeizorg counts REGISTER --from 01-03-2025 --to 31-08-2025 --out periode.pdf
bemoeizorg counts REGISTER --year 2025 --team-file mijn-cijfers.json
bemoeizorg counts-merge een.json twee.json --out samen.xlsx

The threshold is the register's team policy (casework/team_policy.py, set by a teamleider).
`--threshold N` may only hide more: a number below the register's threshold is refused, so
nobody gets around the team's rule from the command line. `counts-merge` reads no register
(the files come from several): there the monitor's rule, 5, is the floor, and
`--threshold` again may only raise it.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from bemoeizorg.casework import team_policy
from bemoeizorg.cli.common import (
    EXIT_OK,
    Subcommands,
    UserError,
    open_register,
)
from bemoeizorg.domain.formats import counted, date_text, number_text
from bemoeizorg.domain.suppression import DEFAULT_THRESHOLD
from bemoeizorg.exports.counts import Period
from bemoeizorg.exports.counts_export import FORMATS, Publication, export_counts, publish
from bemoeizorg.exports.counts_export import write_publication as write_file
from bemoeizorg.exports.counts_team_file import merge, write_team_file
from bemoeizorg.store.access_log import code_line

FORMAT_HELP = "het formaat volgt uit de extensie: .xlsx, .csv of .pdf"
FIRST_DAY = date(2000, 1, 1)  # the counts start in 2000, as the year choice does


def _day(text: str) -> date:
    for parse in (date.fromisoformat, lambda t: date(*reversed([int(p) for p in t.split("-")]))):
        try:
            return parse(text)
        except (ValueError, TypeError, OverflowError):  # 01-01-99999999999999999999
            continue
    raise argparse.ArgumentTypeError(f"'{text}' is geen bestaande datum (dd-mm-jjjj)")


def _threshold(text: str) -> int:
    low, high = team_policy.THRESHOLD_LOW, team_policy.THRESHOLD_HIGH
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"kies een getal van {low} tot {high}")
    return value


def _stricter(asked: int | None, policy: int, whose: str) -> int:
    """The threshold to publish with: the policy, or a higher one asked for."""
    if asked is None:
        return policy
    if asked < policy:
        raise UserError(
            f"{whose} verbergt aantallen onder {policy}. Met --threshold kunt u alleen meer "
            f"verbergen: kies {policy} of hoger, of laat --threshold weg."
        )
    return asked


def _period(args: argparse.Namespace) -> Period:
    if args.year is not None and (args.start or args.end):
        raise UserError("Kies een jaar (met eventueel --quarter), of --from en --to, niet beide.")
    if args.year is not None:
        if not 2000 <= args.year <= date.today().year:
            raise UserError(f"Kies een jaar van 2000 tot en met {date.today().year}.")
        return Period.quarter(args.year, args.quarter) if args.quarter else Period.year(args.year)
    if args.quarter:
        raise UserError("--quarter hoort bij --year.")
    if not (args.start and args.end):
        raise UserError("Kies een periode: --year JJJJ, of --from en --to.")
    last_day = date(date.today().year, 12, 31)
    if not (FIRST_DAY <= args.start <= last_day and FIRST_DAY <= args.end <= last_day):
        raise UserError(
            f"Die periode valt buiten de cijfers: kies data van {date_text(FIRST_DAY)} "
            f"tot en met {date_text(last_day)}."
        )
    if args.end < args.start:
        raise UserError("De einddatum ligt vóór de begindatum.")
    return Period(args.start, args.end)


def _new_file(text: str, suffixes: tuple[str, ...]) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() not in suffixes:
        raise UserError(f"Geef een bestandsnaam die eindigt op {' of '.join(suffixes)}.")
    if path.exists():
        raise UserError(f"Er staat al een bestand '{path.name}'. Kies een andere naam.")
    if not path.parent.is_dir():
        raise UserError("De gekozen map bestaat niet.")
    return path


def _summary(publication: Publication, path: Path) -> str:
    primary = sum(t.hidden_primary for t in publication.tables)
    secondary = sum(t.hidden_secondary for t in publication.tables)
    received = publication.received_text()  # as published: it may be hidden too
    return (
        f"Cijfers over {publication.counts.period.label} geschreven naar {path.name}: "
        f"{received} meldingen; {counted(primary, 'klein aantal', 'kleine aantallen')} "
        f"(onder {publication.threshold}) verborgen en {number_text(secondary)} aanvullend."
    )


def cmd_counts(args: argparse.Namespace) -> int:
    period = _period(args)
    if bool(args.out) == bool(args.team_file):
        raise UserError("Kies --out (cijfers met verbergen) of --team-file (voor de teamleider).")
    target = _new_file(args.out, FORMATS) if args.out else _new_file(args.team_file, (".json",))
    register = open_register(args.path)  # a file, or a team register's postgresql:// URL
    try:
        # The register's policy, checked before anything is written or logged.
        threshold = _stricter(
            args.threshold,
            team_policy.counts_threshold(register),
            "Het teambeleid van dit register",
        )
        if args.team_file:
            write_team_file(register, period, target)
            # Nothing is logged between the file and this read: the code the file carries.
            with register.session() as session:
                code = register.access_log.control_code(session)
            print(
                f"Teambestand over {period.label} geschreven naar {target.name}. Het bevat de "
                "cijfers zonder verbergen: geef het alleen aan de teamleider."
            )
        else:
            publication = export_counts(
                register, period, target, threshold, per_municipality=args.per_gemeente
            )
            code = publication.control_code
            print(_summary(publication, target))
        print(code_line(code))
    finally:
        register.lock()
    return EXIT_OK


def cmd_counts_merge(args: argparse.Namespace) -> int:
    target = _new_file(args.out, FORMATS)
    threshold = _stricter(args.threshold, DEFAULT_THRESHOLD, "De regel van de monitor")
    publication = publish(merge([Path(f).expanduser() for f in args.files]), threshold)
    write_file(publication, target)
    print(f"{len(args.files)} teambestanden samengevoegd. " + _summary(publication, target))
    return EXIT_OK


def add_parsers(sub: Subcommands) -> None:
    counts = sub.add_parser("counts", help="jaarcijfers voor de regionale monitor")
    counts.add_argument("path", help="het register (bestand of postgresql://-adres)")
    counts.add_argument("--year", type=int, metavar="JJJJ", help="het jaar")
    counts.add_argument(
        "--quarter", type=int, choices=(1, 2, 3, 4), metavar="K", help="alleen dit kwartaal"
    )
    counts.add_argument("--from", dest="start", type=_day, metavar="DATUM", help="begindatum")
    counts.add_argument("--to", dest="end", type=_day, metavar="DATUM", help="einddatum")
    counts.add_argument("--out", metavar="BESTAND", help=f"de cijfers, verborgen; {FORMAT_HELP}")
    counts.add_argument(
        "--team-file",
        metavar="BESTAND",
        help="de cijfers zonder verbergen, om samen te voegen (.json)",
    )
    counts.add_argument(
        "--threshold",
        type=_threshold,
        metavar="N",
        help="verberg aantallen onder N; alleen strenger dan het teambeleid van het register",
    )
    counts.add_argument(
        "--per-gemeente",
        action="store_true",
        help="uitsplitsingen (melders, zorgen, beoordeling, kwartalen) per gemeente in plaats "
        "van per subregio (standaard); meer cijfers worden dan weggelaten",
    )
    counts.set_defaults(func=cmd_counts)

    merged = sub.add_parser("counts-merge", help="voeg teambestanden samen en verberg één keer")
    merged.add_argument("files", nargs="+", metavar="TEAMBESTAND", help="teambestanden (.json)")
    merged.add_argument("--out", required=True, metavar="BESTAND", help=FORMAT_HELP)
    merged.add_argument(
        "--threshold",
        type=_threshold,
        metavar="N",
        help="verberg aantallen onder N; 5 of hoger (de regel van de monitor)",
    )
    merged.set_defaults(func=cmd_counts_merge)
