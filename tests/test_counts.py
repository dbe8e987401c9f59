"""The annual counts against an independent count over a register whose true numbers the
test knows, and small-number suppression over generated tables (hypothesis)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bemoeizorg.domain.municipalities import Subregion, codes_in
from bemoeizorg.domain.suppression import (
    REGION,
    TOTAL,
    CountTable,
    equations,
    full_grid,
    suppress,
)
from bemoeizorg.domain.vocabulary import Phase, TriageDecision
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.store.register import Register
from tests.builders import COVERED, YEAR, Spec, counts_register


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Register, list[Spec]]]:
    path = tmp_path_factory.mktemp("counts") / "team.bzregister"
    register, specs = counts_register(path, seed=7, count=90)
    yield register, specs
    register.lock()


def expected(specs: list[Spec], period: Period) -> dict[str, Counter[tuple[str, str]]]:
    """Counted by hand from what the test made: the independent count."""
    keys = ("meldingen", "melders", "zorgen", "kwartalen", "geopend", "afgesloten", "open")
    found: dict[str, Counter[tuple[str, str]]] = {k: Counter() for k in keys}
    for s in specs:
        if s.code not in COVERED:
            continue
        if period.start <= s.received <= period.end:
            found["meldingen"][(s.code, s.triage.value)] += 1
            found["melders"][(s.code, s.kind.value)] += 1
            for concern in s.concerns:
                found["zorgen"][(s.code, concern.value)] += 1
            q = (s.received.month - 1) // 3 + 1
            found["kwartalen"][(s.code, f"{s.received.year}-K{q}")] += 1
            if s.triage is TriageDecision.OPGEPAKT:
                found["geopend"][(s.code, s.specialism.value)] += 1
        if s.triage is not TriageDecision.OPGEPAKT:
            continue
        if s.closed and period.start <= s.closed[0] <= period.end:
            found["afgesloten"][(s.code, s.closed[1].value)] += 1
        closed_then = bool(s.closed and s.closed[0] <= period.end)
        if closed_then and s.reopened and s.reopened <= period.end:
            closed_then = False  # reopened by the end of the period
        open_at_end = s.received <= period.end and not closed_then
        if open_at_end:
            phase = Phase.VINDEN
            for day, p in s.phases:
                if day <= period.end:
                    phase = p
            found["open"][(s.code, phase.value)] += 1
    return found


@pytest.mark.parametrize(
    "period",
    [Period.year(YEAR), Period.quarter(YEAR, 2), Period(date(YEAR - 1, 11, 15), date(YEAR, 3, 1))],
    ids=["year", "quarter", "custom"],
)
def test_every_number_matches_an_independent_count(known, period: Period) -> None:
    register, specs = known
    counts = compute_counts(register, period)
    assert counts.municipalities == tuple(COVERED)
    truth = expected(specs, period)
    for key, want in truth.items():
        table = counts.table(key)
        got = Counter({k: v for k, v in table.values.items() if v})
        assert got == +want, key
    # Totals add up: every route to the region total gives the same number.
    received = sum(truth["meldingen"].values())
    assert received > 0
    for key in ("meldingen", "melders", "kwartalen"):
        _rows, _cols, grid = full_grid(counts.table(key))
        assert grid[(REGION, TOTAL)] == received, key
    assert sum(counts.table("zorgen").values.values()) >= received


def test_youth_and_adults_apart_add_up_to_the_whole(known) -> None:
    register, _specs = known
    counts = compute_counts(register, Period.year(YEAR))
    for base in ("afgesloten", "open"):
        whole = Counter(counts.table(base).values)
        parts = Counter(counts.table(f"{base}:jeugd").values) + Counter(
            counts.table(f"{base}:volwassenen").values
        )
        assert +whole == +parts, base


def test_quarters_of_a_period() -> None:
    assert Period.quarter(2026, 4) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert [k for k, _ in Period.year(2026).quarters()] == [f"2026-K{q}" for q in range(1, 5)]
    assert Period.year(2026).label == "2026" and Period.quarter(2026, 2).label == "2026, kwartaal 2"
    assert [k for k, _ in Period(date(2025, 12, 1), date(2026, 1, 5)).quarters()] == [
        "2025-K4",
        "2026-K1",
    ]


# --- suppression -----------------------------------------------------------------------------


def independent_determined(table: CountTable, hidden: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """A hidden cell is recoverable iff adding 'x_i = ?' does not raise the rank of the
    system the published numbers give: rank(A) == rank(A + e_i), that is iff e_i lies in
    A's row space. Exact (fractions), and done once: in A's reduced row echelon form e_i
    lies in the row space iff one of its rows is e_i itself (a non-pivot column would need
    all-zero coefficients; a pivot column's coefficient picks out exactly its row)."""
    unknowns = sorted(hidden)
    index = {c: i for i, c in enumerate(unknowns)}
    rows: list[list[Fraction]] = []
    for eq in equations(table):
        row = [Fraction(0)] * len(unknowns)
        for cell in eq[:-1]:
            if cell in index:
                row[index[cell]] += 1
        if eq[-1] in index:
            row[index[eq[-1]]] -= 1
        rows.append(row)

    m = [r for r in rows if any(r)]
    rank = 0
    for c in range(len(unknowns)):
        p = next((i for i in range(rank, len(m)) if m[i][c] != 0), None)
        if p is None:
            continue
        m[rank], m[p] = m[p], m[rank]
        lead = m[rank][c]
        m[rank] = [a / lead for a in m[rank]]
        for i in range(len(m)):
            if i != rank and m[i][c] != 0:
                f = m[i][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank], strict=True)]
        rank += 1
    basis = m[:rank]
    return {
        cell
        for cell, i in index.items()
        if any(row[i] == 1 and sum(1 for a in row if a) == 1 for row in basis)
    }


small_counts = st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 30])


@st.composite
def tables(draw: st.DrawFn) -> CountTable:
    noord = draw(st.lists(st.sampled_from(codes_in(Subregion.NOORD)), min_size=1, unique=True))
    midden = draw(st.lists(st.sampled_from(codes_in(Subregion.MIDDEN)), unique=True))
    codes = tuple(c for c in COVERED if c in set(noord) | set(midden))
    columns = tuple((f"k{i}", f"Kolom {i}") for i in range(draw(st.integers(1, 5))))
    values = {(m, k): draw(small_counts) for m in codes for k, _ in columns}
    return CountTable("t", "Tabel", columns, codes, values)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from([3, 5, 10]))
def test_no_small_number_shows_and_no_hidden_one_can_be_worked_back(table, threshold) -> None:
    published = suppress(table, threshold)
    hidden = {key for key, cell in published.cells.items() if cell.hidden}
    for key, cell in published.cells.items():
        if 0 < cell.value < threshold:
            assert cell.hidden and cell.primary, key
        if cell.value == 0:
            assert not cell.hidden, key  # zero stays zero
    for eq in equations(table):
        in_eq = [c for c in eq if c in hidden]
        assert len(in_eq) != 1, eq
        if in_eq and eq[-1] not in hidden:
            # Each hidden part is at least 1 (zeros are published): with a known sum S over
            # k hidden parts, one of them could still be S - (k - 1); that must not be small.
            known = sum(published.cells[c].value for c in in_eq)
            assert known - (len(in_eq) - 1) >= threshold, (eq, known, len(in_eq))
    if hidden:
        assert independent_determined(table, hidden) == set()


def test_hidden_ones_cannot_be_pinned_by_their_sum() -> None:
    """A row of 1, 1, 10 with total 12: hiding the two 1s alone would leave 12 - 10 = 2 for
    two numbers of at least 1, so both would be known to be 1."""
    codes = ("GM0889", "GM0893")
    values = {("GM0889", "a"): 1, ("GM0889", "b"): 1, ("GM0889", "c"): 10}
    values |= {("GM0893", k): 20 for k in "abc"}
    columns = (("a", "A"), ("b", "B"), ("c", "C"))
    published = suppress(CountTable("t", "T", columns, codes, values))
    row = {c: published.cell("GM0889", c) for c in ("a", "b", "c", TOTAL)}
    assert row["a"].hidden and row["b"].hidden
    assert row["c"].hidden or row[TOTAL].hidden


def test_a_small_subregion_row_is_protected_across_the_hierarchy() -> None:
    """One municipality with a single small number: its row, its column and the subregion
    total would each give it back; all three routes are closed."""
    codes = ("GM0889", "GM0893", "GM0907")
    values = {
        ("GM0889", "a"): 3, ("GM0889", "b"): 0,
        ("GM0893", "a"): 20, ("GM0893", "b"): 11,
        ("GM0907", "a"): 8, ("GM0907", "b"): 6,
    }  # fmt: skip
    published = suppress(CountTable("t", "T", (("a", "A"), ("b", "B")), codes, values))
    texts = {k: c.text(5) for k, c in published.cells.items()}
    assert texts[("GM0889", "a")] == "<5" and texts[("GM0889", TOTAL)] == "<5"
    assert texts[("GM0889", "b")] == "0"
    assert texts[(REGION, TOTAL)] == "48"  # the totals the monitor needs stay
    assert published.hidden_secondary >= 1
