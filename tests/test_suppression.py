"""Withholding small numbers (domain/suppression.py with the analyst of domain/disclosure.py),
checked by a second analyst written apart (tests/analyst_check.py): on the issue's two hand
examples, on generated tables (hypothesis), against an earlier publication, and for
how few cells it withholds."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bemoeizorg.domain.municipalities import Subregion, codes_in
from bemoeizorg.domain.suppression import (
    MARK,
    REGION,
    TOTAL,
    CannotSuppress,
    Context,
    CountTable,
    PublishedTable,
    equations,
    suppress,
    suppress_family,
)
from tests.analyst_check import bounds
from tests.builders import COVERED

NOORD = codes_in(Subregion.NOORD)
MIDDEN = codes_in(Subregion.MIDDEN)


def analysed(published: PublishedTable) -> dict[tuple[str, str], tuple[float, float]]:
    """What the independent analyst works out of each withheld cell."""
    shown = {k: c.value for k, c in published.cells.items() if not c.hidden}
    withheld = [k for k, c in published.cells.items() if c.hidden]
    relations = [(eq[-1], eq[:-1]) for eq in equations(published.table)]
    return bounds(shown, withheld, relations)  # type: ignore[arg-type,return-value]


def assert_protected(published: PublishedTable) -> None:
    t = published.threshold
    found = analysed(published)
    for key, cell in published.cells.items():
        if 0 < cell.value < t:
            assert cell.hidden, key  # no small number shows
        if not cell.hidden:
            continue
        low, high = found[key]
        assert low <= cell.value <= high, (key, cell.value, low, high)
        if 0 < cell.value < t:
            # The rule: an analyst can tell neither that someone is there nor that it is small.
            assert low <= 0 and high >= t, (key, cell.value, low, high)
        else:
            assert low < high, (key, cell.value, low, high)  # never pinned to one value


def test_six_small_cells_adding_up_to_a_published_six() -> None:
    """The issue's first hand example: six municipalities with 1 each, the region's 6
    beside them. Under the old rule each was known to be 1."""
    codes = tuple(NOORD[:3] + MIDDEN[:3])
    values = {(c, "toegeleid"): 1 for c in codes}
    values |= {(c, "overig"): 9 + i for i, c in enumerate(codes)}
    table = CountTable("afgesloten", "Afgesloten", (("toegeleid", "Toegeleid naar zorg"),
                       ("overig", "Overig")), codes, values)  # fmt: skip
    published = suppress(table, 5)
    for code in codes:
        assert published.cell(code, "toegeleid").text() == MARK
    assert_protected(published)
    found = analysed(published)
    assert all(found[(c, "toegeleid")][0] <= 0 for c in codes)


def test_two_hidden_quarters_beside_their_total() -> None:
    """The issue's second: Maasgouw 27 = <5 + 9 + 10 + <5 gave both hidden quarters as 4."""
    codes = ("GM1641", "GM0957", "GM0988")
    quarters = (("K1", "K1"), ("K2", "K2"), ("K3", "K3"), ("K4", "K4"))
    values = {
        ("GM1641", q): v for q, v in zip(("K1", "K2", "K3", "K4"), (4, 9, 10, 4), strict=True)
    }
    values |= {(c, q): 20 + i for i, c in enumerate(codes[1:]) for q, _ in quarters}
    published = suppress(CountTable("kwartalen", "Kwartalen", quarters, codes, values), 5)
    found = analysed(published)
    for q in ("K1", "K4"):
        low, high = found[("GM1641", q)]
        assert (low, high) != (4, 4) and low <= 0 and high >= 5, (q, low, high)
    assert_protected(published)


def test_one_small_cell_costs_the_smallest_rectangle() -> None:
    """Near-optimal: one small number in a table of large ones needs three more cells (a
    rectangle in the body), no total and nothing else."""
    codes = tuple(NOORD[:3])
    columns = (("a", "A"), ("b", "B"), ("c", "C"))
    values = {
        (m, k): 20 + 3 * i + j for i, m in enumerate(codes) for j, (k, _) in enumerate(columns)
    }
    values[(codes[1], "b")] = 2
    published = suppress(CountTable("t", "T", columns, codes, values), 5)
    hidden = {k for k, c in published.cells.items() if c.hidden}
    assert len(hidden) == 4, hidden
    assert all(r in codes and c != TOTAL for r, c in hidden), hidden
    assert_protected(published)


def test_an_earlier_publication_that_pins_a_number_refuses_the_new_one() -> None:
    """An earlier publication showed the very number (as a cell the new one equals): no
    choice of cells can protect it, so nothing is published."""
    codes = tuple(NOORD[:2])
    values = {(codes[0], "a"): 3, (codes[0], "b"): 30, (codes[1], "a"): 40, (codes[1], "b"): 50}
    table = CountTable("t", "T", (("a", "A"), ("b", "B")), codes, values)
    earlier = ("eerder", "t", codes[0], "a")
    context = Context(
        values={earlier: 3},
        shown=frozenset({earlier}),
        relations=[(earlier, [("t", codes[0], "a")])],
    )
    with pytest.raises(CannotSuppress) as refused:
        suppress_family([table], [], 5, context)
    assert ("t", codes[0], "a") in refused.value.cells


def test_an_earlier_withheld_number_stays_protected() -> None:
    """The earlier publication withheld a 2 that equals a cell of the new table: the new
    table must withhold it too, and keep it protected."""
    codes = tuple(NOORD[:3])
    values = {(m, k): 30 + i for i, m in enumerate(codes) for k in ("a", "b")}
    table = CountTable("t", "T", (("a", "A"), ("b", "B")), codes, values)
    earlier_small = ("eerder", "x")
    earlier_total = ("eerder", "y")
    context = Context(
        values={earlier_small: 2, earlier_total: 34},
        hidden=frozenset({earlier_small}),
        primary=frozenset({earlier_small}),
        shown=frozenset({earlier_total}),
        # The earlier small count plus the new table's first cell make the earlier total.
        relations=[(earlier_total, [earlier_small, ("t", codes[2], "a")])],
    )
    published = suppress_family([table], [], 5, context)[0]
    assert published.cell(codes[2], "a").hidden  # else 34 - 32 gives the 2 away
    assert_protected(published)


small_counts = st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 30])


@st.composite
def tables(draw: st.DrawFn) -> CountTable:
    noord = draw(st.lists(st.sampled_from(NOORD), min_size=1, max_size=4, unique=True))
    midden = draw(st.lists(st.sampled_from(MIDDEN), max_size=3, unique=True))
    codes = tuple(c for c in COVERED if c in set(noord) | set(midden))
    columns = tuple((f"k{i}", f"Kolom {i}") for i in range(draw(st.integers(1, 4))))
    values = {(m, k): draw(small_counts) for m in codes for k, _ in columns}
    level = draw(st.sampled_from(["gemeente", "gemeente", "subregio"]))
    return CountTable("t", "Tabel", columns, codes, values, level=level)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from([3, 5, 10]))
def test_no_withheld_number_can_be_worked_back(table: CountTable, threshold: int) -> None:
    published = suppress(table, threshold)
    assert_protected(published)
    assert all(c.text() in (MARK, str(c.value)) for c in published.cells.values())
    if REGION in published.row_keys and not any(
        0 < c.value < threshold for c in published.cells.values()
    ):
        assert published.hidden_count == 0  # nothing small: nothing withheld
    assert not math.isnan(float(published.hidden_count))
