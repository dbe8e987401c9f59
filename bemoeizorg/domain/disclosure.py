"""The analyst inside the program: what published numbers let anyone work out, and which
numbers to withhold so that no small count can be.

The model. A publication is a set of cells with true values (whole numbers, 0 or more) and
additive relations between them: `total = sum(parts)` (a row adds up to its total, the
municipalities to their subregion, the same number in two tables, a year to its quarters),
and inequalities `sum(smaller) <= sum(larger)` that an analyst knows without being told
(every report names a concern, so the mentions are at least the reports and each concern
at most the reports; open cases at the end are at least those open before, plus the
opened, minus the closings, as reopenings only add).
A cell is *shown* (the analyst knows it), *withheld* (".") or *latent* (never published,
but known to exist: the part of a year that no quarter publication shows). The analyst
knows every relation, that every count is a whole number of at least 0, every number
shown in this and in earlier publications of the register, and the rule below. A "."
may stand for any whole number, 0 included: zeros are withheld too where that protects a
small number, so the mark says nothing about the size.

The protection rule (what `Analyst.unmet` checks and `protect` achieves), in the spirit of
tau-ARGUS protection levels, with `t` the threshold:
- a *primary* cell, a count from 1 to t-1, must keep the protection interval [0, t]: there
  is a whole-number solution of every relation in which it is 0, and one in which it is t
  or more. An analyst can tell neither that anybody is counted there, nor that the count
  is small (lower protection level: its value; upper: t minus its value);
- every other withheld cell (of this publication or an earlier one) must not be derivable
  to one value: some solution gives it another value than its true one.
A publication is allowed only when every requirement holds, for the new and the earlier
publications together. An earlier withheld small count keeps the interval its own
publication promised ([0, that publication's threshold]).

A higher threshold than before. What an earlier publication at a lower threshold showed
(a 7 at threshold 5) cannot be taken back by a later one at 10. A new small count that
the earlier publications alone already bound that way (no choice of ours meets its
interval) is therefore not a reason to refuse: it is withheld and must still not be
derivable to one value; where the earlier publications give it exactly, it is shown as
they did (`Outcome.released`). Every other cell keeps the full rule. At an equal or lower
threshold nothing is relaxed: such a cell makes the publication refused.

Proof by witness. Each requirement is met by a *witness*: a whole-number solution (kept as
its deviation from the true values) that satisfies every relation exactly, changes only
withheld and latent cells, and gives the cell the value asked for. Witnesses are found
with HiGHS (the LP relaxation first; a basic solution of these sum tables is nearly
always whole; otherwise the integer program), and each one is checked again in exact
integer arithmetic before it counts. A witness stays valid while the cells it changes
stay withheld, so one witness serves many requirements and the pruning pass below only
solves again what a removed cell took part in.

Secondary suppression (`protect`): withhold the primaries; for each requirement still
unmet solve the cheapest change that meets it, where changing a shown cell costs that
cell's weight per unit (totals and the figures the monitor needs most weigh more), and
withhold the cells that change; repeat until the analyst finds nothing. Then a pruning
pass shows again each extra cell, dearest first, whose witnesses can be replaced. Cells no
choice can protect (only possible against earlier publications or fixed cells) are
reported, never published.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

import highspy
import numpy as np

# Cancelled lives in its own light module (the worker knows it without HiGHS); here too,
# for the callers that catch it by this name.
from bemoeizorg.domain.cancel import Cancelled as Cancelled

UP, DOWN, MOVE = "up", "down", "move"
_INF = highspy.kHighsInf
_TOL = 1e-6
MIP_SECONDS = 5.0


_banner_shown = False


def _new_highs() -> highspy.Highs:
    """A silent solver. HiGHS prints its banner on standard output the first time one is
    made in a process, before any option can be set: that once, the output goes nowhere
    (a command's output, such as a CSV on standard output, must hold nothing else)."""
    global _banner_shown
    if _banner_shown:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), 1)
                h = highspy.Highs()  # type: ignore[no-untyped-call]
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
    h.setOptionValue("output_flag", False)
    return h


class Role(Enum):
    CANDIDATE = "candidate"  # in the new publication: shown or withheld, the choice is ours
    LATENT = "latent"  # never published
    EARLIER_HIDDEN = "earlier_hidden"  # withheld in an earlier publication
    EARLIER_SHOWN = "earlier_shown"  # shown in an earlier publication: a known number


@dataclass(frozen=True, slots=True)
class Requirement:
    cell: int
    kind: str  # UP: can be >= threshold; DOWN: can be 0; MOVE: can differ from its value


@dataclass(slots=True)
class Problem:
    values: Sequence[int]
    relations: Sequence[tuple[int, Sequence[int]]]  # total, parts
    roles: Sequence[Role]
    threshold: int
    cost: Sequence[float] = ()  # per cell, for candidates; 1.0 when empty
    earlier_primary: Collection[int] = ()  # earlier withheld cells that were small
    # Each: (smaller, larger), sum of the cells of the first <= sum of the second.
    inequalities: Sequence[tuple[Sequence[int], Sequence[int]]] = ()
    reach: Mapping[int, int] = field(default_factory=dict)  # a small cell's own threshold
    earlier_threshold: int = 0  # the lowest of the earlier publications' (0: none)

    def __post_init__(self) -> None:
        n = len(self.values)
        if len(self.roles) != n or (self.cost and len(self.cost) != n):
            raise ValueError("values, roles and cost must be as long")
        if any(v < 0 for v in self.values):
            raise ValueError("counts are never negative")
        for total, parts in self.relations:
            if self.values[total] != sum(self.values[p] for p in parts):
                raise ValueError("a relation does not hold for the true values")
        for smaller, larger in self.inequalities:
            if sum(self.values[i] for i in smaller) > sum(self.values[i] for i in larger):
                raise ValueError("an inequality does not hold for the true values")

    def holds(self, x: Sequence[int]) -> bool:
        """Whether whole values `x` (of every cell) satisfy every relation exactly."""
        return all(x[t] == sum(x[p] for p in parts) for t, parts in self.relations) and all(
            sum(x[i] for i in smaller) <= sum(x[i] for i in larger)
            for smaller, larger in self.inequalities
        )

    def primaries(self) -> set[int]:
        return {
            i
            for i, (v, role) in enumerate(zip(self.values, self.roles, strict=True))
            if role is Role.CANDIDATE and 0 < v < self.threshold
        }

    def weight(self, i: int) -> float:
        return float(self.cost[i]) if self.cost else 1.0

    def top(self, i: int) -> int:
        """The value a small cell must be able to reach: its publication's threshold."""
        return self.reach.get(i, self.threshold)

    @property
    def may_relax(self) -> bool:
        """An earlier publication used a lower threshold (see the module's docstring)."""
        return 0 < self.earlier_threshold < self.threshold


@dataclass(slots=True)
class Outcome:
    hidden: set[int]
    primary: set[int]
    unprotectable: list[Requirement] = field(default_factory=list)
    reason: dict[int, Requirement] = field(default_factory=dict)  # extra cell -> for whom
    solves: int = 0
    seconds: float = 0.0
    relaxed: set[int] = field(default_factory=set)  # small, bounded by earlier publications
    released: set[int] = field(default_factory=set)  # small, given exactly by earlier ones

    @property
    def ok(self) -> bool:
        return not self.unprotectable


Witness = dict[int, int]  # cell -> deviation from its true value (non-zero entries only)


class Analyst:
    """One HiGHS model of the whole system, reused for every question.

    Columns: x (every cell), then for each candidate a pair p, n with x - p + n = value
    (p, n: how far the cell moves up or down; priced when the cell is shown and we ask what
    it would cost to withhold it, else free)."""

    def __init__(self, problem: Problem, *, progress: Callable[[], None] | None = None) -> None:
        self.problem = problem
        self.progress = progress
        self.solves = 0
        values = problem.values
        n = len(values)
        self.n = n
        self.candidates = [i for i, r in enumerate(problem.roles) if r is Role.CANDIDATE]
        self.pair = {c: n + 2 * k for k, c in enumerate(self.candidates)}
        self.free_always = {
            i for i, r in enumerate(problem.roles) if r in (Role.LATENT, Role.EARLIER_HIDDEN)
        }
        h = _new_highs()
        h.setOptionValue("mip_rel_gap", 0.0)
        total_cols = n + 2 * len(self.candidates)
        lower = np.zeros(total_cols)
        upper = np.full(total_cols, _INF)
        for i, role in enumerate(problem.roles):
            if role is Role.EARLIER_SHOWN:
                lower[i] = upper[i] = values[i]
        h.addVars(total_cols, lower, upper)
        self.col_bounds: dict[int, tuple[float, float]] = {
            i: (float(lower[i]), float(upper[i])) for i in range(n)
        }
        for total, parts in problem.relations:
            coef: dict[int, float] = {}
            for p in parts:
                coef[p] = coef.get(p, 0.0) + 1.0
            coef[total] = coef.get(total, 0.0) - 1.0
            idx = [k for k, v in coef.items() if v]
            if idx:
                h.addRow(
                    0.0,
                    0.0,
                    len(idx),
                    np.array(idx, dtype=np.int32),
                    np.array([coef[k] for k in idx]),
                )
        for smaller, larger in problem.inequalities:
            # sum(larger) - sum(smaller) >= 0
            coef = {}
            for i in larger:
                coef[i] = coef.get(i, 0.0) + 1.0
            for i in smaller:
                coef[i] = coef.get(i, 0.0) - 1.0
            idx = [k for k, v in coef.items() if v]
            if idx:
                h.addRow(
                    0.0,
                    _INF,
                    len(idx),
                    np.array(idx, dtype=np.int32),
                    np.array([coef[k] for k in idx]),
                )
        for c, p in self.pair.items():
            h.addRow(
                float(values[c]),
                float(values[c]),
                3,
                np.array([c, p, p + 1], dtype=np.int32),
                np.array([1.0, -1.0, 1.0]),
            )
        self.h = h
        self.hidden: set[int] = set()
        self.relaxed: set[int] = set()  # see the module's docstring
        self.released: set[int] = set()
        self.priced = False
        self.status = highspy.HighsModelStatus.kNotset
        self.witnesses: list[Witness] = []
        self._set_all_bounds()

    # --- the model's state ---------------------------------------------------------------

    def _set_all_bounds(self) -> None:
        for c in self.candidates:
            self._bounds(c)

    def _bounds(self, c: int) -> None:
        v = float(self.problem.values[c])
        p = self.pair[c]
        if c in self.hidden or self.priced:
            self.col_bounds[c] = (0.0, _INF)
            self.h.changeColBounds(c, 0.0, _INF)
            self.h.changeColBounds(p, 0.0, _INF)
            self.h.changeColBounds(p + 1, 0.0, _INF)
        else:
            self.col_bounds[c] = (v, v)
            self.h.changeColBounds(c, v, v)
            self.h.changeColBounds(p, 0.0, 0.0)
            self.h.changeColBounds(p + 1, 0.0, 0.0)
        price = self.problem.weight(c) if self.priced and c not in self.hidden else 0.0
        self.h.changeColCost(p, price)
        self.h.changeColCost(p + 1, price)

    def set_hidden(self, hidden: Iterable[int]) -> None:
        new = set(hidden)
        changed = new ^ self.hidden
        self.hidden = new
        for c in changed:
            self._bounds(c)

    def _set_priced(self, priced: bool) -> None:
        if priced != self.priced:
            self.priced = priced
            self._set_all_bounds()

    # --- witnesses -----------------------------------------------------------------------

    def free(self, i: int) -> bool:
        return i in self.hidden or i in self.free_always

    def valid(self, w: Witness) -> bool:
        return all(self.free(i) for i in w)

    def meets(self, w: Witness, req: Requirement) -> bool:
        value = self.problem.values[req.cell] + w.get(req.cell, 0)
        if req.kind == UP:
            return value >= self.problem.top(req.cell)
        if req.kind == DOWN:
            return value <= 0
        return req.cell in w

    def _exact(self, x: Sequence[float]) -> Witness | None:
        """The solution as a whole-number deviation, if it is one and holds exactly."""
        values = self.problem.values
        whole: list[int] = []
        w: Witness = {}
        for i in range(self.n):
            r = round(x[i])
            if abs(x[i] - r) > _TOL or r < 0:
                return None
            whole.append(r)
            if r != values[i]:
                w[i] = r - values[i]
        return w if self.problem.holds(whole) else None

    def _run(self, *, integral: bool) -> Witness | None:
        if self.progress is not None:
            self.progress()
        self.solves += 1
        h = self.h
        if integral:
            cols = np.arange(self.n, dtype=np.int32)
            h.changeColsIntegrality(
                self.n, cols, np.full(self.n, highspy.HighsVarType.kInteger, dtype=np.uint8)
            )
            h.setOptionValue("time_limit", MIP_SECONDS)
        try:
            h.run()
            status = h.getModelStatus()
            self.status = status  # the model's own is cleared when its bounds are reset
            if status != highspy.HighsModelStatus.kOptimal:
                if not (integral and h.getInfo().primal_solution_status == 2):
                    return None
            return self._exact(list(h.getSolution().col_value[: self.n]))
        finally:
            if integral:
                h.changeColsIntegrality(
                    self.n,
                    np.arange(self.n, dtype=np.int32),
                    np.full(self.n, highspy.HighsVarType.kContinuous, dtype=np.uint8),
                )
                h.setOptionValue("time_limit", _INF)
                h.clearSolver()

    def _solve(
        self, target: int, sense: float, bound: tuple[float, float] | None
    ) -> Witness | None:
        """Minimise sense * x[target] (or the price of the change, when priced), with the
        target's column held in `bound`; LP first, then the integer program."""
        h = self.h
        own = None
        if bound is not None:
            own = self.col_bounds[target]
            lo = max(bound[0], own[0])
            hi = min(bound[1], own[1])
            if lo > hi:
                return None
            h.changeColBounds(target, lo, hi)
        if sense:
            h.changeColCost(target, sense)
        try:
            w = self._run(integral=False)
            if w is None and h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                w = self._run(integral=True)
            return w
        finally:
            if sense:
                h.changeColCost(target, 0.0)
            if own is not None:
                h.changeColBounds(target, *own)

    def _goal(self, req: Requirement) -> list[tuple[float, float]]:
        v = self.problem.values[req.cell]
        t = self.problem.top(req.cell)
        if req.kind == UP:
            return [(float(t), _INF)]
        if req.kind == DOWN:
            return [(0.0, 0.0)]
        return [(v + 1.0, _INF), (0.0, v - 1.0)] if v > 0 else [(1.0, _INF)]

    def attack(self, req: Requirement) -> Witness | None:
        """A witness for `req` with the cells withheld now, if one exists."""
        self._set_priced(False)
        sense = {UP: -1.0, DOWN: 1.0}.get(req.kind)
        if sense is not None:
            w = self._solve(req.cell, sense, None)
            if w is not None:
                # A whole optimum of the relaxation is the integer optimum too.
                return w if self.meets(w, req) else None
            return self._solve(req.cell, 0.0, self._goal(req)[0])
        for goal in self._goal(req):
            w = self._solve(req.cell, 0.0, goal)
            if w is not None:
                return w
        return None

    def cheapest(self, req: Requirement) -> Witness | None:
        """The cheapest change meeting `req` when any shown candidate may be withheld."""
        self._set_priced(True)
        try:
            for goal in self._goal(req):
                w = self._solve(req.cell, 0.0, goal)
                if w is not None:
                    return w
            return None
        finally:
            self._set_priced(False)

    def requirements(self, hidden: Collection[int]) -> list[Requirement]:
        """Everything the rule asks for, given the cells withheld in this publication."""
        p = self.problem
        found: list[Requirement] = []
        primary = (p.primaries() | set(p.earlier_primary)) - self.relaxed - self.released
        for i in sorted(primary):
            found += [Requirement(i, UP), Requirement(i, DOWN)]
        for i in sorted(hidden):
            if i not in primary:
                found.append(Requirement(i, MOVE))
        for i, role in enumerate(p.roles):
            if role is Role.EARLIER_HIDDEN and i not in primary:
                found.append(Requirement(i, MOVE))
        return found

    def unmet(self, hidden: Collection[int], *, first_only: bool = False) -> list[Requirement]:
        """The requirements no witness meets, with `hidden` withheld (witnesses are
        searched for and kept)."""
        self.set_hidden(hidden)
        missing: list[Requirement] = []
        valid = [w for w in self.witnesses if self.valid(w)]
        for req in self.requirements(hidden):
            if any(self.meets(w, req) for w in valid):
                continue
            w = self.attack(req)
            if w is None:
                missing.append(req)
                if first_only:
                    break
                continue
            self.witnesses.append(w)
            valid.append(w)
        return missing

    def interval(self, i: int) -> tuple[float, float]:
        """The lowest and highest value cell `i` can have with what is withheld now: exact
        whole-number bounds (infinite when nothing bounds it)."""
        self._set_priced(False)
        found: list[float] = []
        for sense in (1.0, -1.0):
            w = self._solve(i, sense, None)
            status = self.status
            if w is not None:
                found.append(float(self.problem.values[i] + w.get(i, 0)))
            elif status in (
                highspy.HighsModelStatus.kUnbounded,
                highspy.HighsModelStatus.kUnboundedOrInfeasible,
            ):
                found.append(-sense * math.inf)
            else:
                found.append(math.nan)
        return found[0], found[1]


def protect(
    problem: Problem,
    *,
    progress: Callable[[], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Outcome:
    """Choose the cells to withhold (see the module's docstring)."""
    start = time.perf_counter()

    def tick() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled
        if progress is not None:
            progress()

    analyst = Analyst(problem, progress=tick)
    primary = problem.primaries()
    hidden = set(primary)
    reason: dict[int, Requirement] = {}
    unprotectable: list[Requirement] = []
    given_up: set[Requirement] = set()
    while True:
        missing = [r for r in analyst.unmet(hidden) if r not in given_up]
        if not missing:
            break
        for req in missing:
            if any(analyst.meets(w, req) for w in analyst.witnesses if analyst.valid(w)):
                continue
            w = analyst.cheapest(req)
            if w is None and problem.may_relax and req.cell in primary:
                # Given away by an earlier publication at a lower threshold: as far as
                # still possible (see the module's docstring).
                if req.kind != MOVE:
                    analyst.relaxed.add(req.cell)
                else:
                    analyst.released.add(req.cell)
                    hidden.discard(req.cell)
                    analyst.set_hidden(hidden)
                break
            if w is None:
                given_up.add(req)
                unprotectable.append(req)
                continue
            extra = {i for i in w if problem.roles[i] is Role.CANDIDATE and i not in hidden}
            for i in extra:
                reason[i] = req
            hidden |= extra
            analyst.set_hidden(hidden)
            analyst.witnesses.append(w)
    primary -= analyst.released
    if not unprotectable:
        hidden = _prune(analyst, hidden, primary, reason)
    return Outcome(
        hidden,
        primary,
        unprotectable,
        {i: r for i, r in reason.items() if i in hidden},
        analyst.solves,
        time.perf_counter() - start,
        analyst.relaxed - analyst.released,
        analyst.released,
    )


def _prune(
    analyst: Analyst, hidden: set[int], primary: set[int], reason: Mapping[int, Requirement]
) -> set[int]:
    """Show again each extra cell the others can do without, dearest first."""
    problem = analyst.problem
    extras = sorted(hidden - primary, key=lambda i: (-problem.weight(i), -problem.values[i], i))
    for i in extras:
        trial = hidden - {i}
        kept = analyst.witnesses
        analyst.witnesses = [w for w in kept if i not in w]
        if analyst.unmet(trial, first_only=True):
            analyst.witnesses = kept
            analyst.set_hidden(hidden)
        else:
            hidden = trial
    analyst.set_hidden(hidden)
    return hidden


def intervals(problem: Problem, hidden: Collection[int]) -> dict[int, tuple[float, float]]:
    """What an analyst can work out of each withheld cell: (lowest, highest)."""
    analyst = Analyst(problem)
    analyst.set_hidden(hidden)
    found = {i: analyst.interval(i) for i in sorted(hidden)}
    found.update(
        {i: analyst.interval(i) for i, r in enumerate(problem.roles) if r is Role.EARLIER_HIDDEN}
    )
    return found
