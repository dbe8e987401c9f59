"""The workbook a team fills in to bring its reports into the register: its columns, the
values each column allows (matched case-insensitively, with common other spellings), and
`write_template`, which writes the empty workbook with a sheet "Uitleg" and dropdowns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from bemoeizorg.domain.intake import fold
from bemoeizorg.domain.municipalities import MUNICIPALITIES, Municipality
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import (
    Concern,
    Outcome,
    Phase,
    ReporterKind,
    TriageDecision,
    Urgency,
)
from bemoeizorg.store.files import atomic_writer

SHEET_ROWS = "Meldingen"
SHEET_HELP = "Uitleg"
MAX_ROWS = 100_000
FORMATTED_ROWS = 1000  # template rows that get a date/text format in advance


# --- the columns ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    help: str
    width: int = 16
    required: bool = False  # the column must be in the workbook (a cell may still be empty)
    personal: bool = False  # never echoed in an error message
    kind: str = "text"  # text, date, code (kept as text so leading zeros survive)


COLUMNS: tuple[Column, ...] = (
    Column(
        "received_on",
        "Datum melding",
        "Datum waarop de melding binnenkwam (dd-mm-jjjj). Verplicht.",
        14,
        True,
        kind="date",
    ),
    Column(
        "municipality",
        "Gemeente",
        "Gemeente waar de persoon woont of verblijft: naam of CBS-code (zie de lijst). Verplicht.",
        18,
        True,
    ),
    Column(
        "family_name",
        "Achternaam",
        "Achternaam zonder tussenvoegsel. Verplicht, tenzij alleen een roepnaam bekend is.",
        18,
        True,
        True,
    ),
    Column("prefix", "Tussenvoegsel", "Bijvoorbeeld: van, de, van der.", 12, personal=True),
    Column("given_names", "Voornamen", "Voornamen of voorletters.", 18, personal=True),
    Column("alias", "Roepnaam", "Roepnaam of bijnaam.", 14, personal=True),
    Column("birth_date", "Geboortedatum", "dd-mm-jjjj.", 14, personal=True, kind="date"),
    Column(
        "age",
        "Geschatte leeftijd",
        "Alleen als de geboortedatum onbekend is: leeftijd in jaren op de datum van de melding.",
        10,
        personal=True,
    ),
    Column("address", "Adres", "Straat en huisnummer.", 24, personal=True),
    Column("postcode", "Postcode", "Bijvoorbeeld 5911 AB.", 10, personal=True, kind="code"),
    Column("city", "Woonplaats", "Plaats (kern) binnen de gemeente.", 14, personal=True),
    Column(
        "bsn",
        "BSN",
        "9 cijfers; wordt gecontroleerd met de elfproef.",
        12,
        personal=True,
        kind="code",
    ),
    Column("reporter_kind", "Soort melder", "Zie de lijst. Verplicht.", 22, True),
    Column(
        "reporter_organisation",
        "Organisatie melder",
        "Bijvoorbeeld de naam van de woningcorporatie of huisartsenpraktijk.",
        22,
        personal=True,
    ),
    Column(
        "reporter_name", "Naam melder", "Leeg laten bij een anonieme melder.", 18, personal=True
    ),
    Column("reporter_contact", "Contact melder", "Telefoon of e-mail.", 18, personal=True),
    Column(
        "concerns",
        "Zorgen (scheiden met ;)",
        "Eén of meer zorgen uit de lijst, gescheiden door een puntkomma. Verplicht.",
        30,
        True,
    ),
    Column("description", "Omschrijving", "Wat de melder vertelde.", 40, personal=True),
    Column("urgency", "Urgentie", "normaal, hoog of crisis; leeg is normaal.", 10),
    Column(
        "taken_on",
        "Opgepakt (ja/nee)",
        "ja: er is een casus; nee: niet opgepakt; leeg: nog niet beoordeeld.",
        10,
        True,
    ),
    Column(
        "decision",
        "Besluit als niet opgepakt (advies/doorverwezen)",
        "Alleen bij Opgepakt = nee: advies of doorverwezen.",
        16,
    ),
    Column(
        "referred_to",
        "Doorverwezen naar",
        "Bij doorverwezen: naar wie of welke organisatie.",
        20,
        personal=True,
    ),
    Column("owner", "Dossierhouder", "Naam van het teamlid zoals in Instellingen > Team.", 18),
    Column("specialism", "Specialisme", "jeugd of volwassenen; leeg: volgt uit de leeftijd.", 12),
    Column("phase", "Fase", "vinden, binden of toeleiden; leeg is vinden.", 11),
    Column(
        "closed_on",
        "Datum afsluiting",
        "Alleen als de casus is afgesloten (dd-mm-jjjj); vul dan ook Uitkomst in.",
        14,
        kind="date",
    ),
    Column("outcome", "Uitkomst", "Alleen bij een afgesloten casus; zie de lijst.", 24),
)
BY_KEY = {c.key: c for c in COLUMNS}
HEADERS = tuple(c.header for c in COLUMNS)


def header_key(text: str) -> str:
    """'Opgepakt (ja/nee)' and 'opgepakt' both come to 'opgepakt'."""
    return fold(text.split("(")[0])


BY_HEADER = {header_key(c.header): c for c in COLUMNS}


# --- allowed values -------------------------------------------------------------------

E = TypeVar("E", bound=StrEnum)

_SYNONYMS: dict[StrEnum, tuple[str, ...]] = {
    ReporterKind.BUURT: ("buren", "buurt", "buurman", "buurvrouw", "bewoner"),
    ReporterKind.FAMILIE: ("familie", "netwerk"),
    ReporterKind.WONINGCORPORATIE: ("corporatie", "verhuurder"),
    ReporterKind.POLITIE: ("wijkagent",),
    ReporterKind.WIJKTEAM: ("sociaal team", "lokaal team"),
    ReporterKind.SCHULDHULP: ("schuldhulp", "deurwaarder", "schuldhulpverlening"),
    ReporterKind.NUTSBEDRIJF: ("vroegsignalering", "energieleverancier", "waterbedrijf"),
    ReporterKind.BETROKKENE: ("zelf", "betrokkene", "client", "cliënt"),
    Concern.SCHULDEN: ("schulden", "armoede"),
    Concern.HUISUITZETTING: ("huisuitzetting", "uitzetting"),
    Concern.VERVUILING: ("vervuiling", "vervuilde woning", "verwaarloosde woning"),
    Concern.ZELFVERWAARLOZING: ("zelfverwaarlozing",),
    Concern.ISOLEMENT: ("isolement", "eenzaamheid"),
    Concern.PSYCHISCH: ("psychisch", "psychiatrische problematiek"),
    Concern.ONBEGREPEN_GEDRAG: ("verward gedrag",),
    Concern.VERSLAVING: ("middelengebruik", "alcohol", "drugs"),
    Phase.TOELEIDEN: ("terugleiden", "toeleiden/terugleiden"),
    Outcome.TOEGELEID: ("toegeleid",),
    Outcome.ZORG_GEWEIGERD: ("zorg geweigerd", "zorgmijding"),
    Outcome.VERHUISD: ("verhuisd",),
    Outcome.NIET_GEVONDEN: ("niet gevonden",),
    Outcome.OVERGEDRAGEN: ("overgedragen",),
    Specialism.VOLWASSENEN: ("volwassene",),
    TriageDecision.ADVIES: ("advies", "advies gegeven"),
    TriageDecision.DOORVERWEZEN: ("doorverwezen", "verwezen", "elders naartoe verwezen"),
}


def _label(member: StrEnum) -> str:
    label = getattr(member, "label", member.value)
    return str(label)


def lookup(members: Iterable[E]) -> dict[str, E]:
    table: dict[str, E] = {}
    for member in members:
        label = _label(member)
        names = [label, member.value, member.value.replace("_", " "), label.split("(")[0]]
        names += _SYNONYMS.get(member, ())
        for name in names:
            table.setdefault(fold(name), member)
    return table


REPORTER_KINDS = lookup(ReporterKind)
CONCERNS = lookup(Concern)
URGENCIES = lookup(Urgency)
PHASES = lookup(Phase)
OUTCOMES = lookup(Outcome)
SPECIALISMS = lookup(Specialism)
DECISIONS = lookup([TriageDecision.ADVIES, TriageDecision.DOORVERWEZEN])
YES = {"ja", "j", "yes", "y", "waar", "1", "x"}
NO = {"nee", "n", "no", "onwaar", "0"}


def _municipality_lookup() -> dict[str, Municipality]:
    table: dict[str, Municipality] = {}
    for m in MUNICIPALITIES:
        for name in (m.name, m.name.split("(")[0], m.code, m.code[2:], m.code[2:].lstrip("0")):
            table[fold(name)] = m
    table[fold("Bergen L")] = table[fold("Bergen Limburg")] = table[fold("Bergen (L.)")]
    return table


MUNICIPALITY_NAMES = _municipality_lookup()


# --- the template ---------------------------------------------------------------------


def _help_lists() -> list[tuple[str, list[str]]]:
    """(title, values) per list on the Uitleg sheet; the dropdowns point at these."""
    return [
        ("Gemeente", [m.name for m in MUNICIPALITIES]),
        ("CBS-code", [m.code for m in MUNICIPALITIES]),
        ("Soort melder", [k.label for k in ReporterKind]),
        ("Zorgen", [c.label for c in Concern]),
        ("Urgentie", [u.label for u in Urgency]),
        ("Opgepakt", ["ja", "nee"]),
        ("Besluit als niet opgepakt", ["advies", "doorverwezen"]),
        ("Specialisme", [s.label for s in Specialism]),
        ("Fase", [p.label for p in Phase]),
        ("Uitkomst", [o.label for o in Outcome]),
    ]


# Which column of "Meldingen" gets a dropdown from which list on "Uitleg".
_DROPDOWNS = {
    "municipality": "Gemeente",
    "reporter_kind": "Soort melder",
    "urgency": "Urgentie",
    "taken_on": "Opgepakt",
    "decision": "Besluit als niet opgepakt",
    "specialism": "Specialisme",
    "phase": "Fase",
    "outcome": "Uitkomst",
}


def write_template(path: Path) -> None:
    """Write the empty workbook a team fills in (atomically, owner-only)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    rows = book.active
    rows.title = SHEET_ROWS
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    for index, column in enumerate(COLUMNS, start=1):
        cell = rows.cell(row=1, column=index, value=column.header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        rows.column_dimensions[letter].width = column.width
        if column.kind != "text":
            number_format = "DD-MM-YYYY" if column.kind == "date" else "@"
            for row in range(2, FORMATTED_ROWS + 2):
                rows.cell(row=row, column=index).number_format = number_format
    rows.row_dimensions[1].height = 45
    rows.freeze_panes = "A2"

    sheet = book.create_sheet(SHEET_HELP)
    sheet.cell(row=1, column=1, value="Kolom").font = bold
    sheet.cell(row=1, column=2, value="Wat vult u in").font = bold
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 70
    for index, column in enumerate(COLUMNS, start=2):
        sheet.cell(row=index, column=1, value=column.header)
        sheet.cell(row=index, column=2, value=column.help).alignment = Alignment(wrap_text=True)
    notes = [
        "Eén rij per melding. Meerdere meldingen over dezelfde persoon: één rij per melding; "
        "ze worden één persoon als het BSN gelijk is, of de naam en geboortedatum.",
        "Opgepakte meldingen van dezelfde persoon waarvan de periodes overlappen, worden "
        "één casus. Vul bij een afgesloten casus Datum afsluiting en Uitkomst in.",
        "Datums als datum in Excel of als tekst dd-mm-jjjj. Keuzes (gemeente, soort melder, "
        "zorgen, ...) mogen met hoofd- of kleine letters.",
        "Er wordt niets ingelezen zolang er ook maar één rij een fout heeft.",
    ]
    first_note = len(COLUMNS) + 3
    sheet.cell(row=first_note, column=1, value="Goed om te weten").font = bold
    for offset, note in enumerate(notes):
        cell = sheet.cell(row=first_note + offset, column=2, value=note)
        cell.alignment = Alignment(wrap_text=True)

    list_ranges: dict[str, str] = {}
    first_list_column = 4
    for offset, (title, values) in enumerate(_help_lists()):
        index = first_list_column + offset
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=title).font = bold
        sheet.column_dimensions[letter].width = max(12, min(44, max(len(v) for v in values) + 2))
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
        list_ranges[title] = f"'{SHEET_HELP}'!${letter}$2:${letter}${len(values) + 1}"
    sheet.freeze_panes = "A2"

    for key, title in _DROPDOWNS.items():
        letter = get_column_letter(HEADERS.index(BY_KEY[key].header) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"={list_ranges[title]}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",  # a CBS code or another spelling may still be fine
            errorTitle="Onbekende waarde",
            error=f"Kies een waarde uit de lijst '{title}' op het blad {SHEET_HELP}.",
        )
        validation.add(f"{letter}2:{letter}{MAX_ROWS}")
        rows.add_data_validation(validation)

    with atomic_writer(Path(path)) as handle:
        book.save(handle)
