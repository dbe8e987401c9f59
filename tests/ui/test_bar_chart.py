"""The bar chart's axis: round numbers a reader can count on (0, 5, 10, 15, 20, 25 for a
highest bar of 21, once 0, 5, 10, 16, 21), and every bar below its top."""

from __future__ import annotations

import pytest

from bemoeizorg.ui.widgets.bar_chart import MAX_TICK_STEPS, BarChart, axis_ticks


@pytest.mark.parametrize(
    ("high", "ticks"),
    [
        (21, [0, 5, 10, 15, 20, 25]),
        (16, [0, 5, 10, 15, 20]),
        (4, [0, 1, 2, 3, 4]),
        (7, [0, 2, 4, 6, 8]),
        (0, [0, 1]),
        (434, [0, 100, 200, 300, 400, 500]),
        (1400, [0, 500, 1000, 1500]),
    ],
)
def test_ticks_are_round_and_cover_the_highest_bar(high: int, ticks: list[int]) -> None:
    assert axis_ticks(high) == ticks


def test_every_step_is_one_two_or_five_times_a_power_of_ten() -> None:
    for high in range(1, 5000, 7):
        ticks = axis_ticks(high)
        step = ticks[1]
        assert ticks[-1] >= high > ticks[-2]
        assert len(ticks) - 1 <= MAX_TICK_STEPS
        assert all(b - a == step for a, b in zip(ticks, ticks[1:], strict=False))
        while step % 10 == 0:
            step //= 10
        assert step in (1, 2, 5), (high, ticks)


def test_the_chart_paints_with_its_axis(qtbot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(700, 260)
    chart.set_data(["Roermond", "Venlo"], ["K1", "K2"], [[21, None], [5, 12]], "")
    image = chart.grab().toImage()
    assert not image.isNull() and image.width() == 700
