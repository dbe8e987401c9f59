"""Small-number suppression for count tables that leave the team.

A table has municipalities as rows, grouped by subregion, and categories as columns. What
is published adds a total column, a total row per subregion and one for the region. Every
published number takes part in equations (row: the categories add up to the total;
column: the municipalities add up to their subregion, the subregions to the region).

- Primary: a count from 1 to threshold-1 is hidden ("<5"). Zero stays zero.
- Secondary: more counts are hidden until no hidden count can be worked back from the
  published ones: not from one equation (no equation has exactly one hidden count) and not
  from several together (checked exactly, by linear algebra over the rationals).
  The complement chosen is the smallest count >0 in the equation, preferring the body of
  the table to its totals, so as little as possible is lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from bemoeizorg.domain.municipalities import BY_CODE, Subregion

TOTAL = "totaal"
REGION = "regio"
DEFAULT_THRESHOLD = 5


def subregion_key(subregion: Subregion) -> str:
    return f"sub:{subregion.value}"


@dataclass(frozen=True, slots=True)
class CountTable:
    """Raw counts: values[(municipality code, column key)], missing means 0."""

    key: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (key, label)
    municipalities: tuple[str, ...]  # codes, in the order to show
    values: Mapping[tuple[str, str], int]
    total_label: str = "Totaal"
    note: str = ""

    def value(self, code: str, column: str) -> int:
        return int(self.values.get((code, column), 0))


@dataclass(frozen=True, slots=True)
class Cell:
    value: int
    hidden: bool = False
    primary: bool = False  # hidden because it is small itself

    def text(self, threshold: int) -> str:
        return f"<{threshold}" if self.hidden else str(self.value)


@dataclass(frozen=True, slots=True)
class PublishedTable:
    table: CountTable
    row_keys: tuple[str, ...]  # municipality codes, subregion keys, REGION
    column_keys: tuple[str, ...]  # category keys and TOTAL
    cells: Mapping[tuple[str, str], Cell]
    threshold: int

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]

    def row_label(self, row: str) -> str:
        if row == REGION:
            return "Noord- en Midden-Limburg"
        if row.startswith("sub:"):
            return f"Totaal {row[4:]}"
        return BY_CODE[row].name

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


def _layout(table: CountTable) -> tuple[list[str], dict[str, list[str]]]:
    """Row keys in order, and which rows each subregion/region row adds up."""
    rows: list[str] = []
    parts: dict[str, list[str]] = {REGION: []}
    for subregion in Subregion:
        members = [c for c in table.municipalities if BY_CODE[c].subregion is subregion]
        if not members:
            continue
        key = subregion_key(subregion)
        rows += [*members, key]
        parts[key] = members
        parts[REGION].append(key)
    rows.append(REGION)
    return rows, parts


def full_grid(table: CountTable) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """Every published number before suppression: body, totals and subtotals."""
    rows, parts = _layout(table)
    columns = [key for key, _label in table.columns] + [TOTAL]
    grid: dict[tuple[str, str], int] = {}
    for code in table.municipalities:
        for key, _label in table.columns:
            grid[(code, key)] = table.value(code, key)
        grid[(code, TOTAL)] = sum(grid[(code, key)] for key, _ in table.columns)
    for parent in [r for r in rows if r in parts and r != REGION] + [REGION]:
        for column in columns:
            grid[(parent, column)] = sum(grid[(child, column)] for child in parts[parent])
    return rows, columns, grid


def equations(table: CountTable) -> list[list[tuple[str, str]]]:
    """Each equation as its cells, the sum cell last: sum(cells[:-1]) == cells[-1]."""
    rows, parts = _layout(table)
    columns = [key for key, _label in table.columns]
    found: list[list[tuple[str, str]]] = []
    for row in rows:
        found.append([(row, c) for c in columns] + [(row, TOTAL)])
    for column in [*columns, TOTAL]:
        for parent, children in parts.items():
            found.append([(child, column) for child in children] + [(parent, column)])
    return found


def determined(
    eqs: Sequence[Sequence[tuple[str, str]]], hidden: set[tuple[str, str]]
) -> set[tuple[str, str]]:
    """Hidden cells whose value follows from the published ones (exact, over Q).

    Each equation, with the published values moved to the right, is a linear equation in
    the hidden cells. In reduced row echelon form a hidden cell is determined exactly when
    its pivot row has no other non-zero entry.
    """
    unknowns = sorted(hidden)
    index = {cell: i for i, cell in enumerate(unknowns)}
    matrix: list[list[Fraction]] = []
    for eq in eqs:
        row = [Fraction(0)] * len(unknowns)
        *parts, whole = eq
        for cell in parts:
            if cell in index:
                row[index[cell]] += 1
        if whole in index:
            row[index[whole]] -= 1
        if any(row):
            matrix.append(row)
    pivots: list[tuple[int, int]] = []  # (row, column)
    r = 0
    for col in range(len(unknowns)):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][col]
        matrix[r] = [v / lead for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][col] != 0:
                factor = matrix[i][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append((r, col))
        r += 1
    return {unknowns[col] for row, col in pivots if sum(1 for v in matrix[row] if v != 0) == 1}


def _complement(
    eq: Sequence[tuple[str, str]], grid: Mapping[tuple[str, str], int], hidden: set[tuple[str, str]]
) -> tuple[str, str] | None:
    candidates = [c for c in eq if c not in hidden and grid[c] > 0]
    if not candidates:
        return None

    def cost(cell: tuple[str, str]) -> tuple[int, int, str, str]:
        is_margin = cell[1] == TOTAL or cell[0] == REGION or cell[0].startswith("sub:")
        return (int(is_margin), grid[cell], cell[0], cell[1])

    return min(candidates, key=cost)


def suppress(table: CountTable, threshold: int = DEFAULT_THRESHOLD) -> PublishedTable:
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    rows, columns, grid = full_grid(table)
    primary = {cell for cell, value in grid.items() if 0 < value < threshold}
    hidden = set(primary)
    eqs = equations(table)
    while True:
        changed = False
        for eq in eqs:
            if sum(1 for c in eq if c in hidden) == 1:
                extra = _complement(eq, grid, hidden)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
        if changed:
            continue
        exposed = determined(eqs, hidden) if hidden else set()
        if not exposed:
            break
        # Hide one more cell next to the first exposed one, then look again.
        target = min(exposed)
        for eq in eqs:
            if target in eq and (extra := _complement(eq, grid, hidden)) is not None:
                hidden.add(extra)
                changed = True
                break
        if not changed:
            break  # nothing left to hide (cannot happen with positive margins)
    cells = {cell: Cell(value, cell in hidden, cell in primary) for cell, value in grid.items()}
    return PublishedTable(table, tuple(rows), tuple(columns), cells, threshold)


def explain(published: Sequence[PublishedTable], threshold: int) -> list[str]:
    """Plain Dutch: what was hidden and why."""
    primary = sum(p.hidden_primary for p in published)
    secondary = sum(p.hidden_secondary for p in published)
    lines = [
        f'Aantallen van 1 tot en met {threshold - 1} staan er als "<{threshold}": zulke '
        "kleine aantallen kunnen naar een persoon wijzen. Een 0 blijft 0.",
        "Om te voorkomen dat een verborgen aantal alsnog uit te rekenen is (door een "
        "rijtotaal, een kolomtotaal, het totaal van een subregio of van de regio min de "
        "andere getallen), zijn daarnaast ook enkele grotere aantallen verborgen: steeds het "
        "kleinste getal in dezelfde rij of kolom.",
        f"In deze uitvoer: {primary} klein aantal{'len' if primary != 1 else ''} verborgen, "
        f"en {secondary} aanvullend.",
    ]
    return lines
