"""Earlier publications in the analyst's model: a new publication of counts is protected
together with the register's earlier ones whose periods overlap, nest or follow on.

What an analyst holding them all knows, and what the model therefore adds (as a
`suppression.Context`):
- every cell an earlier publication showed (a known number) or withheld (".");
- a count over a period is the sum of its counts over the parts of that period: for each
  figure (reports, by triage or reporter; mentions by concern; cases opened; closings by
  outcome; per area) the periods of all publications cut the time line into segments,
  each a latent count, and every published cell is the sum of the segments it covers (a
  year and its quarters, a quarter column in the year and the quarter published alone);
- open cases carry over: open at the end of one period + opened in the next period <=
  open at the end of the next + closed in it (reopenings only add; where there were
  none it is stated as an equality, as an analyst may assume it), between every two
  consecutive ends of the periods published, earlier ones among themselves too;
- what the tables say without being told (`inequalities`): a report names one concern
  or more, each at most once;
- the same figure over the same period, or open cases on the same day, is one number.
The earlier publications' numbers are counted again from the register now (their cells
as logged say which were shown and which withheld); a shown number that has changed since
(reports entered late) is counted as it is now, so the model is then a close
approximation of what the analyst holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bemoeizorg.casework.publications import (
    LoggedPublication,
    last_publication_id,
    related_publications,
)
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.suppression import (
    REGION,
    TOTAL,
    Context,
    CountTable,
    equations,
    full_grid,
)
from bemoeizorg.exports.counts import (
    SAME_TOTALS,
    Counts,
    Period,
    compute_counts,
    links,
    publishable,
)
from bemoeizorg.store.register import Register

Key = Hashable
STOCKS = ("open",)
Cell3 = tuple[str, str, str]
Inequality = tuple[list[Cell3], list[Cell3]]  # sum(smaller) <= sum(larger)


def inequalities(tables: Sequence[CountTable]) -> list[Inequality]:
    """What an analyst knows of these tables without being told: every report names at
    least one concern and each concern at most once, so per area the mentions are at least
    the reports and each concern's count at most the reports; youth alone (or adults
    alone) is at most the whole."""
    by_key = {t.key: t for t in tables}
    found: list[Inequality] = []
    for base in ("afgesloten", "open"):  # youth and adults not both published: at most the whole
        splits = [k for k in by_key if k.startswith(base + ":")]
        if base in by_key and splits and len(splits) < len(Specialism):
            rows_of = [set(full_grid(by_key[k])[0]) for k in splits]
            rows, columns, _grid = full_grid(by_key[base])
            for row in [r for r in rows if all(r in own for own in rows_of)]:
                for column in columns:
                    found.append(([(k, row, column) for k in splits], [(base, row, column)]))
    if "zorgen" not in by_key:
        return found
    reports: dict[str, Cell3] = {}
    for key, column in SAME_TOTALS:
        if key in by_key:
            for row in full_grid(by_key[key])[0]:
                reports.setdefault(row, (key, row, column))
    rows, columns, _grid = full_grid(by_key["zorgen"])
    for row in rows:
        if row not in reports:
            continue
        for column in columns:
            cell: Cell3 = ("zorgen", row, column)
            if column == TOTAL:
                found.append(([reports[row]], [cell]))
            else:
                found.append(([cell], [reports[row]]))
    return found


@dataclass(frozen=True, slots=True)
class History:
    """The earlier publications to protect with, each with its counts as they are now."""

    earlier: tuple[tuple[LoggedPublication, Counts], ...] = ()
    segment: Callable[[Period], Counts] | None = None
    mark: int = 0  # the last publication recorded when this was read


def read_history(register: Register, period: Period) -> History:
    cache: dict[Period, Counts] = {}

    def counts_for(p: Period) -> Counts:
        if p not in cache:
            cache[p] = compute_counts(register, p)
        return cache[p]

    # Not only those that touch this period: a year published between two quarters ties
    # them to each other, so the earlier publications are taken as far as such a chain of
    # overlapping or adjoining periods reaches (their periods then cover one stretch).
    start, end = period.start, period.end
    while True:
        earlier = related_publications(register, start, end)
        wider = (min([start, *(p.start for p in earlier)]), max([end, *(p.end for p in earlier)]))
        if wider == (start, end):
            break
        start, end = wider
    pairs = tuple((pub, counts_for(Period(pub.start, pub.end))) for pub in earlier)
    return History(pairs, counts_for, last_publication_id(register))


@dataclass(frozen=True, slots=True)
class Measure:
    family: str  # a base table key (with ':jeugd' etc.), 'meldingen' for every report table
    row: str
    category: str  # a column key, 'triage=..', 'melder=..', or '*' for the total
    stock: bool


def measure(table: str, row: str, column: str, period: Period) -> tuple[Measure, date, date]:
    """What a published cell counts, and over which days (a stock: its one day)."""
    base = table.partition(":")[0]
    start, end = period.start, period.end
    if table == "gemeenten":
        return Measure("meldingen", row, "*", False), start, end
    if table in ("meldingen", "melders"):
        prefix = "triage=" if table == "meldingen" else "melder="
        category = "*" if column == TOTAL else prefix + column
        return Measure("meldingen", row, category, False), start, end
    if table == "kwartalen":
        if column != TOTAL:
            year, q = column.split("-K")
            quarter = Period.quarter(int(year), int(q))
            start, end = max(start, quarter.start), min(end, quarter.end)
        return Measure("meldingen", row, "*", False), start, end
    category = "*" if column == TOTAL else column
    if base in STOCKS:
        return Measure(table, row, category, True), end, end
    return Measure(table, row, category, False), start, end


def measure_value(counts: Counts, m: Measure) -> int:
    """The measure's count in `counts` (a segment's counts)."""
    if m.row == REGION:
        codes = set(counts.municipalities)
    elif m.row.startswith("sub:"):
        codes = {c for c in counts.municipalities if BY_CODE[c].subregion.value == m.row[4:]}
    else:
        codes = {m.row}
    if m.family == "meldingen":
        kind, _, column = m.category.partition("=")
        table = counts.table("melders" if kind == "melder" else "meldingen")
        wanted = None if m.category == "*" else column
    else:
        table = counts.table(m.family)
        wanted = None if m.category == "*" else m.category
    return sum(n for (code, col), n in table.values.items()
               if code in codes and (wanted is None or col == wanted))  # fmt: skip


@dataclass(slots=True)
class _Builder:
    values: dict[Key, int]
    shown: set[Key]
    hidden: set[Key]
    primary: set[Key]
    relations: list[tuple[Key, list[Key]]]
    describe: dict[Key, str]
    bounds: list[tuple[list[Key], list[Key]]]
    reach: dict[Key, int] = field(default_factory=dict)

    def relate(self, total: Key, parts: Sequence[Key]) -> None:
        if self.values[total] == sum(self.values[p] for p in parts):
            self.relations.append((total, list(parts)))

    def at_most(self, smaller: Sequence[Key], larger: Sequence[Key]) -> None:
        if sum(self.values[k] for k in smaller) <= sum(self.values[k] for k in larger):
            self.bounds.append((list(smaller), list(larger)))


def _shaped(tables: Sequence[CountTable]) -> dict[tuple[str, str, str], int]:
    grid: dict[tuple[str, str, str], int] = {}
    for table in tables:
        grid.update({(table.key, r, c): v for (r, c), v in full_grid(table)[2].items()})
    return grid


def build_context(
    new_tables: Sequence[CountTable],
    new_grid: dict[tuple[str, str, str], int],
    period: Period,
    history: History,
) -> tuple[Context, list[str]]:
    """The Context for the analyst, and the earlier publications in words."""
    if not history.earlier or history.segment is None:
        return Context(), []
    b = _Builder({}, set(), set(), set(), [], {}, [])
    for new_key, value in new_grid.items():
        b.values[new_key] = value
    cells: list[tuple[Key, Measure, date, date, int]] = []  # key, measure, from, to, pub
    for new_key in new_grid:
        m, s, e = measure(*new_key, period)
        cells.append((new_key, m, s, e, 0))
    words: list[str] = []
    thresholds: list[int] = []
    for pub, counts in history.earlier:
        tables = publishable(counts, per_municipality=pub.per_municipality)
        grid = _shaped(tables)
        pub_period = Period(pub.start, pub.end)
        logged = {(c.table, c.row, c.column): c for c in pub.cells}
        mine = {k for k in grid if k in logged}
        if not mine:
            continue
        words.append(pub_period.label)
        thresholds.append(pub.threshold)
        for k in mine:
            key: Key = ("eerder", pub.id, *k)
            b.values[key] = grid[k]
            cell = logged[k]
            if cell.text == ".":
                b.hidden.add(key)
                if cell.primary:
                    b.primary.add(key)
                    b.reach[key] = pub.threshold  # what that publication promised
                b.describe[key] = f"de publicatie over {pub_period.label}"
            else:
                b.shown.add(key)
            m, s, e = measure(*k, pub_period)
            cells.append((key, m, s, e, pub.id))
        eqs = [[(t.key, r, c) for r, c in eq] for t in tables for eq in equations(t)]
        for eq in [*eqs, *links(tables)]:
            if all(c in mine for c in eq):
                b.relate(("eerder", pub.id, *eq[-1]), [("eerder", pub.id, *c) for c in eq[:-1]])
        for smaller, larger in inequalities(tables):
            if all(c in mine for c in (*smaller, *larger)):
                b.at_most(
                    [("eerder", pub.id, *c) for c in smaller],
                    [("eerder", pub.id, *c) for c in larger],
                )
    carry = _carry_over_spans(b, cells, history.segment)
    _same_figure(b, cells, history.segment)
    _open_cases_carry_over(b, carry)
    return (
        Context(
            values=b.values,
            shown=frozenset(b.shown),
            hidden=frozenset(b.hidden),
            primary=frozenset(b.primary),
            relations=b.relations,
            inequalities=b.bounds,
            describe=b.describe,
            reach=b.reach,
            earlier_threshold=min(thresholds, default=0),
        ),
        words,
    )


def _same_figure(
    b: _Builder,
    cells: Sequence[tuple[Key, Measure, date, date, int]],
    segment: Callable[[Period], Counts],
) -> None:
    """Tie the cells of one figure across publications: equal spans are one number, other
    spans are sums of latent segments."""
    groups: dict[Measure, list[tuple[Key, date, date, int]]] = defaultdict(list)
    for key, m, s, e, pub in cells:
        groups[m].append((key, s, e, pub))
    for m, members in groups.items():
        if len({pub for *_rest, pub in members}) < 2:
            continue  # one publication: its own relations say it all
        spans = {(s, e) for _k, s, e, _p in members}
        if len(spans) == 1 or m.stock:
            by_span: dict[tuple[date, date], list[Key]] = defaultdict(list)
            for key, s, e, _p in members:
                by_span[(s, e)].append(key)
            for same in by_span.values():
                for other in same[1:]:
                    b.relate(same[0], [other])
            continue
        cuts = sorted({s for s, _e in spans} | {e + timedelta(days=1) for _s, e in spans})
        segments = [(a, z - timedelta(days=1)) for a, z in zip(cuts, cuts[1:], strict=False)]
        latent: dict[tuple[date, date], Key] = {}
        for key, s, e, _p in members:
            parts = []
            for a, z in segments:
                if s <= a and z <= e:
                    if (a, z) not in latent:
                        seg_key = ("deel", m, a, z)
                        b.values[seg_key] = measure_value(segment(Period(a, z)), m)
                        latent[(a, z)] = seg_key
                    parts.append(latent[(a, z)])
            b.relate(key, parts)


SPLITS = (("", TOTAL), (":jeugd", "jeugd"), (":volwassenen", "volwassenen"))
Carry = tuple[Key, Key, Key, Key]  # open before, opened between, open after, closed between


def _carry_over_spans(
    b: _Builder,
    cells: list[tuple[Key, Measure, date, date, int]],
    segment: Callable[[Period], Counts],
) -> list[Carry]:
    """For every two consecutive ends of the periods published (this one and the earlier
    ones), per area and for youth and adults apart: the open cases on both days and the
    cases opened and closings between them. Numbers no publication shows are latent
    cells; the flows between the days join `cells` as spans of their own, so that
    `_same_figure` ties them to what was published."""
    ends = sorted({e for _k, m, _s, e, _p in cells if m.stock})
    stock: dict[tuple[Measure, date], Key] = {}
    for key, m, _s, e, _p in cells:
        if m.stock:
            stock.setdefault((m, e), key)
    rows = {m.row for (m, _e) in stock}
    found: list[Carry] = []

    def latent(m: Measure, a: date, z: date) -> Key:
        key = ("tussen", m, a, z)
        if key not in b.values:
            b.values[key] = measure_value(segment(Period(a, z)), m)
            cells.append((key, m, a, z, -1))
        return key

    def open_on(m: Measure, day: date) -> Key:
        if (m, day) in stock:
            return stock[(m, day)]
        key = ("open op", m, day)
        if key not in b.values:
            b.values[key] = measure_value(segment(Period(day, day)), m)
        return key

    for before, after in zip(ends, ends[1:], strict=False):
        first = before + timedelta(days=1)
        for suffix, opened_column in SPLITS:
            for row in rows:
                m_open = Measure("open" + suffix, row, "*", True)
                if (m_open, before) not in stock and (m_open, after) not in stock:
                    continue
                opened_category = "*" if opened_column == TOTAL else opened_column
                found.append(
                    (
                        open_on(m_open, before),
                        latent(Measure("geopend", row, opened_category, False), first, after),
                        open_on(m_open, after),
                        latent(Measure("afgesloten" + suffix, row, "*", False), first, after),
                    )
                )
    return found


def _open_cases_carry_over(b: _Builder, carry: Sequence[Carry]) -> None:
    """Open before + opened <= open after + closed (reopenings only add); where nothing
    was reopened an analyst may take it as an equality, so it is stated as one."""
    for open_before, opened, open_after, closed in carry:
        if b.values[open_before] + b.values[opened] == b.values[open_after] + b.values[closed]:
            carried = ("overgedragen", open_before, open_after)
            b.values[carried] = b.values[open_before] + b.values[opened]
            b.relate(carried, [open_before, opened])
            b.relate(carried, [open_after, closed])
        else:
            b.at_most([open_before, opened], [open_after, closed])
