"""The analyst at the regional body, as a test helper (issue 13), written apart from the
program's own suppression code: it reads only the published XLSX files.

From one or more publications of the same register it computes, for every withheld cell,
the lowest and highest whole value the cell can have given everything an analyst knows:
- every published number, a printed 0 as exact, and the marks as the file explains them
  ("." any whole number >= 0; the older "<5" 1..4 and "x" 5 or more);
- what the labels say without being told: municipalities add up to their subregion, the
  subregions to the region; the categories of a table add up to its total; the number of
  reports of an area is the same in every table that counts reports (Gemeenten, the
  triage total, the reporter total, the quarter total); a concern is named at most once
  per report and every report names one, so each concern count is at most the reports
  and the mentions at least the reports; youth + adults = the whole;
- what the "Samenhang" sheet lists (when the file has it), on top of the above;
- across publications: every count over a period is the sum of the same count over the
  pieces the periods cut the time line into (a year is the sum of its quarters, a year
  and one quarter give the rest of the year, a year's quarter columns are the quarters'
  totals), open cases at the same day are one number, and open at the end of a period
  = open before + opened - closings + reopenings (reopenings unknown, >= 0), per area
  and for youth and adults apart.

Each bound is an integer program solved by HiGHS (highspy) to optimality; the verdict is
the integer one. The protection rule (`Rule`): no withheld cell may be derivable exactly
(lowest = highest), and a withheld cell whose true value is small (1..threshold-1) must
be able to be 0 and to be `threshold` or more.

By hand: python -m tests.helpers.counts_attacker FILE.xlsx [FILE.xlsx ...] [--threshold 5]
(several files = publications of one register, attacked together; without the register
it lists the cells that are exact, or might be small and are bounded), or
python -m tests.helpers.counts_attacker --demo 1400 2025Q1 2025Q2 2025Q3 2025Q4 2025
(a demo register of 1,400 reports, those periods published in turn by the program, the
verdict with the register's true counts; BEMOEIZORG_DATA_DIR/CONFIG_DIR to a scratch
folder).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

import highspy
import numpy as np
import openpyxl
from openpyxl.utils import get_column_letter

from bemoeizorg.domain.municipalities import BY_CODE, MUNICIPALITIES, Subregion
from bemoeizorg.domain.people import Specialism
from bemoeizorg.exports.counts import TITLES

REGION = "Noord- en Midden-Limburg"
ALL = "*"  # the category of a total column
BIG = 10**6  # no count of this register comes near it: "unbounded" above this
NAMES = {m.name: m.code for m in MUNICIPALITIES}
SPECIALISMS = tuple(s.value for s in Specialism)
TOTAL_LABELS = ("Totaal", "Ontvangen", "Totaal vermeldingen")

# What a table (its title, see exports/counts.TITLES) counts, in the analyst's words:
# the quantity its categories are, and the quantity its total column is.
CATEGORY_OF = {
    "gemeenten": "reports",
    "meldingen": "triage",
    "melders": "reporter",
    "zorgen": "concern",
    "kwartalen": "reports",
    "geopend": "opened",
    "afgesloten": "closings",
    "open": "open",
}
REPORT_FAMILY = ("reports", "triage", "reporter", "concern")
CASE_FAMILY = ("opened", "closings")
STOCKS = ("open",)
# Quantities whose total is another quantity: the triage and reporter totals are reports.
TOTAL_OF = {"triage": "reports", "reporter": "reports"}


class AttackError(Exception):
    """The files cannot be read or do not add up as an analyst expects."""


@dataclass(frozen=True)
class Mark:
    text: str
    low: int
    high: int | None  # None: no upper bound


@dataclass
class Cell:
    """One number cell of a published table."""

    publication: int
    sheet: str
    ref: str  # e.g. "C5"
    table: str  # e.g. "afgesloten:jeugd"
    line: str  # a CBS code, a subregion name or REGION
    column: str  # the column label, or ALL for the total column
    value: int | None  # the number shown, None when withheld
    mark: Mark | None = None

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.ref}"

    @property
    def label(self) -> str:
        line = BY_CODE[self.line].name if self.line in BY_CODE else self.line
        column = "totaal" if self.column == ALL else self.column
        return f"{self.sheet} / {line} / {column}"


@dataclass
class Publication:
    path: Path
    start: date
    end: date
    marks: dict[str, Mark]
    cells: list[Cell]
    relations: list[tuple[str, list[str]]]  # Samenhang: total ref, part refs ("Sheet!C5")
    quarters: list[tuple[date, date]] = field(default_factory=list)  # Kwartalen's columns

    @property
    def withheld(self) -> list[Cell]:
        return [c for c in self.cells if c.value is None]


# --- reading a published XLSX ----------------------------------------------------------------

_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
_QUARTER = re.compile(r"^K([1-4]) (\d{4})$")


def _day(match: re.Match[str]) -> date:
    return date(int(match[3]), int(match[2]), int(match[1]))


def _marks(text: str) -> dict[str, Mark]:
    """The marks the explanation defines, with their meaning as it states it."""
    found: dict[str, Mark] = {}
    if '"."' in text:
        found["."] = Mark(".", 0, None)  # "kan elk aantal zijn, ook 0"
    for small in re.finditer(r'"<(\d+)"', text):
        found[f"<{small[1]}"] = Mark(f"<{small[1]}", 1, int(small[1]) - 1)
    more = re.search(r'"x"[^.]*?(\d+) of meer', text)
    if more:
        found["x"] = Mark("x", int(more[1]), None)
    return found


def _quantity(table: str, column: str) -> str:
    base, _, split = table.partition(":")
    quantity = CATEGORY_OF[base]
    if column == ALL:
        quantity = TOTAL_OF.get(quantity, quantity)
    return f"{quantity}:{split}" if split else quantity


def _table_key(title: str) -> str:
    for key, text in TITLES.items():
        if title == text:
            return key
        if title.startswith(text + ", "):
            split = title[len(text) + 2 :].strip().lower()
            if split in SPECIALISMS:
                return f"{key}:{split}"
    raise AttackError(f"onbekende tabel: {title!r}")


def _line(name: str, code: object) -> str:
    if isinstance(code, str) and code.startswith("GM"):
        if code not in BY_CODE:
            raise AttackError(f"onbekende gemeentecode {code}")
        return code
    name = name.strip()
    if name.startswith("Totaal "):  # the older files: "Totaal Noord-Limburg"
        name = name.removeprefix("Totaal ")
    if name == REGION or name in {s.value for s in Subregion}:
        return name
    if name in NAMES:
        return NAMES[name]
    raise AttackError(f"onbekende regel: {name!r}")


def read_publication(path: Path, index: int = 0) -> Publication:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book}
    finally:
        book.close()
    explanation = [str(r[0]) for r in sheets.get("Toelichting", []) if r and r[0]]
    text = "\n".join(explanation)
    period = next((line for line in explanation if line.startswith("Periode")), None)
    days = [_day(m) for m in _DATE.finditer(period or "")]
    if len(days) < 2:
        raise AttackError(f"{path.name}: geen periode in de Toelichting")
    marks = _marks(text)
    publication = Publication(path, days[-2], days[-1], marks, [], [])
    for name, rows in sheets.items():
        if name == "Toelichting":
            continue
        if name == "Samenhang":
            for row in rows:
                refs = [str(v) for v in row if v not in (None, "")]
                if len(refs) >= 2:
                    publication.relations.append((refs[0], refs[1:]))
            continue
        _read_table(publication, index, name, rows)
    if not publication.cells:
        raise AttackError(f"{path.name}: geen tabellen")
    return publication


def _read_table(
    publication: Publication, index: int, sheet: str, rows: list[tuple[Any, ...]]
) -> None:
    table = _table_key(str(rows[0][0]))
    header = [str(v) if v is not None else "" for v in rows[1]]
    first = 2 if len(header) > 1 and header[1] == "Code" else 1
    labels = [h for h in header[first:] if h]
    columns = []
    for i, label in enumerate(labels):
        last = i == len(labels) - 1
        total = table == "gemeenten" or (last and label in TOTAL_LABELS)
        columns.append(ALL if total else label)
    if table.startswith("kwartalen"):
        for label in labels:
            if m := _QUARTER.match(label):
                q, year = int(m[1]), int(m[2])
                start = date(year, 3 * q - 2, 1)
                end = date(year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
                publication.quarters.append(
                    (max(start, publication.start), min(end, publication.end))
                )
    for r, row in enumerate(rows[2:], start=3):
        if not row or row[0] in (None, ""):
            break
        line = _line(str(row[0]), row[1] if first == 2 else None)
        for c, column in enumerate(columns):
            raw = row[first + c] if first + c < len(row) else None
            ref = f"{get_column_letter(first + c + 1)}{r}"
            cell = Cell(index, sheet, ref, table, line, column, None)
            if isinstance(raw, bool) or raw is None:
                raise AttackError(f"{sheet}!{ref}: leeg")
            if isinstance(raw, int | float):
                cell.value = int(raw)
            elif str(raw).strip().isdigit():
                cell.value = int(str(raw).strip())
            elif str(raw).strip() in publication.marks:
                cell.mark = publication.marks[str(raw).strip()]
            else:
                raise AttackError(f"{sheet}!{ref}: {raw!r} is geen getal en geen uitgelegd teken")
            publication.cells.append(cell)


# --- the model -----------------------------------------------------------------------------

Var = tuple[str, str, str, date, date]  # quantity, line, category, first day, last day
Expr = dict[Var, int]


@dataclass
class Row:
    expr: Expr
    low: float
    high: float
    why: str


@dataclass
class Model:
    publications: list[Publication]
    variables: list[Var]
    rows: list[Row]
    expr_of: dict[tuple[int, str], Expr]  # (publication, "Sheet!C5") -> expression

    def expression(self, cell: Cell) -> Expr:
        return self.expr_of[(cell.publication, cell.where)]


def _boundaries(starts: Iterable[date]) -> list[date]:
    return sorted(set(starts))


def _segments(bounds: list[date]) -> list[tuple[date, date]]:
    return [(a, b - timedelta(days=1)) for a, b in zip(bounds, bounds[1:], strict=False)]


def _span(segments: list[tuple[date, date]], start: date, end: date) -> list[tuple[date, date]]:
    inside = [s for s in segments if s[0] >= start and s[1] <= end]
    if not inside or inside[0][0] != start or inside[-1][1] != end:
        raise AttackError(f"periode {start} - {end} valt niet samen met de stukken")
    return inside


def build_model(publications: Sequence[Publication]) -> Model:
    pubs = list(publications)
    covered = _covered(pubs)
    subregions = sorted({BY_CODE[c].subregion.value for c in covered})
    if not covered:  # files without municipality rows: the subregion rows shown are all
        names = {s.value for s in Subregion}
        subregions = sorted({c.line for p in pubs for c in p.cells if c.line in names})
    # Where each quantity is shown (lines, categories), closed upward: an area shown means
    # its subregion and the region are counts too.
    lines: dict[str, set[str]] = defaultdict(set)
    categories: dict[str, set[str]] = defaultdict(set)
    for pub in pubs:
        for cell in pub.cells:
            quantity = _quantity(cell.table, cell.column)
            lines[quantity].add(cell.line)
            if cell.column != ALL and not cell.table.startswith("kwartalen"):
                categories[quantity].add(cell.column)
    for quantity in list(lines):
        for line in list(lines[quantity]):
            if line in BY_CODE:
                lines[quantity] |= {BY_CODE[line].subregion.value, REGION}
            elif line != REGION:
                lines[quantity].add(REGION)
    for quantity, total in TOTAL_OF.items():
        if quantity in lines:
            lines[total] |= lines[quantity]
    # The pieces of the time line: every period's start and the day after its end; for
    # reports also the quarters a Kwartalen table shows.
    ends = [p.end + timedelta(days=1) for p in pubs]
    starts = [p.start for p in pubs]
    quarter_bounds = [d for p in pubs for q in p.quarters for d in (q[0], q[1] + timedelta(1))]
    pieces = {
        "reports": _segments(_boundaries([*starts, *ends, *quarter_bounds])),
        "cases": _segments(_boundaries([*starts, *ends])),
    }
    stock_days = sorted({p.end for p in pubs})

    def family(quantity: str) -> str | None:
        base = quantity.partition(":")[0]
        if base in REPORT_FAMILY:
            return "reports"
        if base in CASE_FAMILY:
            return "cases"
        return None

    def times(quantity: str) -> list[tuple[date, date]]:
        fam = family(quantity)
        return pieces[fam] if fam else [(d, d) for d in stock_days]

    def cats(quantity: str) -> list[str]:
        own = sorted(categories.get(quantity, set()))
        return own if quantity in TOTAL_OF else [*own, ALL]

    variables: list[Var] = []
    for quantity in sorted(lines):
        for line in sorted(lines[quantity]):
            for category in cats(quantity):
                variables += [(quantity, line, category, a, b) for a, b in times(quantity)]
    known = set(variables)
    rows: list[Row] = []

    def relate(expr: Expr, low: float, high: float, why: str) -> None:
        missing = [v for v in expr if v not in known]
        if missing:
            raise AttackError(f"{why}: {missing[0]} is geen bekende grootheid")
        rows.append(Row(expr, low, high, why))

    def equal(total: Var, parts: Sequence[Var], why: str) -> None:
        expr: Expr = defaultdict(int)
        expr[total] += 1
        for part in parts:
            expr[part] -= 1
        relate(dict(expr), 0, 0, why)

    for quantity in sorted(lines):
        own = categories.get(quantity, set())
        for a, b in times(quantity):
            for line in lines[quantity]:
                total = TOTAL_OF.get(quantity, quantity)
                if own:  # categories add up to the total
                    parts = [(quantity, line, c, a, b) for c in sorted(own)]
                    equal((total, line, ALL, a, b), parts, f"{quantity} {line}: kolommen")
            for category in cats(quantity):  # areas add up
                for line in lines[quantity]:
                    if line == REGION:
                        parts_of = subregions
                    elif line in subregions:
                        parts_of = [c for c in covered if BY_CODE[c].subregion.value == line]
                    else:
                        continue
                    if all(p in lines[quantity] for p in parts_of) and parts_of:
                        parts = [(quantity, p, category, a, b) for p in parts_of]
                        equal((quantity, line, category, a, b), parts, f"{quantity} {line}: regels")
    for base in ("closings", "open"):  # youth + adults = the whole
        splits = [f"{base}:{s}" for s in SPECIALISMS if f"{base}:{s}" in lines]
        if not splits or base not in lines:
            continue
        for a, b in times(base):
            for line in set.intersection(*(lines[s] for s in splits)) & lines[base]:
                for category in cats(base):
                    expr: Expr = {(base, line, category, a, b): 1}
                    for s in splits:
                        expr[(s, line, category, a, b)] = -1
                    exact = len(splits) == len(SPECIALISMS)
                    relate(expr, 0, 0 if exact else np.inf, f"{base} {line}: jeugd+volwassenen")
    if "concern" in lines and "reports" in lines:  # one report names 1..all concerns once
        for a, b in times("concern"):
            for line in lines["concern"] & lines["reports"]:
                report = ("reports", line, ALL, a, b)
                for category in cats("concern"):
                    expr = {report: 1, ("concern", line, category, a, b): -1}
                    if category == ALL:
                        relate(expr, -np.inf, 0, f"zorgen {line}: minstens één per melding")
                    else:
                        relate(expr, 0, np.inf, f"zorgen {line}: {category} hooguit per melding")
    # Open at the end = open before + opened - closings + reopenings (>= 0).
    for split in ("", *(f":{s}" for s in SPECIALISMS)):
        stock, closings = f"open{split}", f"closings{split}"
        opened_category = split[1:].capitalize() if split else ALL
        if not {stock, closings, "opened"} <= set(lines):
            continue
        if opened_category not in cats("opened"):
            continue
        common = lines[stock] & lines[closings] & lines["opened"]
        for before, after in zip(stock_days, stock_days[1:], strict=False):
            span = _span(pieces["cases"], before + timedelta(days=1), after)
            for line in common:
                expr = {(stock, line, ALL, after, after): 1, (stock, line, ALL, before, before): -1}
                for a, b in span:
                    expr[("opened", line, opened_category, a, b)] = -1
                    expr[(closings, line, ALL, a, b)] = 1
                relate(expr, 0, np.inf, f"open {line}{split}: {before} tot {after}")
    # Every shown cell as an expression over the pieces; numbers and marks bound it.
    expr_of: dict[tuple[int, str], Expr] = {}
    for i, pub in enumerate(pubs):
        for cell in pub.cells:
            quantity = _quantity(cell.table, cell.column)
            if cell.table.startswith("kwartalen") and cell.column != ALL:
                m = _QUARTER.match(cell.column)
                assert m, cell.column
                start = max(date(int(m[2]), 3 * int(m[1]) - 2, 1), pub.start)
                q_end = next(q[1] for q in pub.quarters if q[0] == start)
                span = _span(times(quantity), start, q_end)
                category = ALL
            else:
                fam = family(quantity)
                span = _span(times(quantity), pub.start, pub.end) if fam else [(pub.end, pub.end)]
                category = cell.column
            expr = {(quantity, cell.line, category, a, b): 1 for a, b in span}
            expr_of[(i, cell.where)] = expr
            if cell.value is not None:
                relate(expr, cell.value, cell.value, f"{pub.path.name} {cell.where} = {cell.value}")
            else:
                assert cell.mark is not None
                high = np.inf if cell.mark.high is None else cell.mark.high
                relate(
                    expr, cell.mark.low, high, f"{pub.path.name} {cell.where} = {cell.mark.text}"
                )
        for total, parts in pub.relations:  # what the export itself says adds up
            if (i, total) not in expr_of or any((i, p) not in expr_of for p in parts):
                raise AttackError(f"{pub.path.name}: Samenhang noemt een onbekende cel ({total})")
            combined: Expr = defaultdict(int)
            for v, k in expr_of[(i, total)].items():
                combined[v] += k
            for part in parts:
                for v, k in expr_of[(i, part)].items():
                    combined[v] -= k
            relate({v: k for v, k in combined.items() if k}, 0, 0, f"Samenhang {total}")
    return Model(pubs, variables, rows, expr_of)


def _covered(pubs: Sequence[Publication]) -> list[str]:
    """The team's municipalities: the municipality rows of the files (the same in each)."""
    seen: list[set[str]] = []
    for pub in pubs:
        codes = {c.line for c in pub.cells if c.line in BY_CODE}
        if codes:
            seen.append(codes)
    if not seen:
        return []  # no municipality rows: the subregions are not summed from them
    if any(s != seen[0] for s in seen):
        raise AttackError("de bestanden tonen niet dezelfde gemeenten")
    return [m.code for m in MUNICIPALITIES if m.code in seen[0]]


# --- the integer programs ------------------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    low: int
    high: int | None  # None: no upper bound


class _Solver:
    """One HiGHS model of all relations; `integer` False: its LP relaxation."""

    def __init__(self, model: Model, index: Mapping[Var, int], *, integer: bool) -> None:
        self.index = index
        n = len(model.variables)
        h = highspy.Highs()
        h.setOptionValue("output_flag", bool(os.environ.get("ATTACK_LOG")))
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-6)
        if not integer:  # cost changes then start from the last basis
            h.setOptionValue("presolve", "off")
            h.setOptionValue("simplex_strategy", 4)  # primal: the basis stays feasible
        h.addVars(n, np.zeros(n), np.full(n, float(BIG)))
        if integer:
            h.changeColsIntegrality(
                n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
            )
        starts, indices, values = [], [], []
        for row in model.rows:
            starts.append(len(indices))
            for v, k in row.expr.items():
                indices.append(index[v])
                values.append(float(k))
        low = np.array([r.low if np.isfinite(r.low) else -highspy.kHighsInf for r in model.rows])
        high = np.array([r.high if np.isfinite(r.high) else highspy.kHighsInf for r in model.rows])
        h.addRows(
            len(model.rows),
            low,
            high,
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(values, dtype=np.float64),
        )
        self.h = h
        self.solves = 0

    def optimum(self, expr: Expr, sense: str) -> tuple[float, np.ndarray]:
        """The lowest or highest value of `expr`, and a solution that has it."""
        h = self.h
        idx = np.array([self.index[v] for v in expr], dtype=np.int32)
        h.changeColsCost(len(idx), idx, np.array([float(k) for k in expr.values()]))
        h.changeObjectiveSense(
            highspy.ObjSense.kMinimize if sense == "min" else highspy.ObjSense.kMaximize
        )
        run_status = h.run()
        self.solves += 1
        status = h.getModelStatus()
        # Read the answer before the costs are reset: a change to the model clears it.
        solution = np.array(h.getSolution().col_value)
        value = float(h.getInfo().objective_function_value)
        h.changeColsCost(len(idx), idx, np.zeros(len(idx)))
        if status == highspy.HighsModelStatus.kInfeasible:
            raise AttackError("de gepubliceerde getallen passen niet bij elkaar (onoplosbaar)")
        if status != highspy.HighsModelStatus.kOptimal:
            raise AttackError(f"HiGHS: {h.modelStatusToString(status)} ({run_status})")
        return value, solution


@dataclass
class Attack:
    model: Model
    bounds: dict[tuple[int, str], Bounds]  # (publication, "Sheet!C5") -> interval
    solves: int  # integer programs solved (LP relaxations not counted)
    seconds: float

    def cells(self) -> list[Cell]:
        return [c for p in self.model.publications for c in p.withheld]

    def of(self, cell: Cell) -> Bounds:
        return self.bounds[(cell.publication, cell.where)]


def attack(publications: Sequence[Publication] | Sequence[Path]) -> Attack:
    """The exact whole-number interval of every withheld cell of these publications (of
    one register).

    Per cell and side: the LP relaxation gives a bound no whole-number solution passes
    (rounded inward), and every whole-number solution met so far gives a value that is
    possible; where the two meet that is the answer, elsewhere an integer program decides.
    """
    began = time.perf_counter()
    pubs = [
        p if isinstance(p, Publication) else read_publication(p, i)
        for i, p in enumerate(publications)
    ]
    for i, pub in enumerate(pubs):
        for cell in pub.cells:
            cell.publication = i
    model = build_model(pubs)
    index = {v: i for i, v in enumerate(model.variables)}
    targets: dict[tuple[tuple[Var, int], ...], list[tuple[int, str]]] = defaultdict(list)
    for pub in pubs:
        for cell in pub.withheld:
            key = tuple(sorted(model.expression(cell).items()))
            targets[key].append((cell.publication, cell.where))
    keys = list(targets)
    matrix = np.zeros((len(keys), len(index)))
    for t, key in enumerate(keys):
        for v, k in key:
            matrix[t, index[v]] = k
    seen_low = np.full(len(keys), np.inf)  # lowest value met in a whole-number solution
    seen_high = np.full(len(keys), -np.inf)

    def witness(solution: np.ndarray) -> None:
        nonlocal seen_low, seen_high
        if np.all(np.abs(solution - np.rint(solution)) < 1e-7):
            values = matrix @ np.rint(solution)
            seen_low = np.minimum(seen_low, values)
            seen_high = np.maximum(seen_high, values)

    relaxed = _Solver(model, index, integer=False)
    whole = _Solver(model, index, integer=True)
    found: dict[tuple[int, str], Bounds] = {}
    if keys:
        witness(whole.optimum({}, "min")[1])  # also: the published numbers fit together
    outer: list[tuple[int, int]] = []
    for key in keys:
        expr = dict(key)
        low, solution = relaxed.optimum(expr, "min")
        witness(solution)
        high, solution = relaxed.optimum(expr, "max")
        witness(solution)
        outer.append((math.ceil(low - 1e-6), math.floor(high + 1e-6)))
    for t, key in enumerate(keys):
        expr = dict(key)
        low, high = outer[t]
        if seen_low[t] > low:
            value, solution = whole.optimum(expr, "min")
            witness(solution)
            low = round(value)
        if seen_high[t] < high:
            value, solution = whole.optimum(expr, "max")
            witness(solution)
            high = round(value)
        for where in targets[key]:
            found[where] = Bounds(low, None if high > BIG // 2 else high)
    return Attack(model, found, whole.solves, time.perf_counter() - began)


# --- the verdict ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """The protection rule: no withheld cell exact; a withheld small count (1..threshold-1)
    can still be `low_reach` (0) and `high_reach` (default: the threshold)."""

    threshold: int = 5
    low_reach: int = 0
    high_reach: int | None = None

    @property
    def high(self) -> int:
        return self.threshold if self.high_reach is None else self.high_reach


@dataclass(frozen=True)
class Leak:
    cell: Cell
    bounds: Bounds
    true: int | None
    kind: str  # "exact", "small bounded below", "small bounded above"

    def __str__(self) -> str:
        high = "∞" if self.bounds.high is None else self.bounds.high
        true = "" if self.true is None else f", true {self.true}"
        return (
            f"{self.cell.where} ({self.cell.label}): {self.bounds.low}..{high}{true}: {self.kind}"
        )


def leaks(
    result: Attack, rule: Rule, truth: Mapping[tuple[int, str], int] | None = None
) -> list[Leak]:
    """The withheld cells the rule does not protect. Without the true values a cell counts
    when it might be a small count and is bounded (what the analyst can see)."""
    found: list[Leak] = []
    for cell in result.cells():
        b = result.of(cell)
        true = None if truth is None else truth[(cell.publication, cell.where)]
        high = BIG if b.high is None else b.high
        if b.low == high:
            found.append(Leak(cell, b, true, "exact"))
            continue
        small = (1 <= true < rule.threshold) if true is not None else b.low < rule.threshold
        if not small:
            continue
        if b.low > rule.low_reach and (true is not None or b.low >= 1):
            found.append(Leak(cell, b, true, "small bounded below"))
        elif high < rule.high and (true is not None or high >= 1):
            found.append(Leak(cell, b, true, "small bounded above"))
    return found


# --- the truth, for the tests --------------------------------------------------------------


class _Table(Protocol):
    columns: tuple[tuple[str, str], ...]
    values: Mapping[tuple[str, str], int]


class _Counts(Protocol):
    municipalities: tuple[str, ...]

    def table(self, key: str) -> Any: ...


TABLE_OF = {
    "reports": "meldingen",
    "triage": "meldingen",
    "reporter": "melders",
    "concern": "zorgen",
    "opened": "geopend",
    "closings": "afgesloten",
    "open": "open",
}


def true_values(model: Model, counts_between: Callable[[date, date], _Counts]) -> dict[Var, int]:
    """Every variable of the model from the register's own counts over each piece of time
    (`counts_between(first, last)` -> exports.counts.Counts)."""
    cache: dict[tuple[date, date], _Counts] = {}
    values: dict[Var, int] = {}
    for var in model.variables:
        quantity, line, category, a, b = var
        if (a, b) not in cache:
            cache[(a, b)] = counts_between(a, b)
        counts = cache[(a, b)]
        base, _, split = quantity.partition(":")
        table: _Table = counts.table(TABLE_OF[base] + (f":{split}" if split else ""))
        codes = [
            c
            for c in counts.municipalities
            if line in (c, REGION) or BY_CODE[c].subregion.value == line
        ]
        keys = [k for k, label in table.columns if category in (ALL, label)]
        if base == "reports":
            keys = [k for k, _ in table.columns]
        values[var] = sum(table.values.get((c, k), 0) for c in codes for k in keys)
    return values


def evaluate(expr: Expr, values: Mapping[Var, int]) -> int:
    return sum(k * values[v] for v, k in expr.items())


def violated(model: Model, values: Mapping[Var, int]) -> list[str]:
    """The relations (and shown numbers) the true values break: an attacker that assumes
    something false proves nothing, so the tests require none."""
    return [
        r.why for r in model.rows if not (r.low - 1e-9 <= evaluate(r.expr, values) <= r.high + 1e-9)
    ]


def cell_truth(model: Model, values: Mapping[Var, int]) -> dict[tuple[int, str], int]:
    return {where: evaluate(expr, values) for where, expr in model.expr_of.items()}


# --- by hand -------------------------------------------------------------------------------


def summary(result: Attack, rule: Rule, truth: Mapping[tuple[int, str], int] | None = None) -> str:
    found = leaks(result, rule, truth)
    lines = []
    for i, pub in enumerate(result.model.publications):
        mine = [x for x in found if x.cell.publication == i]
        kinds = defaultdict(int)
        for x in mine:
            kinds[x.kind] += 1
        shown = sum(1 for c in pub.cells if c.value is not None)
        lines.append(
            f"{pub.path.name} ({pub.start} - {pub.end}): {len(pub.withheld)} of "
            f"{len(pub.cells)} cells withheld ({shown} shown); exact: {kinds['exact']}; "
            f"small bounded below: {kinds['small bounded below']}; "
            f"small bounded above: {kinds['small bounded above']}"
        )
    lines.append(
        f"{len(result.model.variables)} variables, {len(result.model.rows)} relations, "
        f"{result.solves} integer programs, {result.seconds:.1f} s"
    )
    return "\n".join(lines)


def _period(text: str) -> tuple[date, date]:
    """'2025' or '2025Q1' (K1 also) as first and last day."""
    year, _, quarter = text.upper().replace("K", "Q").partition("Q")
    if not quarter:
        return date(int(year), 1, 1), date(int(year), 12, 31)
    q = int(quarter)
    start = date(int(year), 3 * q - 2, 1)
    return start, date(int(year) + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)


def demo_attack(
    reports: int, periods: Sequence[str], threshold: int, today: date, folder: Path
) -> int:
    """Build a demo register, publish the periods in turn through the program's export,
    attack the files together and judge with the register's true counts."""
    from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo
    from bemoeizorg.exports.counts import Period, compute_counts
    from bemoeizorg.exports.counts_export import export_counts
    from bemoeizorg.store.register import Register

    path = folder / "demo.bzregister"
    create_demo(path, reports=reports, today=today).lock()
    register = Register.unlock(path, DEMO_USER, DEMO_PASSPHRASE)
    try:
        files = []
        for text in periods:
            out = folder / f"{text}.xlsx"
            export_counts(register, Period(*_period(text)), out, threshold)
            files.append(out)
        result = attack(files)
        values = true_values(result.model, lambda a, b: compute_counts(register, Period(a, b)))
    finally:
        register.lock(log=False)
    wrong = violated(result.model, values)
    truth = cell_truth(result.model, values)
    for leak in leaks(result, Rule(threshold), truth):
        print(f"{result.model.publications[leak.cell.publication].path.name} {leak}")
    print(summary(result, Rule(threshold), truth))
    if wrong:
        print(f"relations the true counts break (the attacker is wrong): {wrong[:5]}")
    return 1 if wrong or leaks(result, Rule(threshold), truth) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.helpers.counts_attacker",
        description="Attack published counts (XLSX) as an analyst would; several files "
        "are publications of one register, attacked together. With --demo: build a demo "
        "register of that many reports, publish the periods given instead of files "
        "(2025, 2025Q1, ...) in that order, and judge with its true counts.",
    )
    parser.add_argument("files", nargs="+")
    parser.add_argument("--threshold", type=int, default=5)
    parser.add_argument("--all", action="store_true", help="print every withheld interval")
    parser.add_argument("--demo", type=int, metavar="MELDINGEN")
    parser.add_argument("--today", default="2026-01-31", help="the demo's today (JJJJ-MM-DD)")
    args = parser.parse_args(argv)
    rule = Rule(args.threshold)
    if args.demo:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            today = date.fromisoformat(args.today)
            return demo_attack(args.demo, args.files, args.threshold, today, Path(folder))
    result = attack([Path(f) for f in args.files])
    found = leaks(result, rule)
    if args.all:
        for cell in result.cells():
            b = result.of(cell)
            high = "∞" if b.high is None else b.high
            name = result.model.publications[cell.publication].path.name
            print(f"{name} {cell.where} ({cell.label}): {b.low}..{high}")
    for leak in found:
        print(f"{result.model.publications[leak.cell.publication].path.name} {leak}")
    print(summary(result, rule))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
