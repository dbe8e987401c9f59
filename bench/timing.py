"""Shared by the benchmarks: time in rounds, report medians as ratios to a baseline.

The machine is shared and noisy, so absolute times mean little. Every benchmark measures
its baseline in the same run, interleaved with the measurement (one of each per round),
so that a slow patch of the machine slows both alike; the ratio is the figure to quote.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    median_ms: float
    baseline: str
    baseline_ms: float
    budget: float | None = None  # the highest ratio we accept, where there is one
    ratio_digits: ClassVar[int] = 2

    @property
    def ratio(self) -> float:
        return self.median_ms / self.baseline_ms

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.ratio > self.budget

    def line(self) -> str:
        text = (
            f"{self.name:<24} {self.median_ms:9.2f} ms   "
            f"baseline {self.baseline:<16} {self.baseline_ms:9.2f} ms   "
            f"ratio {self.ratio:8.{self.ratio_digits}f}"
        )
        if self.budget is not None:
            text += f"   budget {self.budget:.1f} {'OVER' if self.over_budget else 'ok'}"
        return text


def report(title: str, results: list[Result], *, judge: bool) -> int:
    """Print the lines; exit status 1 when judged and a ratio is over its budget.

    Quick (smoke) runs are not judged: a few rounds on a shared machine prove nothing.
    """
    print(title)
    for result in results:
        print(result.line())
    over = [r.name.strip() for r in results if r.over_budget]
    if over and judge:
        print(f"over budget: {', '.join(over)}")
        return 1
    return 0


def elapsed_ms(start: float) -> float:
    """Milliseconds since `start`, a time.perf_counter() value."""
    return (time.perf_counter() - start) * 1000.0


def in_rounds(
    cases: dict[str, Callable[[], float]], rounds: int, warmup: int = 1
) -> dict[str, float]:
    """Run each case once per round (interleaved); median milliseconds per case."""
    for _ in range(warmup):
        for case in cases.values():
            case()
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            samples[name].append(case())
    return {name: statistics.median(values) for name, values in samples.items()}


def timed(action: Callable[[], object]) -> Callable[[], float]:
    """A case for `in_rounds`: `action` once, its milliseconds."""

    def case() -> float:
        start = time.perf_counter()
        action()
        return elapsed_ms(start)

    return case


def rotating(ids: Sequence[int], action: Callable[[int], object]) -> Callable[[], float]:
    """A case for `in_rounds`: `action` on the next of `ids` in turn, its milliseconds."""
    turn = itertools.count()

    def case() -> float:
        chosen = ids[next(turn) % len(ids)]
        start = time.perf_counter()
        action(chosen)
        return elapsed_ms(start)

    return case
