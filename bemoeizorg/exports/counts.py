"""The annual (or any period's) report counts for the regional monitor: the one place their
definitions live. The screen, the files and the merge of team files all use these.

Counts are computed in the database (GROUP BY), never by loading cases into Python. Only
aggregates leave this module: no case ids, names, reporters or workers.

Definitions (also printed in every export, see DEFINITIONS):
- a report counts in the period when it was received in it, in the municipality recorded
  on the report; reports from municipalities outside the team's area are left out;
- triage: taken on / advice / referred elsewhere / not yet assessed, as recorded now;
- concerns: a report with several concerns counts once under each, so the concern table's
  total is the number of mentions, more than the number of reports;
- cases opened: opening date in the period, municipality of the case;
- closings: each closing in the period (a case closed, reopened and closed again in the
  same period counts twice), by its outcome;
- open at the end of the period: opened on or before the last day and not closed then;
  the phase is the one it had on that day.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.municipalities import BY_CODE, MUNICIPALITIES
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.suppression import (
    MUNICIPALITY,
    REGION_ONLY,
    SUBREGION,
    TOTAL,
    Cell3,
    CountTable,
    full_grid,
)
from bemoeizorg.domain.vocabulary import (
    Concern,
    EventKind,
    Outcome,
    Phase,
    ReporterKind,
    TriageDecision,
)
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, CaseEvent, CoveredMunicipality, Report, ReportConcern
from bemoeizorg.store.sql_functions import month_of, year_of


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("end before start")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError("quarter 1-4")
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
        return cls(start, end)

    @property
    def label(self) -> str:
        if self == Period.year(self.start.year):
            return str(self.start.year)
        for q in range(1, 5):
            if self == Period.quarter(self.start.year, q):
                return f"{self.start.year}, kwartaal {q}"
        return f"{date_text(self.start)} tot en met {date_text(self.end)}"

    def quarters(self) -> list[tuple[str, str]]:
        """The calendar quarters the period touches: (key '2026-K1', label 'K1 2026')."""
        found: list[tuple[str, str]] = []
        year, q = self.start.year, (self.start.month - 1) // 3 + 1
        while date(year, 3 * q - 2, 1) <= self.end:
            found.append((f"{year}-K{q}", f"K{q} {year}"))
            year, q = (year + 1, 1) if q == 4 else (year, q + 1)
        return found


DEFINITIONS: dict[str, str] = {
    "gemeenten": (
        "Meldingen ontvangen in de periode, naar de gemeente op de melding. Meldingen uit "
        "gemeenten buiten het werkgebied van het team tellen niet mee."
    ),
    "meldingen": (
        "Meldingen ontvangen in de periode, naar de gemeente op de melding, en wat er bij de "
        "beoordeling mee is gedaan (opgepakt, advies gegeven, doorverwezen naar elders, nog "
        "niet beoordeeld). Het totaal is het aantal ontvangen meldingen."
    ),
    "melders": "Dezelfde meldingen, naar de soort melder. Het totaal is het aantal meldingen.",
    "zorgen": (
        "Dezelfde meldingen, naar de zorgen die erin genoemd zijn. Een melding met meer "
        "zorgen telt bij elke zorg één keer mee; het totaal is dus het aantal vermeldingen en "
        "is groter dan het aantal meldingen."
    ),
    "kwartalen": "Ontvangen meldingen per kwartaal. Het totaal is het aantal meldingen.",
    "geopend": "Casussen geopend in de periode (na het oppakken van een melding).",
    "afgesloten": (
        "Afsluitingen in de periode, naar uitkomst. Een casus die in dezelfde periode is "
        "afgesloten, heropend en weer afgesloten telt twee keer."
    ),
    "open": (
        "Casussen die op de laatste dag van de periode open waren, naar de fase waarin ze "
        "toen waren."
    ),
}

TITLES: dict[str, str] = {
    "gemeenten": "Meldingen per gemeente",
    "meldingen": "Meldingen en beoordeling",
    "melders": "Meldingen naar soort melder",
    "zorgen": "Meldingen naar zorg",
    "kwartalen": "Meldingen per kwartaal",
    "geopend": "Geopende casussen",
    "afgesloten": "Afsluitingen naar uitkomst",
    "open": "Open casussen aan het eind, naar fase",
}


@dataclass(frozen=True, slots=True)
class Counts:
    period: Period
    municipalities: tuple[str, ...]
    tables: tuple[CountTable, ...]

    def table(self, key: str) -> CountTable:
        return next(t for t in self.tables if t.key == key)


def _labels(enum: Iterable[object]) -> tuple[tuple[str, str], ...]:
    return tuple((str(v), str(getattr(v, "label", v))) for v in enum)


TRIAGE_COLUMNS = (
    (TriageDecision.OPGEPAKT.value, "Opgepakt"),
    (TriageDecision.ADVIES.value, "Niet opgepakt: advies"),
    (TriageDecision.DOORVERWEZEN.value, "Niet opgepakt: doorverwezen"),
    (TriageDecision.OPEN.value, "Nog niet beoordeeld"),
)
SPECIALISM_LABELS = {Specialism.JEUGD: "Jeugd", Specialism.VOLWASSENEN: "Volwassenen"}


TOTAL_LABELS = {"meldingen": "Ontvangen", "zorgen": "Totaal vermeldingen"}
BASE_KEYS = ("meldingen", "melders", "zorgen", "kwartalen", "geopend", "afgesloten", "open")
SPLIT_KEYS = ("afgesloten", "open")  # also apart for youth and adults


def table_keys(*, split_specialism: bool = True) -> tuple[str, ...]:
    """Every table's key, in the order the counts hold them."""
    split = [f"{base}:{s.value}" for s in Specialism for base in SPLIT_KEYS]
    return BASE_KEYS + (tuple(split) if split_specialism else ())


def table_columns(base: str, period: Period) -> tuple[tuple[str, str], ...]:
    """A table's columns (key, label): the one place they are decided."""
    match base:
        case "meldingen":
            return TRIAGE_COLUMNS
        case "melders":
            return _labels(ReporterKind)
        case "zorgen":
            return _labels(Concern)
        case "kwartalen":
            return tuple(period.quarters())
        case "geopend":
            return tuple((s.value, SPECIALISM_LABELS[s]) for s in Specialism)
        case "afgesloten":
            return _labels(Outcome)
        case "open":
            return _labels(Phase)
    raise KeyError(base)


def empty_table(key: str, period: Period, codes: Sequence[str]) -> CountTable:
    """The table `key` as the program makes it (title, columns, labels, note), no counts."""
    base, _, specialism = key.partition(":")
    suffix = f", {SPECIALISM_LABELS[Specialism(specialism)].lower()}" if specialism else ""
    if specialism and base not in SPLIT_KEYS:
        raise KeyError(key)
    return CountTable(
        key=key,
        title=TITLES[base] + suffix,
        columns=table_columns(base, period),
        municipalities=tuple(codes),
        values={},
        total_label=TOTAL_LABELS.get(base, "Totaal"),
        note=DEFINITIONS[base],
    )


def _table(
    key: str, period: Period, codes: Sequence[str], rows: Iterable[tuple[str, str, int]]
) -> CountTable:
    table = empty_table(key, period, codes)
    wanted = {c for c, _ in table.columns}
    values: dict[tuple[str, str], int] = {}
    for code, column, count in rows:
        if code in codes and column in wanted:
            values[(code, column)] = values.get((code, column), 0) + int(count)
    return replace(table, values=values)


def _latest_of_case(kinds: Sequence[str], end: date, column: Any) -> Any:
    """The case's latest event of these kinds on or before `end` (a correlated lookup)."""
    return (
        select(column)
        .where(
            CaseEvent.case_id == Case.id,
            CaseEvent.kind.in_(kinds),
            CaseEvent.on_date <= end,
            CaseEvent.superseded_at.is_(None),  # corrected or withdrawn lines do not count
        )
        .order_by(CaseEvent.on_date.desc(), CaseEvent.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _open_at_end(session: Session, end: date) -> list[tuple[str, str, str, int]]:
    """(municipality, specialism, phase then, count) of cases open on `end`.

    The case row itself answers for almost every case: a case never reopened was open on
    `end` when it was opened by then and not closed by then, and a case whose current phase
    began by `end` was in that phase then. Only reopened cases, and cases whose phase
    changed after `end`, look in their events (by index), so a year's count does not read
    every case's timeline.
    """
    reopened = select(CaseEvent.case_id).where(
        CaseEvent.kind == EventKind.HEROPEND.value, CaseEvent.superseded_at.is_(None)
    )
    closing = (EventKind.AFGESLOTEN.value, EventKind.HEROPEND.value)
    closed_by_date = and_(Case.closed_on.is_not(None), Case.closed_on <= end)
    state_then = func.coalesce(
        _latest_of_case(closing, end, CaseEvent.kind),
        case((closed_by_date, EventKind.AFGESLOTEN.value)),
    )
    open_then = case(
        (
            Case.id.in_(reopened),
            or_(state_then.is_(None), state_then != EventKind.AFGESLOTEN.value),
        ),
        else_=~closed_by_date,
    )
    phase_then = case(
        (Case.phase_since <= end, Case.phase),
        else_=func.coalesce(
            _latest_of_case((EventKind.FASE.value,), end, CaseEvent.phase_to), Phase.VINDEN.value
        ),
    )
    stmt = (
        select(Case.municipality_code, Case.specialism, phase_then, func.count())
        .where(Case.opened_on <= end, open_then)
        .group_by(Case.municipality_code, Case.specialism, phase_then)
    )
    return [(code, sp, ph, int(n)) for code, sp, ph, n in session.execute(stmt)]


def counts_in_session(
    session: Session, period: Period, codes: Sequence[str], *, split_specialism: bool
) -> Counts:
    start, end = period.start, period.end
    in_period = and_(Report.received_on >= start, Report.received_on <= end)

    def grouped(column: Any, *, concerns: bool = False) -> list[tuple[str, str, int]]:
        stmt = select(Report.municipality_code, column, func.count()).where(in_period)
        if concerns:
            stmt = stmt.join(ReportConcern, ReportConcern.report_id == Report.id)
        stmt = stmt.group_by(Report.municipality_code, column)
        return [(c, str(k), int(n)) for c, k, n in session.execute(stmt)]

    # '2026-K1': computed by the database, so grouping by quarter stays in it.
    month = month_of(Report.received_on)
    quarter = (
        year_of(Report.received_on)
        + literal("-K")
        + cast((month + 2) // 3, String)  # // : integer division on both engines
    )
    opened = session.execute(
        select(Case.municipality_code, Case.specialism, func.count())
        .where(Case.opened_on >= start, Case.opened_on <= end)
        .group_by(Case.municipality_code, Case.specialism)
    ).all()
    closings = session.execute(
        select(Case.municipality_code, Case.specialism, CaseEvent.outcome, func.count())
        .join(Case, Case.id == CaseEvent.case_id)
        .where(
            CaseEvent.kind == EventKind.AFGESLOTEN.value,
            CaseEvent.on_date >= start,
            CaseEvent.on_date <= end,
            CaseEvent.superseded_at.is_(None),  # a corrected closing counts once, a withdrawn not
        )
        .group_by(Case.municipality_code, Case.specialism, CaseEvent.outcome)
    ).all()
    open_rows = _open_at_end(session, end)
    rows: dict[str, list[tuple[str, str, int]]] = {
        "meldingen": grouped(Report.triage),
        "melders": grouped(Report.reporter_kind),
        "zorgen": grouped(ReportConcern.concern, concerns=True),
        "kwartalen": grouped(quarter),
        "geopend": [(c, s, n) for c, s, n in opened],
        "afgesloten": [(c, o or "", n) for c, _s, o, n in closings],
        "open": [(c, p, n) for c, _s, p, n in open_rows],
    }
    for specialism in Specialism:
        rows[f"afgesloten:{specialism.value}"] = [
            (c, o or "", n) for c, s, o, n in closings if s == specialism.value
        ]
        rows[f"open:{specialism.value}"] = [
            (c, p, n) for c, s, p, n in open_rows if s == specialism.value
        ]
    keys = table_keys(split_specialism=split_specialism)
    tables = [_table(key, period, codes, rows[key]) for key in keys]
    return Counts(period, tuple(codes), tuple(tables))


def ordered_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Known municipalities in the standard order (Noord first, then Midden)."""
    wanted = set(codes)
    return tuple(m.code for m in MUNICIPALITIES if m.code in wanted)


def compute_counts(register: Register, period: Period) -> Counts:
    """Counts over the team's covered municipalities, with youth and adults also apart
    (`publishable` drops that split where the team has only one specialism)."""
    with register.session() as session:
        covered = ordered_codes(session.scalars(select(CoveredMunicipality.code)))
        if not covered:
            covered = ordered_codes(BY_CODE)
        return counts_in_session(session, period, covered, split_specialism=True)


def has_both_specialisms(counts: Counts) -> bool:
    """Youth and adults are shown apart only where the team works with both."""
    seen = {col for (_code, col), n in counts.table("geopend").values.items() if n}
    for table in counts.tables:
        if ":" in table.key and any(table.values.values()):
            seen.add(table.key.split(":")[1])
    return len(seen) > 1


BREAKDOWNS = ("meldingen", "melders", "zorgen", "kwartalen")


def municipality_totals(counts: Counts) -> CountTable:
    """The figure the monitor needs most, as a table of its own: reports per municipality."""
    triage = counts.table("meldingen")
    values: dict[tuple[str, str], int] = {}
    for (code, _column), n in triage.values.items():
        values[(code, "meldingen")] = values.get((code, "meldingen"), 0) + n
    return CountTable(
        key="gemeenten",
        title=TITLES["gemeenten"],
        columns=(("meldingen", "Meldingen"),),
        municipalities=counts.municipalities,
        values=values,
        note=DEFINITIONS["gemeenten"],
        level=MUNICIPALITY,
        total_column=False,
    )


def publishable(counts: Counts, *, per_municipality: bool = False) -> list[CountTable]:
    """The tables as published, shaped for the monitor: the municipality totals of reports
    as a table of their own; the breakdowns (triage, reporter, concern, quarter) per
    subregion, or per municipality when asked; the case tables per subregion; youth and
    adults apart at region level only, and only where the team works with both."""
    both = has_both_specialisms(counts)
    chosen = [municipality_totals(counts)]
    for table in counts.tables:
        base, _, specialism = table.key.partition(":")
        if specialism:
            if both:
                chosen.append(replace(table, level=REGION_ONLY))
            continue
        if base == "kwartalen" and len(table.columns) < 2:
            continue  # one quarter: the same numbers as the municipality totals
        detailed = per_municipality and base in BREAKDOWNS
        chosen.append(replace(table, level=MUNICIPALITY if detailed else SUBREGION))
    return chosen


# Tables whose totals are the same number (reports received), with the column that holds it.
SAME_TOTALS = (("gemeenten", "meldingen"), ("meldingen", TOTAL), ("melders", TOTAL),
               ("kwartalen", TOTAL))  # fmt: skip


def links(tables: Sequence[CountTable]) -> list[list[Cell3]]:
    """The relations between tables: the same totals (one part each), and youth + adults
    = the whole, wherever both tables have the row."""
    by_key = {t.key: t for t in tables}
    rows_of = {t.key: full_grid(t)[0] for t in tables}
    found: list[list[Cell3]] = []
    same = [(k, c) for k, c in SAME_TOTALS if k in by_key]
    for (first, c1), (second, c2) in itertools.pairwise(same):
        common = [r for r in rows_of[first] if r in set(rows_of[second])]
        found += [[(first, r, c1), (second, r, c2)] for r in common]
    for base in ("afgesloten", "open"):
        parts = [f"{base}:{s.value}" for s in Specialism]
        if base in by_key and all(p in by_key for p in parts):
            _rows, columns, _grid = full_grid(by_key[base])
            common = [r for r in rows_of[parts[0]] if r in set(rows_of[base])]
            found += [[*((p, r, c) for p in parts), (base, r, c)] for r in common for c in columns]
    return found
