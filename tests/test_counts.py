"""The annual counts against an independent count over a register whose true numbers the
test knows (withholding is tested in test_suppression.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest

from bemoeizorg.domain.suppression import REGION, full_grid
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
        _rows, cols, grid = full_grid(counts.table(key))
        assert grid[(REGION, cols[-1])] == received, key
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
