"""Bringing a team's spreadsheet of reports into the register.

`write_template` (sheets.template) writes the workbook to fill in: one row per report
(melding), Dutch column headers, a sheet "Uitleg" with every allowed value, dropdowns.
`read_workbook` reads a filled one and checks every row (sheets.rows) without touching the
register: the `ImportPreview` holds the Dutch row errors and what would be made
(sheets.plan decides who is who and which reports make a case). `check_against_register`
then reads the register: rows already in it (the same person, by BSN or by name and birth
date, with a report of the same date and concerns) are "al in het register" and left out,
rows about a person already there go to that person, and a BSN the register holds for
someone else is an error. `import_preview` does that check again inside its one
transaction and writes the rest through the intake's own steps, or nothing when any row is
wrong: importing the same workbook twice imports nothing the second time.

Error messages name the row and the column, never a person's details: they may end up on
a terminal or in a screenshot.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Any, Protocol
from xml.etree.ElementTree import ParseError

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.casework.bulk_intake import (
    Plan,
    PlannedCase,
    RegisterPersons,
    write_plan,
)
from bemoeizorg.domain.formats import date_text, number_text
from bemoeizorg.domain.intake import fold
from bemoeizorg.domain.municipalities import BY_CODE as MUNICIPALITY_BY_CODE
from bemoeizorg.domain.vocabulary import TriageDecision
from bemoeizorg.sheets.fast_read import SheetReader, Unsupported
from bemoeizorg.sheets.limits import HEADER_ROOM, MAX_COLUMNS, check_workbook
from bemoeizorg.sheets.plan import ImportRow, owner_errors, plan_rows
from bemoeizorg.sheets.rows import RowCells, cell_text, is_empty, parse_row
from bemoeizorg.sheets.template import (
    BY_HEADER,
    BY_KEY,
    COLUMNS,
    HEADERS,
    MAX_ROWS,
    SHEET_ROWS,
    header_key,
    write_template,
)
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import TeamMember

SAMPLE_ROWS = 200
HEADER_ROWS = 15  # the header is one of the top rows


class Steps(Protocol):
    """How a long read or import says how far it is and is stopped: the windows'
    `JobControl` and the command line's progress line both are one. `check` raises (a
    cancel) between steps; nothing is written then."""

    def report(self, fraction: float | None = None, text: str = "") -> object: ...

    def check(self) -> None: ...


class _Quiet:
    def report(self, fraction: float | None = None, text: str = "") -> object:
        return None

    def check(self) -> None:
        return None


STEP_ROWS = 1000  # rows between two reports while reading and checking


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
    in_register: bool = False  # already in the register: not imported again


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
    row_errors: tuple[str, ...] = ()  # the errors of the rows themselves, before planning
    # What the plan was made from, besides `rows`: the register's person of each row (empty:
    # none known), and the errors planning found. The plan depends on nothing else, so a
    # comparison that finds the same persons keeps it instead of planning 100,000 rows again.
    planned_from: tuple[int | None, ...] = ()
    plan_errors: tuple[str, ...] = ()
    checked: bool = False  # compared with the register (check_against_register)
    in_register: tuple[int, ...] = ()  # row numbers already in the register

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def nothing_new(self) -> bool:
        """Every valid row is already in the register: there is nothing to import."""
        return self.checked and bool(self.rows) and not self.plan.reports

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
    persons: int  # new persons (a report about someone already there makes none)
    cases: int  # new cases
    skipped: int = 0  # rows already in the register, not imported again


def _not_a_workbook(name: str) -> InvalidInput:
    return InvalidInput(
        f"'{name}' is geen Excel-werkmap (.xlsx). Sla het bestand in Excel of LibreOffice "
        "op als Excel-werkmap (.xlsx) en probeer het opnieuw."
    )


# What a file that is no workbook (or a damaged one) raises in zipfile and openpyxl.
_NOT_A_WORKBOOK: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    ValueError,
    TypeError,
    EOFError,
    NotImplementedError,  # a packing method zip does not know
    RuntimeError,  # a zip with a password
)


def _checked(file: IO[bytes], name: str) -> None:
    """Refused unless `file` keeps the limits (sheets.limits), checked before any XML of
    it is parsed."""
    try:
        check_workbook(file, name)
    except _NOT_A_WORKBOOK:
        raise _not_a_workbook(name) from None
    except OSError:
        raise InvalidInput(f"Het bestand '{name}' kan niet worden gelezen.") from None


def _open_workbook(file: IO[bytes], name: str, *, checked: bool = False) -> Any:
    """The workbook in `file`, opened for reading once it keeps the limits (sheets.limits),
    which are checked before the spreadsheet library reads anything."""
    if not checked:
        _checked(file, name)
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        file.seek(0)
        with warnings.catch_warnings():
            # openpyxl warns about Excel extras it skips (styles, extensions): not ours.
            warnings.simplefilter("ignore")
            return load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, *_NOT_A_WORKBOOK):
        raise _not_a_workbook(name) from None
    except OSError:
        raise InvalidInput(f"Het bestand '{name}' kan niet worden gelezen.") from None


def read_workbook(
    path: Path,
    *,
    team: Collection[str] | None = None,
    today: date | None = None,
    steps: Steps | None = None,
) -> ImportPreview:
    """Parse and check a filled workbook; nothing in the register is touched.

    With `team` (the team members' names) an unknown case owner is an error already here;
    `import_preview` checks it again against the register.
    """
    path = Path(path)
    today = today or date.today()
    steps = steps or _Quiet()
    raw_rows = _sheet_rows(path, steps)
    header_at, columns = _find_header(raw_rows)
    if header_at is None:
        raise InvalidInput(
            f"In '{path.name}' staat geen kopregel met de kolommen van het sjabloon (zoals "
            "'Datum melding' en 'Gemeente'). Gebruik het sjabloon: bemoeizorg template."
        )
    errors, warns = _column_problems(raw_rows[header_at], columns)
    parsed: list[ImportRow] = []
    sample: list[SampleRow] = []
    row_count = 0
    last = len(raw_rows)
    for offset, values in enumerate(raw_rows[header_at + 1 :], start=header_at + 2):
        if offset % STEP_ROWS == 0:
            steps.check()
            steps.report(
                offset / last, f"Rijen controleren: {number_text(offset)} van {number_text(last)}"
            )
        cells = {key: values[i] for i, key in columns.items() if i < len(values)}
        if all(is_empty(v) for v in cells.values()):
            continue
        row_count += 1
        if row_count > MAX_ROWS:
            errors.append(f"De werkmap heeft meer dan {MAX_ROWS} rijen; splits haar op.")
            break
        row = RowCells(offset, cells, today)
        result = parse_row(row)
        if result is not None:
            parsed.append(result)
        errors.extend(row.problems)
        if len(sample) < SAMPLE_ROWS:
            sample.append(_sample_row(row, result))
    if row_count == 0 and not errors:
        errors.append("De werkmap bevat geen meldingen: vul onder de kopregel één rij per melding.")

    row_errors = tuple(errors)
    steps.check()
    steps.report(None, "Personen en casussen bepalen")
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
        row_errors=row_errors,
        plan_errors=tuple(plan_errors),
    )


def check_against_register(
    register: Register, preview: ImportPreview, steps: Steps | None = None
) -> ImportPreview:
    """The preview compared with the register (read only, nothing logged: no case is
    read): rows already there left out and marked, rows about known persons sent to them,
    BSN conflicts with the register as row errors, case owners checked against the team."""
    steps = steps or _Quiet()
    steps.check()
    steps.report(None, "Vergelijken met het register")
    with register.session() as session:
        return _against_register(session, preview)


def _against_register(session: Session, preview: ImportPreview) -> ImportPreview:
    conflicts: list[str] = []
    new_rows: list[ImportRow] = []
    known: list[int | None] = []
    in_register: list[int] = []
    persons = RegisterPersons(session)  # the register's persons read once, not per row
    found = [persons.find(row.person) for row in preview.rows]
    persons.read_reports({f.person_id for f in found if f.person_id is not None})
    for row, match in zip(preview.rows, found, strict=True):
        if match.conflict:
            conflicts.append(f"Rij {row.number}: {match.conflict}")
        elif match.person_id is not None and persons.has_report(
            match.person_id, row.received_on, row.concerns
        ):
            in_register.append(row.number)
            continue
        new_rows.append(row)
        known.append(match.person_id)
    planned_from = tuple(known) if any(k is not None for k in known) else ()
    if len(new_rows) == len(preview.rows) and planned_from == preview.planned_from:
        plan, owners = preview.plan, list(preview.case_owners)
        plan_errors = list(preview.plan_errors)
    else:
        plan, owners, plan_errors = plan_rows(new_rows, known)
    team = session.scalars(select(TeamMember.name))
    errors = (*preview.row_errors, *conflicts, *plan_errors, *owner_errors(owners, list(team)))
    marked = set(in_register)
    sample = tuple(
        replace(row, in_register=True) if row.number in marked else row for row in preview.sample
    )
    return replace(
        preview,
        errors=errors,
        plan=plan,
        case_owners=tuple(owners),
        sample=sample,
        checked=True,
        in_register=tuple(in_register),
        planned_from=planned_from,
        plan_errors=tuple(plan_errors),
    )


def _sheet_rows(path: Path, steps: Steps) -> list[tuple[Any, ...]]:
    """The values of the rows sheet (or the first sheet), a little past the most we take;
    refused before parsing when the workbook crosses a limit (sheets.limits). Read by
    sheets.fast_read (a third of openpyxl's time), else by openpyxl."""
    name = path.name
    try:
        file = path.open("rb")
    except FileNotFoundError:
        raise InvalidInput(f"Het bestand '{name}' bestaat niet (meer) op deze plek.") from None
    except OSError:
        raise InvalidInput(f"Het bestand '{name}' kan niet worden gelezen.") from None
    with file:
        _checked(file, name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    file.seek(0)
                    with zipfile.ZipFile(file) as archive:
                        sheet = SheetReader(archive, SHEET_ROWS)
                        return _read_rows(sheet.rows, steps)
                except Unsupported:
                    pass
                book = _open_workbook(file, name, checked=True)
                try:
                    ws = book[SHEET_ROWS] if SHEET_ROWS in book.sheetnames else book.worksheets[0]

                    def rows(max_row: int, max_col: int) -> Iterator[tuple[Any, ...]]:
                        values: Iterator[tuple[Any, ...]] = ws.iter_rows(
                            max_row=max_row, max_col=max_col, values_only=True
                        )
                        return values

                    return _read_rows(rows, steps)
                finally:
                    book.close()
        except (KeyError, ValueError, TypeError, IndexError, zipfile.BadZipFile, EOFError):
            raise InvalidInput(f"De werkmap '{name}' kan niet worden gelezen.") from None
        except ParseError:
            raise InvalidInput(f"De werkmap '{name}' kan niet worden gelezen.") from None


def _read_rows(
    rows: Callable[[int, int], Iterator[tuple[Any, ...]]], steps: Steps
) -> list[tuple[Any, ...]]:
    # As wide as the top rows, where the header is: not the sheet's stated size, which
    # without a <dimension> in the file (openpyxl's own write-only files) means reading
    # the whole sheet once more to find it.
    width = max((_width(row) for row in rows(HEADER_ROWS, MAX_COLUMNS)), default=0)
    read: list[tuple[Any, ...]] = []
    for row in rows(MAX_ROWS + HEADER_ROOM, max(width, 1)):
        read.append(row)
        if len(read) % STEP_ROWS == 0:
            steps.check()
            steps.report(None, f"Werkmap lezen: {number_text(len(read))} rijen")
    return read


def _width(row: tuple[Any, ...]) -> int:
    """How many cells the row has up to its last value."""
    return next((i + 1 for i in range(len(row) - 1, -1, -1) if row[i] is not None), 0)


def _column_problems(
    header_row: Sequence[Any], columns: dict[int, str]
) -> tuple[list[str], list[str]]:
    """Errors for required columns that are missing, warnings for columns we do not know."""
    present = set(columns.values())
    errors = [
        f"De kolom '{column.header}' ontbreekt."
        for column in COLUMNS
        if column.required and column.key not in present
    ]
    warns: list[str] = []
    for index, value in enumerate(header_row):
        text = cell_text(value)
        if text and index not in columns:
            warns.append(f"De kolom '{text[:40]}' is onbekend en wordt niet ingelezen.")
    return errors, warns


def _sample_row(row: RowCells, result: ImportRow | None) -> SampleRow:
    """The row for the preview table: as written, or for a valid row as understood."""
    shown = {c.header: cell_text(row.cells.get(c.key)) for c in COLUMNS}
    if result is not None:
        shown.update(_as_understood(result))
    return SampleRow(row.number, shown, bool(row.problems))


def _as_understood(row: ImportRow) -> dict[str, str]:
    """A valid row as the register will have it: names for codes, labels, dd-mm-jjjj."""

    def day(value: date | None) -> str:
        return date_text(value)

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
    for at, values in enumerate(raw_rows[:HEADER_ROWS]):
        columns: dict[int, str] = {}
        for index, value in enumerate(values):
            column = BY_HEADER.get(header_key(cell_text(value)))
            if column is not None and column.key not in columns.values():
                columns[index] = column.key
        if len(columns) >= 2:
            return at, columns
    return None, {}


# --- writing --------------------------------------------------------------------------


def team_names(register: Register) -> list[str]:
    with register.session() as session:
        return list(session.scalars(select(TeamMember.name).order_by(TeamMember.name)))


def import_preview(
    register: Register, preview: ImportPreview, steps: Steps | None = None
) -> ImportResult:
    """Write everything the preview describes in one transaction, or refuse and write nothing.

    One access-log entry per created report and per created case, as at intake. A cancel
    (`steps.check` raising) rolls the whole import back.
    """
    steps = steps or _Quiet()
    if not preview.ok:
        raise ImportRefused(preview.errors or ("De werkmap bevat geen meldingen.",))
    steps.report(None, "Vergelijken met het register")
    with register.session() as session:
        # Compared with the register again, inside this transaction: what it holds now.
        checked = _against_register(session, preview)
        if checked.errors:
            raise ImportRefused(checked.errors)
        skipped = len(checked.in_register)
        if not checked.plan.reports:
            return ImportResult(0, 0, 0, skipped)
        team = {fold(m.name): m.id for m in session.scalars(select(TeamMember))}
        cases = [
            _with_owner(case, team.get(fold(name)) if name else None)
            for case, (name, _row) in zip(checked.plan.cases, checked.case_owners, strict=True)
        ]
        plan = Plan(checked.plan.persons, checked.plan.reports, cases, checked.plan.known)

        def progress(done: int, total: int) -> None:
            steps.check()
            steps.report(
                done / max(total, 1), f"Importeren: {number_text(done)} van {number_text(total)}"
            )

        written = write_plan(session, register, plan, progress=progress)
        steps.check()
        steps.report(1.0, "Opslaan")
    return ImportResult(
        len(written.report_ids), len(written.person_ids), written.new_cases, skipped
    )


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
    "check_against_register",
    "import_preview",
    "read_workbook",
    "team_names",
    "write_template",
]
