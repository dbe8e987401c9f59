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

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bemoeizorg.domain.municipalities import BY_CODE, Subregion

TOTAL = "totaal"
REGION = "regio"
DEFAULT_THRESHOLD = 5
SECONDARY_MARK = "x"


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
        """A small number reads "<5"; a larger one hidden to protect it reads "x" (never
        "<5": that would tell the monitor something false, such as a region total of 11)."""
        if not self.hidden:
            return str(self.value)
        return f"<{threshold}" if self.primary else SECONDARY_MARK


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


_PRIME = (1 << 61) - 1  # exact arithmetic modulo a large prime: see determined()

Cell3 = tuple[str, str, str]  # (table key, row, column): a cell anywhere in a family


def determined(eqs: Sequence[Sequence[Hashable]], hidden: set[Any]) -> set[Any]:
    """Hidden cells whose value follows from the published ones.

    Each equation, with the published values moved to the right, is a linear equation in
    the hidden cells. In reduced row echelon form a hidden cell is determined exactly when
    its pivot row has no other non-zero entry. The coefficients are small integers, so the
    elimination runs modulo a 61-bit prime on sparse rows: exact for these matrices (a
    false result would need the prime to divide a minor) and fast enough for a family of
    linked tables with hundreds of hidden cells.
    """
    unknowns = sorted(hidden, key=repr)
    index = {cell: i for i, cell in enumerate(unknowns)}
    rows: list[dict[int, int]] = []
    for eq in eqs:
        row: dict[int, int] = {}
        *parts, whole = eq
        for cell in parts:
            if cell in index:
                row[index[cell]] = (row.get(index[cell], 0) + 1) % _PRIME
        if whole in index:
            row[index[whole]] = (row.get(index[whole], 0) - 1) % _PRIME
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    pivot_rows: dict[int, dict[int, int]] = {}  # pivot column -> its (reduced) row
    for row in rows:
        # Reduce the new row by the pivots found so far.
        for col in list(row):
            if col in pivot_rows and col in row:
                factor = row[col]
                for k, v in pivot_rows[col].items():
                    row[k] = (row.get(k, 0) - factor * v) % _PRIME
                    if not row[k]:
                        del row[k]
        if not row:
            continue
        col = min(row)
        inverse = pow(row[col], _PRIME - 2, _PRIME)
        row = {k: v * inverse % _PRIME for k, v in row.items()}
        # Keep the form reduced: clear this column from the earlier pivot rows.
        for other in pivot_rows.values():
            if col in other:
                factor = other[col]
                for k, v in row.items():
                    other[k] = (other.get(k, 0) - factor * v) % _PRIME
                    if not other[k]:
                        del other[k]
        pivot_rows[col] = row
    return {unknowns[col] for col, row in pivot_rows.items() if len(row) == 1}


def _is_margin(cell: tuple[str, ...]) -> bool:
    row, column = cell[-2], cell[-1]
    return column == TOTAL or row == REGION or row.startswith("sub:")


def _complement(eq: Sequence[Any], grid: Mapping[Any, int], hidden: set[Any]) -> Any | None:
    candidates = [c for c in eq if c not in hidden and grid[c] > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (int(_is_margin(c)), grid[c], repr(c)))


class CannotSuppress(ValueError):
    """No further number can be hidden, yet a hidden one can still be worked out."""


def _unsafe(eq: Sequence[Any], grid: Mapping[Any, int], hidden: set[Any], threshold: int) -> bool:
    """An equation gives a hidden number away: it is the only hidden one, or the hidden
    parts' known sum pins one of them down.

    What a reader knows of a hidden number: "<5" is 1 to 4 (a 0 is published as 0), "x" is
    5 or more. With the sum S of the hidden parts known, kp of them small and ks large:
    - all small: each is at most S - (kp - 1); below the threshold the group says too much
      (S == kp would make every one of them 1);
    - some large: a small one is at most S - (kp - 1) - ks*t, a large one at most
      S - kp - (ks - 1)*t; a small one pinned to 1 or a large one pinned to t gives it away.
    """
    in_eq = [c for c in eq if c in hidden]
    if len(in_eq) == 1:
        return True
    *parts, whole = eq
    if not in_eq or whole in hidden:
        return False  # a hidden sum: the parts' total is not known from this equation
    values = [grid[c] for c in parts if c in hidden]
    total = sum(values)
    small = sum(1 for v in values if v < threshold)
    large = len(values) - small
    if large == 0:
        return total - (small - 1) < threshold
    small_pinned = small > 0 and total - (small - 1) - large * threshold <= 1
    large_pinned = total - small - (large - 1) * threshold <= threshold
    return small_pinned or large_pinned


def _neighbourhood_complement(
    target: Any, eqs: Sequence[Sequence[Any]], grid: Mapping[Any, int], hidden: set[Any]
) -> Any | None:
    """A cell to hide near `target`: in its own equations first, then in the equations of
    the hidden cells it shares one with, and so on outwards."""
    seen_cells, frontier = {target}, [target]
    while frontier:
        for cell in frontier:
            for eq in eqs:
                if cell in eq and (extra := _complement(eq, grid, hidden)) is not None:
                    return extra
        nxt = []
        for cell in frontier:
            for eq in eqs:
                if cell in eq:
                    nxt += [c for c in eq if c in hidden and c not in seen_cells]
        seen_cells.update(nxt)
        frontier = nxt
    return None


def _hide(
    grid: Mapping[Any, int], eqs: Sequence[Sequence[Any]], threshold: int
) -> tuple[set[Any], set[Any]]:
    """(primary, all hidden) for a system of cells and equations.

    Raises CannotSuppress rather than publish a table in which a hidden number can still
    be worked out.
    """
    primary = {cell for cell, value in grid.items() if 0 < value < threshold}
    hidden = set(primary)
    while True:
        changed = False
        for eq in eqs:
            if _unsafe(eq, grid, hidden, threshold):
                extra = _complement(eq, grid, hidden)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
        if changed:
            continue
        exposed = determined(eqs, hidden) if hidden else set()
        if not exposed:
            break
        # Hide one more cell near the first exposed one, then look again.
        for target in sorted(exposed, key=repr):
            extra = _neighbourhood_complement(target, eqs, grid, hidden)
            if extra is not None:
                hidden.add(extra)
                break
        else:
            raise CannotSuppress("a hidden number stays computable")
    return primary, hidden


def suppress(table: CountTable, threshold: int = DEFAULT_THRESHOLD) -> PublishedTable:
    return suppress_family([table], [], threshold)[0]


def suppress_family(
    tables: Sequence[CountTable], links: Sequence[Sequence[Cell3]], threshold: int
) -> list[PublishedTable]:
    """Suppress tables that share numbers as one system, so a number hidden in one table
    cannot be read from another. `links` are extra equations between their cells, each
    `sum(cells[:-1]) == cells[-1]`: two tables with the same totals, or youth + adults =
    the whole."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    grid: dict[Cell3, int] = {}
    eqs: list[list[Cell3]] = [list(link) for link in links]
    layouts = []
    for table in tables:
        rows, columns, counts = full_grid(table)
        layouts.append((rows, columns))
        grid.update({(table.key, r, c): v for (r, c), v in counts.items()})
        eqs += [[(table.key, r, c) for r, c in eq] for eq in equations(table)]
    primary, hidden = _hide(grid, eqs, threshold)
    published = []
    for table, (rows, columns) in zip(tables, layouts, strict=True):
        cells = {
            (r, c): Cell(grid[(table.key, r, c)], (table.key, r, c) in hidden,
                         (table.key, r, c) in primary)
            for r in rows
            for c in columns
        }  # fmt: skip
        published.append(PublishedTable(table, tuple(rows), tuple(columns), cells, threshold))
    return published


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
        f'kleinste getal in dezelfde rij of kolom. Die staan er als "{SECONDARY_MARK}" en zijn '
        f"{threshold} of meer.",
        f"In deze uitvoer: {primary} klein aantal{'len' if primary != 1 else ''} verborgen, "
        f"en {secondary} aanvullend.",
    ]
    return lines
