"""Issue 13: the analyst inside the program (domain/disclosure.py) knows inequalities as
well as sums (each concern at most the reports, open cases carried over), and a later
publication at a higher threshold is not refused for what an earlier one at a lower
threshold already gave away; checked against the independent attacker
(tests/helpers/counts_attacker.py) on real exports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo
from bemoeizorg.domain.disclosure import Problem, Role, intervals, protect
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.exports.counts_export import cell_reference, export_counts
from bemoeizorg.store.register import Register
from tests.builders import YEAR, counts_register
from tests.helpers.counts_attacker import Rule, attack, cell_truth, leaks, true_values, violated


def test_a_small_count_capped_by_an_inequality_is_protected() -> None:
    # Open cases carried over: 2 open before + 6 opened <= 10 (open after plus closings).
    # With the 6 and the 10 shown, the 2 could be at most 4: never the threshold of 5, so
    # one of them must be withheld as well.
    problem = Problem([2, 6, 10], [], [Role.CANDIDATE] * 3, 5, inequalities=[([0, 1], [2])])

    outcome = protect(problem)

    assert outcome.ok
    assert 0 in outcome.hidden and len(outcome.hidden) == 2
    low, high = intervals(problem, outcome.hidden)[0]
    assert low == 0 and high >= 5
    # Without the inequality the small count alone would do.
    assert protect(Problem([2, 6, 10], [], [Role.CANDIDATE] * 3, 5)).hidden == {0}


def test_an_inequality_that_does_not_hold_is_refused() -> None:
    with pytest.raises(ValueError, match="inequality"):
        Problem([4, 3], [], [Role.CANDIDATE] * 2, 5, inequalities=[([0], [1])])


@pytest.fixture(scope="module")
def demo300(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.bzregister"
    create_demo(path, reports=300, today=date(2026, 1, 31)).lock()
    return path


@pytest.fixture
def demo(demo300: Path, open_copy: Callable[..., Register]) -> Iterator[Register]:
    yield open_copy(demo300, DEMO_USER, DEMO_PASSPHRASE)


def test_a_higher_threshold_after_a_lower_one_is_published(demo: Register, tmp_path: Path) -> None:
    # The year at 5, then its first quarter at 10: the year's Kwartalen sheet already
    # shows the quarter per subregion, so counts of 5-9 there cannot be withheld again.
    year = export_counts(demo, Period.year(2025), tmp_path / "jaar.xlsx", 5)
    quarter = export_counts(demo, Period.quarter(2025, 1), tmp_path / "k1.xlsx", 10)

    given = {
        cell_reference(quarter, (t.table.key, r, c))
        for t in quarter.tables
        for (r, c) in t.given_before
    }
    assert given
    assert any("lagere drempel" in line for line in quarter.explanation)
    assert not any("lagere drempel" in line for line in year.explanation)
    result = attack([tmp_path / "jaar.xlsx", tmp_path / "k1.xlsx"])
    values = true_values(result.model, lambda a, b: compute_counts(demo, Period(a, b)))
    assert violated(result.model, values) == []
    truth = cell_truth(result.model, values)
    # What the lower threshold promised still holds for both files together ...
    assert leaks(result, Rule(5), truth) == []
    # ... and at 10 the quarter loses only what the year had already given away.
    at_ten = [x for x in leaks(result, Rule(10), truth) if x.cell.publication == 1]
    assert at_ten
    assert {x.cell.where for x in at_ten} <= given


def test_a_table_that_cannot_be_protected_is_left_out(tmp_path: Path) -> None:
    # A register of 48 reports, its quarters published out of order, then the year: the
    # quarters' open cases and openings bound the year's few closings from below, so the
    # closings tables are left out of the year (and named) rather than the year refused.
    register, _specs = counts_register(tmp_path / "r.bzregister", 7064, 48)
    try:
        periods = [*(Period.quarter(YEAR, q) for q in (2, 4, 3, 1)), Period.year(YEAR)]
        paths = []
        for i, period in enumerate(periods):
            paths.append(tmp_path / f"{i}.xlsx")
            published = export_counts(register, period, paths[-1], 5)
        keys = [t.table.key for t in published.tables]
        assert published.left_out
        assert "afgesloten" not in keys and "gemeenten" in keys
        assert any(line.startswith("Niet opgenomen: ") for line in published.explanation)
        result = attack(paths)
        values = true_values(result.model, lambda a, b: compute_counts(register, Period(a, b)))
        assert violated(result.model, values) == []
        assert leaks(result, Rule(5), cell_truth(result.model, values)) == []
    finally:
        register.lock(log=False)
