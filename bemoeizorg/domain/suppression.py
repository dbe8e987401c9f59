"""Withholding numbers in count tables that leave the team.

A table has areas as rows and categories as columns. Its level says which areas:
municipalities grouped by subregion (each subregion's row adds them up, the region's row
the subregions), subregions only, or the region alone. What is published adds a total
column (unless the table has one column) and the subregion and region rows. Every
published number takes part in relations: a row's categories add up to its total, the
municipalities to their subregion, the subregions to the region; tables of one
publication share numbers (the same reports counted by triage and by reporter), and
earlier publications of the register overlap (a year and its quarters).

Which numbers are withheld is decided by the analyst in `domain/disclosure.py` (its
docstring states the protection rule): counts from 1 to threshold-1 (primary), and the
fewest, cheapest others needed so that no withheld number can be worked back from every
published number and relation, earlier publications included. Every withheld number
reads "." (the CBS mark), whether small or not: the mark says nothing about the size.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bemoeizorg.domain.disclosure import Outcome, Problem, Requirement, Role, protect
from bemoeizorg.domain.municipalities import BY_CODE, Subregion

TOTAL = "totaal"
REGION = "regio"
DEFAULT_THRESHOLD = 5
MARK = "."
REGION_NAME = "Noord- en Midden-Limburg"

# Levels: which rows a table has.
MUNICIPALITY, SUBREGION, REGION_ONLY = "gemeente", "subregio", "regio"


def subregion_key(subregion: Subregion) -> str:
    return f"sub:{subregion.value}"


def is_sum_row(row: str) -> bool:
    return row == REGION or row.startswith("sub:")


@dataclass(frozen=True, slots=True)
class CountTable:
    """Raw counts: values[(municipality code, column key)], missing means 0. `level` says
    which rows are published (the values stay per municipality)."""

    key: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (key, label)
    municipalities: tuple[str, ...]  # codes, in the order to show
    values: Mapping[tuple[str, str], int]
    total_label: str = "Totaal"
    note: str = ""
    level: str = MUNICIPALITY
    total_column: bool = True

    def value(self, code: str, column: str) -> int:
        return int(self.values.get((code, column), 0))


@dataclass(frozen=True, slots=True)
class Cell:
    value: int
    hidden: bool = False
    primary: bool = False  # withheld because it is small itself (never shown as such)

    def text(self, threshold: int = DEFAULT_THRESHOLD) -> str:
        """The number, or "." when withheld (one mark, whatever the reason)."""
        return MARK if self.hidden else str(self.value)


@dataclass(frozen=True, slots=True)
class PublishedTable:
    table: CountTable
    row_keys: tuple[str, ...]  # municipality codes, subregion keys, REGION
    column_keys: tuple[str, ...]  # category keys, and TOTAL when the table has one
    cells: Mapping[tuple[str, str], Cell]
    threshold: int
    # Why an extra cell is withheld: the cell it protects, in words (for the screen).
    reasons: Mapping[tuple[str, str], str] = field(default_factory=dict)
    # Small counts an earlier publication at a lower threshold already gave away (shown
    # as it did, or withheld as far as still possible; see domain/disclosure.py).
    given_before: frozenset[tuple[str, str]] = frozenset()

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]

    def row_label(self, row: str) -> str:
        return row_label(row)

    def row_code(self, row: str) -> str:
        """The CBS code of a municipality row ("GM0889"); "" for subregions and region."""
        return "" if is_sum_row(row) else row

    def column_label(self, column: str) -> str:
        if column == TOTAL:
            return self.table.total_label
        return dict(self.table.columns)[column]

    @property
    def hidden_primary(self) -> int:
        return sum(1 for c in self.cells.values() if c.primary)

    @property
    def hidden_secondary(self) -> int:
        return sum(1 for c in self.cells.values() if c.hidden and not c.primary)

    @property
    def hidden_count(self) -> int:
        return sum(1 for c in self.cells.values() if c.hidden)


def row_label(row: str) -> str:
    if row == REGION:
        return REGION_NAME
    if row.startswith("sub:"):
        return row[4:]
    return BY_CODE[row].name


def _layout(table: CountTable) -> tuple[list[str], dict[str, list[str]]]:
    """Row keys in order, and which rows each sum row adds up (municipality codes for a
    table below municipality level)."""
    rows: list[str] = []
    parts: dict[str, list[str]] = {REGION: []}
    for subregion in Subregion:
        members = [c for c in table.municipalities if BY_CODE[c].subregion is subregion]
        if not members:
            continue
        key = subregion_key(subregion)
        if table.level == MUNICIPALITY:
            rows += members
        if table.level != REGION_ONLY:
            rows.append(key)
        parts[key] = members
        parts[REGION].append(key)
    rows.append(REGION)
    return rows, parts


def table_columns(table: CountTable) -> list[str]:
    own = [key for key, _label in table.columns]
    return [*own, TOTAL] if table.total_column and len(own) > 1 else own


def full_grid(table: CountTable) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """Every published number before withholding: body, totals and subtotals."""
    rows, parts = _layout(table)
    own = [key for key, _label in table.columns]
    columns = table_columns(table)
    grid: dict[tuple[str, str], int] = {}
    for code in table.municipalities:
        for key in own:
            grid[(code, key)] = table.value(code, key)
        grid[(code, TOTAL)] = sum(grid[(code, key)] for key in own)
    for parent in [*parts.keys() - {REGION}, REGION]:
        for column in [*own, TOTAL]:
            grid[(parent, column)] = sum(grid[(child, column)] for child in parts[parent])
    return rows, columns, {(r, c): grid[(r, c)] for r in rows for c in columns}


def equations(table: CountTable) -> list[list[tuple[str, str]]]:
    """Each relation of the published table as its cells, the sum cell last:
    sum(cells[:-1]) == cells[-1]."""
    rows, parts = _layout(table)
    columns = table_columns(table)
    shown = set(rows)
    found: list[list[tuple[str, str]]] = []
    if TOTAL in columns:
        for row in rows:
            found.append([(row, c) for c in columns if c != TOTAL] + [(row, TOTAL)])
    for column in columns:
        for parent, children in parts.items():
            if parent in shown and all(c in shown for c in children) and len(children) > 0:
                found.append([(child, column) for child in children] + [(parent, column)])
    return found


Cell3 = tuple[str, str, str]  # (table key, row, column): a cell of this publication


class CannotSuppress(ValueError):
    """Some withheld number cannot be protected, whatever else is withheld."""

    def __init__(self, cells: Sequence[Hashable]) -> None:
        super().__init__("a withheld number stays computable")
        self.cells = list(cells)


@dataclass(frozen=True, slots=True)
class Context:
    """What else the analyst knows besides this publication: cells of earlier publications
    (shown, or withheld and then whether small) and latent counts no publication shows,
    with the relations that tie them to each other and to this publication's cells."""

    values: Mapping[Hashable, int] = field(default_factory=dict)
    shown: frozenset[Hashable] = frozenset()
    hidden: frozenset[Hashable] = frozenset()
    primary: frozenset[Hashable] = frozenset()
    relations: Sequence[tuple[Hashable, Sequence[Hashable]]] = ()
    # Each (smaller, larger): sum of the first's cells <= sum of the second's.
    inequalities: Sequence[tuple[Sequence[Hashable], Sequence[Hashable]]] = ()
    describe: Mapping[Hashable, str] = field(default_factory=dict)  # an earlier cell in words
    reach: Mapping[Hashable, int] = field(default_factory=dict)  # earlier small: its threshold
    earlier_threshold: int = 0  # the lowest threshold of the earlier publications


def default_weight(cell: Cell3, value: int) -> float:
    """What withholding a cell costs: one for a cell, more for the totals the monitor uses
    most (municipality totals, subregion and region rows, total columns)."""
    key, row, column = cell
    weight = 1.0
    if row == REGION:
        weight *= 3.0
    elif row.startswith("sub:"):
        weight *= 2.0
    if column == TOTAL:
        weight *= 1.5
    if key == "gemeenten":
        weight *= 2.5
    return weight * (1.0 + 0.001 * min(value, 500))


Weight = Callable[[Cell3, int], float]
Progress = Callable[[], None]
Inequality = tuple[Sequence[Hashable], Sequence[Hashable]]  # sum(smaller) <= sum(larger)


def suppress(table: CountTable, threshold: int = DEFAULT_THRESHOLD) -> PublishedTable:
    return suppress_family([table], [], threshold)[0]


def suppress_family(
    tables: Sequence[CountTable],
    links: Sequence[Sequence[Cell3]],
    threshold: int,
    context: Context | None = None,
    *,
    inequalities: Sequence[Inequality] = (),
    weight: Weight = default_weight,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[PublishedTable]:
    """Withhold in tables that share numbers as one system, so a number withheld in one
    table cannot be read from another or from an earlier publication. `links` are extra
    relations between their cells, each `sum(cells[:-1]) == cells[-1]`: two tables with
    the same totals, or youth + adults = the whole; `inequalities` what an analyst knows
    besides (each concern at most the reports). Raises CannotSuppress."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    context = context or Context()
    grid: dict[Cell3, int] = {}
    eqs: list[list[Cell3]] = [list(link) for link in links]
    layouts = []
    for table in tables:
        rows, columns, counts = full_grid(table)
        layouts.append((rows, columns))
        grid.update({(table.key, r, c): v for (r, c), v in counts.items()})
        eqs += [[(table.key, r, c) for r, c in eq] for eq in equations(table)]
    outcome, index = solve(
        grid, eqs, threshold, context, weight, progress, cancelled, inequalities=inequalities
    )
    if not outcome.ok:
        lost = {r.cell for r in outcome.unprotectable}
        raise CannotSuppress([key for key, i in index.items() if i in lost])
    names = {i: key for key, i in index.items()}

    by_key = {t.key: t for t in tables}

    def why(req: Requirement) -> str:
        """The cell an extra one protects, in words (never its value)."""
        key = names[req.cell]
        if key in grid:
            t, r, c = key
            table = by_key[t]
            label = table.total_label if c == TOTAL else dict(table.columns)[c]
            return f"{table.title}: {row_label(r)}, {label}"
        return context.describe.get(key, "een cijfer uit een eerdere publicatie")

    published = []
    for table, (rows, columns) in zip(tables, layouts, strict=True):
        cells: dict[tuple[str, str], Cell] = {}
        reasons: dict[tuple[str, str], str] = {}
        given: set[tuple[str, str]] = set()
        for r in rows:
            for c in columns:
                i = index[(table.key, r, c)]
                if i in outcome.relaxed or i in outcome.released:
                    given.add((r, c))
                cells[(r, c)] = Cell(grid[(table.key, r, c)], i in outcome.hidden,
                                     i in outcome.primary)  # fmt: skip
                if i in outcome.reason:
                    reasons[(r, c)] = why(outcome.reason[i])
        published.append(
            PublishedTable(
                table, tuple(rows), tuple(columns), cells, threshold, reasons, frozenset(given)
            )
        )
    return published


def solve(
    grid: Mapping[Cell3, int],
    eqs: Sequence[Sequence[Cell3]],
    threshold: int,
    context: Context,
    weight: Weight = default_weight,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    inequalities: Sequence[Inequality] = (),
) -> tuple[Outcome, dict[Any, int]]:
    """The analyst's problem for these cells and what it decides; index: cell -> number."""
    index: dict[Any, int] = {}
    values: list[int] = []
    roles: list[Role] = []
    cost: list[float] = []

    def add(key: Hashable, value: int, role: Role, price: float) -> None:
        index[key] = len(values)
        values.append(value)
        roles.append(role)
        cost.append(price)

    for key, value in grid.items():
        add(key, value, Role.CANDIDATE, weight(key, value))
    for other, value in context.values.items():
        if other in index:
            continue
        if other in context.shown:
            role = Role.EARLIER_SHOWN
        elif other in context.hidden:
            role = Role.EARLIER_HIDDEN
        else:
            role = Role.LATENT
        add(other, value, role, 1.0)
    relations = [(index[eq[-1]], [index[c] for c in eq[:-1]]) for eq in eqs]
    relations += [(index[t], [index[p] for p in parts]) for t, parts in context.relations]
    bounded = [
        ([index[c] for c in smaller], [index[c] for c in larger])
        for smaller, larger in [*inequalities, *context.inequalities]
    ]
    problem = Problem(
        values,
        relations,
        roles,
        threshold,
        cost,
        earlier_primary=[index[k] for k in context.primary if k in index],
        inequalities=bounded,
        reach={index[k]: t for k, t in context.reach.items() if k in index},
        earlier_threshold=context.earlier_threshold,
    )
    return protect(problem, progress=progress, cancelled=cancelled), index


def explain(published: Sequence[PublishedTable], threshold: int) -> list[str]:
    """Plain Dutch: that figures are withheld to protect people, and how many."""
    withheld = sum(p.hidden_count for p in published)
    total = sum(len(p.cells) for p in published)
    words = [
        f'Een punt (".") staat voor een weggelaten cijfer. Om mensen te beschermen zijn in '
        f"deze uitvoer {withheld} van de {total} cijfers weggelaten. Een weggelaten cijfer "
        "kan elk aantal zijn, ook 0.",
    ]
    given = sum(len(p.given_before) for p in published)
    if given:
        words.append(
            f"{given} kleine aantallen onder de drempel van {threshold} waren al af te leiden "
            "uit een eerdere publicatie met een lagere drempel. Die zijn zo goed als nog "
            "kan beschermd; wat eerder al bekend was, kan niet alsnog worden weggelaten."
        )
    return words
