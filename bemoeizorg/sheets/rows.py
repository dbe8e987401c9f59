"""One row of a team's spreadsheet, checked field by field.

`parse_row` reads the cells of one row through a parser per group of columns (the report,
the person, the reporter, the concerns, the triage, the case) and returns the `ImportRow`,
or None with the Dutch problems on the row. The problems name the row and the column,
never a person's details: they may end up on a terminal or in a screenshot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.identity import birth_date_problem, bsn_problem, normalise_bsn
from bemoeizorg.domain.intake import PersonInput, ReporterInput, fold, report_problems
from bemoeizorg.domain.municipalities import Municipality
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import (
    Concern,
    Outcome,
    Phase,
    ReporterKind,
    TriageDecision,
    Urgency,
)
from bemoeizorg.sheets.plan import ImportRow
from bemoeizorg.sheets.template import (
    BY_KEY,
    CONCERNS,
    DECISIONS,
    MUNICIPALITY_NAMES,
    NO,
    OUTCOMES,
    PHASES,
    REPORTER_KINDS,
    SHEET_HELP,
    SPECIALISMS,
    URGENCIES,
    YES,
    E,
)

CASE_KEYS = ("owner", "specialism", "phase", "closed_on", "outcome")


class RowCells:
    """The cells of one row (column key -> value), read with the Dutch problems collected."""

    def __init__(self, number: int, cells: dict[str, Any], today: date) -> None:
        self.number = number
        self.cells = cells
        self.today = today
        self.problems: list[str] = []

    def problem(self, text: str) -> None:
        self.problems.append(f"Rij {self.number}: {text}")

    def column(self, key: str) -> str:
        return BY_KEY[key].header.split(" (")[0]

    def text(self, key: str, limit: int = 200) -> str:
        value = cell_text(self.cells.get(key))
        if len(value) > limit:
            self.problem(f"de kolom {self.column(key)} is te lang (meer dan {limit} tekens).")
            return value[:limit]
        return value

    def day(self, key: str) -> date | None:
        raw = self.cells.get(key)
        if is_empty(raw):
            return None
        value = _cell_date(raw)
        if value is None:
            shown = "" if BY_KEY[key].personal else f" ('{cell_text(raw)[:30]}')"
            self.problem(f"{self.column(key)}{shown} is geen geldige datum (gebruik dd-mm-jjjj).")
        return value

    def choice(self, key: str, table: dict[str, E], what: str) -> E | None:
        value = self.text(key)
        if not value:
            return None
        found = table.get(fold(value))
        if found is None:
            self.problem(f"onbekende {what} '{value[:40]}' (zie het blad {SHEET_HELP}).")
        return found


def is_empty(value: Any) -> bool:
    """Whether the cell's text (`cell_text`) is empty, without making the text: only no
    value or white space is (a date cell would be formatted only to be compared)."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    if type(value) is str:  # most cells: first, before the other types are tried
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return date_text(value)
    if isinstance(value, date):
        return date_text(value)
    return " ".join(str(value).split())


_DATE_TEXT = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def _cell_date(value: Any) -> date | None:
    """An Excel date, an Excel day number, or text dd-mm-jjjj (or jjjj-mm-dd)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if 1 <= value < 2_958_466:  # Excel's day numbers up to 31-12-9999
            return _EXCEL_EPOCH + timedelta(days=int(value))
        return None
    text = cell_text(value)
    if match := _DATE_TEXT.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_TEXT.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _Identity:
    family_name: str
    alias: str
    birth_date: date | None
    birth_year_estimate: int | None
    bsn: str


@dataclass(frozen=True, slots=True)
class _Triage:
    taken_on: bool | None  # None: not yet triaged
    decision: TriageDecision | None
    referred_to: str


@dataclass(frozen=True, slots=True)
class _CaseFields:
    owner: str
    specialism: Specialism | None
    phase: Phase | None
    closed_on: date | None
    outcome: Outcome | None


def parse_row(row: RowCells) -> ImportRow | None:
    """The row as an `ImportRow`, or None when it has problems (they are on `row`)."""
    received_on = _received_on(row)
    municipality = _municipality(row)
    identity = _identity(row, received_on)
    kind = _reporter_kind(row)
    concerns = _concerns(row)
    urgency = row.choice("urgency", URGENCIES, "urgentie") or Urgency.NORMAAL
    triage = _triage(row)
    case = _case_fields(row)
    triage = _settle_triage(row, triage, [row.column(k) for k in CASE_KEYS if row.text(k)])
    _check_closing(row, case, received_on)
    if row.problems or received_on is None or municipality is None or kind is None:
        return None
    parsed = ImportRow(
        number=row.number,
        received_on=received_on,
        municipality_code=municipality.code,
        person=_person(row, identity, municipality.code),
        reporter=ReporterInput(
            kind=kind,
            organisation=row.text("reporter_organisation"),
            name=row.text("reporter_name"),
            contact=row.text("reporter_contact"),
        ),
        concerns=concerns,
        description=row.text("description", 20_000),
        urgency=urgency,
        taken_on=triage.taken_on,
        decision=triage.decision,
        referred_to=triage.referred_to,
        owner=case.owner,
        specialism=case.specialism,
        phase=case.phase,
        closed_on=case.closed_on,
        outcome=case.outcome,
    )
    # The intake's own checks, so the import can never write what intake would refuse.
    for problem in report_problems(parsed.report_input(), row.today).values():
        row.problem(_lower_first(problem))
    return None if row.problems else parsed


def _received_on(row: RowCells) -> date | None:
    received_on = row.day("received_on")
    if received_on is None and not row.problems:
        row.problem("de datum van de melding ontbreekt.")
    elif received_on is not None:
        if received_on > row.today:
            row.problem("de datum van de melding ligt in de toekomst.")
        elif received_on.year < 1990:
            row.problem("de datum van de melding ligt vóór 1990; controleer het jaartal.")
    return received_on


def _municipality(row: RowCells) -> Municipality | None:
    text = row.text("municipality")
    if not text:
        row.problem("de gemeente ontbreekt.")
        return None
    municipality = MUNICIPALITY_NAMES.get(fold(text))
    if municipality is None:
        row.problem(
            f"onbekende gemeente '{text[:40]}'; gebruik een naam of CBS-code uit "
            f"het blad {SHEET_HELP}."
        )
    return municipality


def _identity(row: RowCells, received_on: date | None) -> _Identity:
    """Who the report is about, as far as the checks need it: name, birth, BSN."""
    family_name = row.text("family_name")
    alias = row.text("alias")
    if not family_name and not alias:
        row.problem("vul een achternaam in (of een roepnaam als die onbekend is).")
    birth_date = _birth_date(row, received_on)
    estimate = _birth_year_estimate(row, received_on, birth_date)
    bsn = row.text("bsn")
    if problem := bsn_problem(bsn):
        row.problem(_lower_first(problem))
    return _Identity(family_name, alias, birth_date, estimate, bsn)


def _birth_date(row: RowCells, received_on: date | None) -> date | None:
    birth_date = row.day("birth_date")
    if birth_date is None:
        return None
    if birth_date > row.today:
        row.problem("de geboortedatum ligt in de toekomst.")
    elif received_on is not None and birth_date > received_on:
        row.problem("de geboortedatum ligt na de datum van de melding.")
    elif problem := birth_date_problem(birth_date, row.today):
        row.problem(_lower_first(problem))
    return birth_date


def _birth_year_estimate(
    row: RowCells, received_on: date | None, birth_date: date | None
) -> int | None:
    """From the estimated age on the day of the report; a birth date makes it moot."""
    age_text = row.text("age")
    if not age_text or birth_date is not None:
        return None
    match = re.fullmatch(r"\D*(\d{1,3})\D*", age_text)
    if match is None or int(match.group(1)) > 120:
        row.problem("de geschatte leeftijd is geen aantal jaren tussen 0 en 120.")
        return None
    return received_on.year - int(match.group(1)) if received_on is not None else None


def _person(row: RowCells, identity: _Identity, municipality_code: str) -> PersonInput:
    return PersonInput(
        family_name=identity.family_name,
        municipality_code=municipality_code,
        prefix=row.text("prefix", 40).lower(),  # "Van der" at the start of a line
        given_names=row.text("given_names"),
        alias=identity.alias,
        birth_date=identity.birth_date,
        birth_year_estimate=identity.birth_year_estimate,
        bsn=normalise_bsn(identity.bsn),
        address=row.text("address", 300),
        postcode=row.text("postcode", 10).upper(),
        city=row.text("city", 100),
    )


def _reporter_kind(row: RowCells) -> ReporterKind | None:
    kind = row.choice("reporter_kind", REPORTER_KINDS, "soort melder")
    if kind is None and not row.text("reporter_kind"):
        row.problem("de soort melder ontbreekt.")
    return kind


def _concerns(row: RowCells) -> tuple[Concern, ...]:
    concerns: list[Concern] = []
    text = row.text("concerns", 2000)
    for part in re.split(r"[;,\n]", text):
        if not part.strip():
            continue
        concern = CONCERNS.get(fold(part))
        if concern is None:
            row.problem(f"onbekende zorg '{part.strip()[:40]}' (zie het blad {SHEET_HELP}).")
        elif concern not in concerns:
            concerns.append(concern)
    if not text:
        row.problem("vul minstens één zorg in.")
    return tuple(concerns)


def _triage(row: RowCells) -> _Triage:
    """Opgepakt, Besluit als niet opgepakt and Doorverwezen naar, as written."""
    taken_text = fold(row.text("taken_on"))
    taken_on: bool | None = None
    if taken_text in YES:
        taken_on = True
    elif taken_text in NO:
        taken_on = False
    elif taken_text:
        row.problem("vul bij Opgepakt 'ja' of 'nee' in.")
    decision = row.choice("decision", DECISIONS, "keuze bij Besluit als niet opgepakt")
    return _Triage(taken_on, decision, row.text("referred_to", 500))


def _case_fields(row: RowCells) -> _CaseFields:
    return _CaseFields(
        owner=row.text("owner"),
        specialism=row.choice("specialism", SPECIALISMS, "specialisme"),
        phase=row.choice("phase", PHASES, "fase"),
        closed_on=row.day("closed_on"),
        outcome=row.choice("outcome", OUTCOMES, "uitkomst"),
    )


def _settle_triage(row: RowCells, triage: _Triage, case_columns: list[str]) -> _Triage:
    """The triage agrees with the case columns; a decision alone means 'not taken on'."""
    taken_on = triage.taken_on
    if taken_on is None and triage.decision is not None:
        taken_on = False
    if taken_on is None and case_columns:
        row.problem("vul bij Opgepakt 'ja' in: deze rij heeft gegevens van een casus.")
    if taken_on is False:
        if case_columns:
            row.problem(
                f"deze melding is niet opgepakt maar heeft wel {', '.join(case_columns)}; "
                "laat die leeg of zet Opgepakt op 'ja'."
            )
        if triage.decision is None and not row.text("decision"):
            row.problem("kies bij Besluit als niet opgepakt 'advies' of 'doorverwezen'.")
        if triage.decision is TriageDecision.DOORVERWEZEN and not triage.referred_to:
            row.problem("vul bij Doorverwezen naar in naar wie de melder is verwezen.")
    if taken_on is True and triage.decision is not None:
        row.problem("deze melding is opgepakt; laat Besluit als niet opgepakt dan leeg.")
    decision = triage.decision if taken_on is False else None
    return _Triage(taken_on, decision, triage.referred_to)


def _check_closing(row: RowCells, case: _CaseFields, received_on: date | None) -> None:
    if case.closed_on is not None:
        if case.closed_on > row.today:
            row.problem("de datum van afsluiting ligt in de toekomst.")
        elif received_on is not None and case.closed_on < received_on:
            row.problem("de datum van afsluiting ligt vóór de datum van de melding.")
        if case.outcome is None and not row.text("outcome"):
            row.problem("vul bij een datum van afsluiting ook de Uitkomst in.")
    elif case.outcome is not None:
        row.problem("vul bij een Uitkomst ook de datum van afsluiting in.")


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text
