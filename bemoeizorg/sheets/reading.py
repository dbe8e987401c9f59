"""Bringing a team's spreadsheet of reports into the register.

`write_template` (sheets.template) writes the workbook to fill in: one row per report
(melding), Dutch column headers, a sheet "Uitleg" with every allowed value, dropdowns.
`read_workbook` reads a filled one and checks every row without touching the register:
the `ImportPreview` holds the Dutch row errors and what would be made (sheets.plan
decides who is who and which reports make a case). `import_preview` writes it all in one
transaction through the intake's own steps, or nothing when any row is wrong.

Error messages name the row and the column, never a person's details: they may end up on
a terminal or in a screenshot.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bemoeizorg.casework.bulk_intake import Plan, PlannedCase, write_plan
from bemoeizorg.domain.identity import birth_date_problem, bsn_problem, normalise_bsn
from bemoeizorg.domain.intake import PersonInput, ReporterInput, fold, report_problems
from bemoeizorg.domain.municipalities import BY_CODE as MUNICIPALITY_BY_CODE
from bemoeizorg.domain.vocabulary import Concern, TriageDecision, Urgency
from bemoeizorg.sheets.plan import ImportRow, owner_errors, plan_rows
from bemoeizorg.sheets.template import (
    BY_HEADER,
    BY_KEY,
    COLUMNS,
    CONCERNS,
    DECISIONS,
    HEADERS,
    MAX_ROWS,
    MUNICIPALITY_NAMES,
    NO,
    OUTCOMES,
    PHASES,
    REPORTER_KINDS,
    SHEET_HELP,
    SHEET_ROWS,
    SPECIALISMS,
    URGENCIES,
    YES,
    E,
    header_key,
    write_template,
)
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import TeamMember

SAMPLE_ROWS = 200


class ImportRefused(InvalidInput):
    """The workbook has errors: nothing was written. `errors` are the Dutch lines."""

    def __init__(self, errors: Sequence[str]) -> None:
        count = len(errors)
        super().__init__(
            f"De werkmap is niet ingelezen: {count} {'fout' if count == 1 else 'fouten'}. "
            "Er is niets gewijzigd in het register."
        )
        self.errors = list(errors)


@dataclass(frozen=True, slots=True)
class SampleRow:
    """A row as the preview table shows it: header -> text as it is in the workbook."""

    number: int
    cells: dict[str, str]
    has_error: bool


@dataclass(frozen=True, slots=True)
class ImportPreview:
    file_name: str
    rows: tuple[ImportRow, ...]  # the valid rows
    row_count: int  # all non-empty rows, valid or not
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    plan: Plan
    case_owners: tuple[tuple[str, int], ...]  # per planned case: owner name, its row
    sample: tuple[SampleRow, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def reports(self) -> int:
        return len(self.plan.reports)

    @property
    def persons(self) -> int:
        return len(self.plan.persons)

    @property
    def cases(self) -> int:
        return len(self.plan.cases)

    @property
    def closed_cases(self) -> int:
        return sum(1 for c in self.plan.cases if c.closed_on is not None)

    @property
    def not_taken_on(self) -> int:
        return sum(1 for r in self.plan.reports if r.decision is not TriageDecision.OPEN)


@dataclass(frozen=True, slots=True)
class ImportResult:
    reports: int
    persons: int
    cases: int


class _Row:
    """Parses the cells of one row, collecting Dutch problems."""

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
        value = _cell_text(self.cells.get(key))
        if len(value) > limit:
            self.problem(f"de kolom {self.column(key)} is te lang (meer dan {limit} tekens).")
            return value[:limit]
        return value

    def day(self, key: str) -> date | None:
        raw = self.cells.get(key)
        if _cell_text(raw) == "":
            return None
        value = _cell_date(raw)
        if value is None:
            shown = "" if BY_KEY[key].personal else f" ('{_cell_text(raw)[:30]}')"
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


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
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
    text = _cell_text(value)
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


def _parse_row(row: _Row) -> ImportRow | None:
    received_on = row.day("received_on")
    if received_on is None and not row.problems:
        row.problem("de datum van de melding ontbreekt.")
    elif received_on is not None:
        if received_on > row.today:
            row.problem("de datum van de melding ligt in de toekomst.")
        elif received_on.year < 1990:
            row.problem("de datum van de melding ligt vóór 1990; controleer het jaartal.")

    municipality_text = row.text("municipality")
    municipality = MUNICIPALITY_NAMES.get(fold(municipality_text)) if municipality_text else None
    if not municipality_text:
        row.problem("de gemeente ontbreekt.")
    elif municipality is None:
        row.problem(
            f"onbekende gemeente '{municipality_text[:40]}'; gebruik een naam of CBS-code uit "
            f"het blad {SHEET_HELP}."
        )

    family_name = row.text("family_name")
    alias = row.text("alias")
    if not family_name and not alias:
        row.problem("vul een achternaam in (of een roepnaam als die onbekend is).")
    birth_date = row.day("birth_date")
    if birth_date is not None:
        if birth_date > row.today:
            row.problem("de geboortedatum ligt in de toekomst.")
        elif received_on is not None and birth_date > received_on:
            row.problem("de geboortedatum ligt na de datum van de melding.")
        elif problem := birth_date_problem(birth_date, row.today):
            row.problem(_lower_first(problem))
    birth_year_estimate: int | None = None
    age_text = row.text("age")
    if age_text and birth_date is None:
        match = re.fullmatch(r"\D*(\d{1,3})\D*", age_text)
        if match is None or int(match.group(1)) > 120:
            row.problem("de geschatte leeftijd is geen aantal jaren tussen 0 en 120.")
        elif received_on is not None:
            birth_year_estimate = received_on.year - int(match.group(1))
    bsn = row.text("bsn")
    if problem := bsn_problem(bsn):
        row.problem(_lower_first(problem))

    kind = row.choice("reporter_kind", REPORTER_KINDS, "soort melder")
    if kind is None and not row.text("reporter_kind"):
        row.problem("de soort melder ontbreekt.")

    concerns: list[Concern] = []
    concerns_text = row.text("concerns", 2000)
    for part in re.split(r"[;,\n]", concerns_text):
        if not part.strip():
            continue
        concern = CONCERNS.get(fold(part))
        if concern is None:
            row.problem(f"onbekende zorg '{part.strip()[:40]}' (zie het blad {SHEET_HELP}).")
        elif concern not in concerns:
            concerns.append(concern)
    if not concerns_text:
        row.problem("vul minstens één zorg in.")

    urgency = row.choice("urgency", URGENCIES, "urgentie") or Urgency.NORMAAL

    taken_text = fold(row.text("taken_on"))
    taken_on: bool | None = None
    if taken_text in YES:
        taken_on = True
    elif taken_text in NO:
        taken_on = False
    elif taken_text:
        row.problem("vul bij Opgepakt 'ja' of 'nee' in.")
    decision = row.choice("decision", DECISIONS, "keuze bij Besluit als niet opgepakt")
    referred_to = row.text("referred_to", 500)
    owner = row.text("owner")
    specialism = row.choice("specialism", SPECIALISMS, "specialisme")
    phase = row.choice("phase", PHASES, "fase")
    closed_on = row.day("closed_on")
    outcome = row.choice("outcome", OUTCOMES, "uitkomst")
    case_columns = [
        row.column(k)
        for k in ("owner", "specialism", "phase", "closed_on", "outcome")
        if row.text(k)
    ]
    if taken_on is None and decision is not None:
        taken_on = False
    if taken_on is None and case_columns:
        row.problem("vul bij Opgepakt 'ja' in: deze rij heeft gegevens van een casus.")
    if taken_on is False:
        if case_columns:
            row.problem(
                f"deze melding is niet opgepakt maar heeft wel {', '.join(case_columns)}; "
                "laat die leeg of zet Opgepakt op 'ja'."
            )
        if decision is None and not row.text("decision"):
            row.problem("kies bij Besluit als niet opgepakt 'advies' of 'doorverwezen'.")
        if decision is TriageDecision.DOORVERWEZEN and not referred_to:
            row.problem("vul bij Doorverwezen naar in naar wie de melder is verwezen.")
    if taken_on is True and decision is not None:
        row.problem("deze melding is opgepakt; laat Besluit als niet opgepakt dan leeg.")
    if closed_on is not None:
        if closed_on > row.today:
            row.problem("de datum van afsluiting ligt in de toekomst.")
        elif received_on is not None and closed_on < received_on:
            row.problem("de datum van afsluiting ligt vóór de datum van de melding.")
        if outcome is None and not row.text("outcome"):
            row.problem("vul bij een datum van afsluiting ook de Uitkomst in.")
    elif outcome is not None:
        row.problem("vul bij een Uitkomst ook de datum van afsluiting in.")

    if row.problems or received_on is None or municipality is None or kind is None:
        return None
    person = PersonInput(
        family_name=family_name,
        municipality_code=municipality.code,
        prefix=row.text("prefix", 40).lower(),  # "Van der" at the start of a line
        given_names=row.text("given_names"),
        alias=alias,
        birth_date=birth_date,
        birth_year_estimate=birth_year_estimate,
        bsn=normalise_bsn(bsn),
        address=row.text("address", 300),
        postcode=row.text("postcode", 10).upper(),
        city=row.text("city", 100),
    )
    parsed = ImportRow(
        number=row.number,
        received_on=received_on,
        municipality_code=municipality.code,
        person=person,
        reporter=ReporterInput(
            kind=kind,
            organisation=row.text("reporter_organisation"),
            name=row.text("reporter_name"),
            contact=row.text("reporter_contact"),
        ),
        concerns=tuple(concerns),
        description=row.text("description", 20_000),
        urgency=urgency,
        taken_on=taken_on,
        decision=decision if taken_on is False else None,
        referred_to=referred_to,
        owner=owner,
        specialism=specialism,
        phase=phase,
        closed_on=closed_on,
        outcome=outcome,
    )
    # The intake's own checks, so the import can never write what intake would refuse.
    for problem in report_problems(parsed.report_input(), row.today).values():
        row.problem(_lower_first(problem))
    return None if row.problems else parsed


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = path.name
    if not path.exists():
        raise InvalidInput(f"Het bestand '{name}' bestaat niet (meer) op deze plek.")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel extras it skips (styles, extensions): not ours.
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError):
        raise InvalidInput(
            f"'{name}' is geen Excel-werkmap (.xlsx). Sla het bestand in Excel of LibreOffice "
            "op als Excel-werkmap (.xlsx) en probeer het opnieuw."
        ) from None
    except OSError:
        raise InvalidInput(f"Het bestand '{name}' kan niet worden gelezen.") from None


def read_workbook(
    path: Path, *, team: Collection[str] | None = None, today: date | None = None
) -> ImportPreview:
    """Parse and check a filled workbook; nothing in the register is touched.

    With `team` (the team members' names) an unknown case owner is an error already here;
    `import_preview` checks it again against the register.
    """
    path = Path(path)
    today = today or date.today()
    book = _open_workbook(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sheet = book[SHEET_ROWS] if SHEET_ROWS in book.sheetnames else book.worksheets[0]
            raw_rows = list(sheet.iter_rows(max_row=MAX_ROWS + 20, values_only=True))
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile):
        raise InvalidInput(f"De werkmap '{path.name}' kan niet worden gelezen.") from None
    finally:
        book.close()

    errors: list[str] = []
    warns: list[str] = []
    header_at, columns = _find_header(raw_rows)
    if header_at is None:
        raise InvalidInput(
            f"In '{path.name}' staat geen kopregel met de kolommen van het sjabloon (zoals "
            "'Datum melding' en 'Gemeente'). Gebruik het sjabloon: bemoeizorg template."
        )
    present = set(columns.values())
    for column in COLUMNS:
        if column.required and column.key not in present:
            errors.append(f"De kolom '{column.header}' ontbreekt.")
    header_row = raw_rows[header_at]
    for index, value in enumerate(header_row):
        text = _cell_text(value)
        if text and index not in columns:
            warns.append(f"De kolom '{text[:40]}' is onbekend en wordt niet ingelezen.")

    parsed: list[ImportRow] = []
    sample: list[SampleRow] = []
    row_count = 0
    for offset, values in enumerate(raw_rows[header_at + 1 :], start=header_at + 2):
        cells = {key: values[i] for i, key in columns.items() if i < len(values)}
        if all(_cell_text(v) == "" for v in cells.values()):
            continue
        row_count += 1
        if row_count > MAX_ROWS:
            errors.append(f"De werkmap heeft meer dan {MAX_ROWS} rijen; splits haar op.")
            break
        row = _Row(offset, cells, today)
        result = _parse_row(row)
        if result is not None:
            parsed.append(result)
        errors.extend(row.problems)
        if len(sample) < SAMPLE_ROWS:
            shown = {c.header: _cell_text(cells.get(c.key)) for c in COLUMNS}
            if result is not None:
                shown.update(_as_understood(result))
            sample.append(SampleRow(offset, shown, bool(row.problems)))
    if row_count == 0 and not errors:
        errors.append("De werkmap bevat geen meldingen: vul onder de kopregel één rij per melding.")

    plan, owners, plan_errors = plan_rows(parsed)
    errors.extend(plan_errors)
    if team is not None:
        errors.extend(owner_errors(owners, team))
    return ImportPreview(
        file_name=path.name,
        rows=tuple(parsed),
        row_count=row_count,
        errors=tuple(errors),
        warnings=tuple(warns),
        plan=plan,
        case_owners=tuple(owners),
        sample=tuple(sample),
    )


def _as_understood(row: ImportRow) -> dict[str, str]:
    """A valid row as the register will have it: names for codes, labels, dd-mm-jjjj."""

    def day(value: date | None) -> str:
        return value.strftime("%d-%m-%Y") if value else ""

    taken = {True: "ja", False: "nee", None: ""}[row.taken_on]
    values = {
        "received_on": day(row.received_on),
        "municipality": MUNICIPALITY_BY_CODE[row.municipality_code].name,
        "prefix": row.person.prefix,
        "birth_date": day(row.person.birth_date),
        "reporter_kind": row.reporter.kind.label,
        "concerns": "; ".join(c.label for c in row.concerns),
        "urgency": row.urgency.label,
        "taken_on": taken,
        "decision": row.decision.value if row.decision else "",
        "specialism": row.specialism.label if row.specialism else "",
        "phase": row.phase.label if row.phase else "",
        "closed_on": day(row.closed_on),
        "outcome": row.outcome.label if row.outcome else "",
    }
    return {BY_KEY[key].header: text for key, text in values.items()}


def _find_header(raw_rows: Sequence[Sequence[Any]]) -> tuple[int | None, dict[int, str]]:
    """The first of the top rows that names at least two template columns."""
    for at, values in enumerate(raw_rows[:15]):
        columns: dict[int, str] = {}
        for index, value in enumerate(values):
            column = BY_HEADER.get(header_key(_cell_text(value)))
            if column is not None and column.key not in columns.values():
                columns[index] = column.key
        if len(columns) >= 2:
            return at, columns
    return None, {}


# --- writing --------------------------------------------------------------------------


def team_names(register: Register) -> list[str]:
    with register.session() as session:
        return list(session.scalars(select(TeamMember.name).order_by(TeamMember.name)))


def import_preview(register: Register, preview: ImportPreview) -> ImportResult:
    """Write everything the preview describes in one transaction, or refuse and write nothing.

    One access-log entry per created report and per created case, as at intake.
    """
    if not preview.ok:
        raise ImportRefused(preview.errors or ("De werkmap bevat geen meldingen.",))
    with register.session() as session:
        team = {fold(m.name): m.id for m in session.scalars(select(TeamMember))}
        unknown = owner_errors(preview.case_owners, list(team))
        if unknown:
            raise ImportRefused(unknown)
        cases = [
            _with_owner(case, team.get(fold(name)) if name else None)
            for case, (name, _row) in zip(preview.plan.cases, preview.case_owners, strict=True)
        ]
        plan = Plan(preview.plan.persons, preview.plan.reports, cases)
        written = write_plan(session, register, plan)
    return ImportResult(len(written.report_ids), len(written.person_ids), len(written.case_ids))


def _with_owner(case: PlannedCase, owner_id: int | None) -> PlannedCase:
    return replace(case, owner_id=owner_id)


__all__ = [
    "BY_KEY",
    "COLUMNS",
    "HEADERS",
    "ImportPreview",
    "ImportRefused",
    "ImportResult",
    "ImportRow",
    "SampleRow",
    "import_preview",
    "read_workbook",
    "team_names",
    "write_template",
]
