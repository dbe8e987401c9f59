"""A second analyst for the tests, written apart from domain/disclosure.py: from the
published numbers and relations alone, the lowest and highest whole value each withheld
cell can have (an integer program per bound, solved by HiGHS with no shortcuts: no
witnesses, no relaxation, no reuse). Also reads a published XLSX back (the sheets, "."
and the Samenhang sheet) into that form."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path

import highspy
import numpy as np
import openpyxl

Relation = tuple[Hashable, Sequence[Hashable]]  # total, parts


def bounds(
    shown: Mapping[Hashable, int],
    withheld: Sequence[Hashable],
    relations: Sequence[Relation],
    targets: Sequence[Hashable] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """(lowest, highest) of every withheld cell (or of `targets` among them); a '.' is any
    whole number >= 0."""
    cells = sorted({*shown, *withheld, *(c for t, ps in relations for c in (t, *ps))}, key=repr)
    index = {c: i for i, c in enumerate(cells)}
    n = len(cells)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lower = np.array([float(shown.get(c, 0)) for c in cells])
    upper = np.array([float(shown[c]) if c in shown else highspy.kHighsInf for c in cells])
    h.addVars(n, lower, upper)
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    for total, parts in relations:
        coef: dict[int, float] = {}
        for p in parts:
            coef[index[p]] = coef.get(index[p], 0.0) + 1.0
        coef[index[total]] = coef.get(index[total], 0.0) - 1.0
        idx = [k for k, v in coef.items() if v]
        if idx:
            h.addRow(0, 0, len(idx), np.array(idx, dtype=np.int32),
                     np.array([coef[k] for k in idx]))  # fmt: skip
    found: dict[Hashable, tuple[float, float]] = {}
    for target in withheld if targets is None else targets:
        pair = []
        h.changeColCost(index[target], 1.0)
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            h.changeObjectiveSense(sense)
            h.run()
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                pair.append(round(h.getInfo().objective_function_value))
            elif status in (
                highspy.HighsModelStatus.kUnbounded,
                highspy.HighsModelStatus.kUnboundedOrInfeasible,
            ):
                pair.append(math.inf)
            else:
                raise AssertionError(f"no solution at all: {status}")
        h.changeColCost(index[target], 0.0)
        found[target] = (float(pair[0]), float(pair[1]))
    return found


_REF = re.compile(r"^(?P<sheet>[^!]+)!(?P<col>[A-Z]+)(?P<row>\d+)$")


def read_xlsx(
    data: bytes | Path, tag: str = ""
) -> tuple[dict[Hashable, int], list[Hashable], list[Relation]]:
    """(shown, withheld, relations) of a published workbook; cells are (tag, 'Sheet!C5')."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    book = openpyxl.load_workbook(io.BytesIO(raw))
    shown: dict[Hashable, int] = {}
    withheld: list[Hashable] = []
    for sheet in book.worksheets:
        if sheet.title in ("Toelichting", "Samenhang"):
            continue
        for row in sheet.iter_rows(min_row=3, min_col=3):
            for cell in row:
                key = (tag, f"{sheet.title}!{cell.coordinate}")
                if cell.value == ".":
                    withheld.append(key)
                elif isinstance(cell.value, int):
                    shown[key] = cell.value
                else:
                    raise AssertionError(f"{key}: {cell.value!r} is neither a number nor '.'")
    relations: list[Relation] = []
    for row in book["Samenhang"].iter_rows(values_only=True):
        refs = [v for v in row if v]
        assert all(isinstance(v, str) and _REF.match(v) for v in refs), row
        relations.append(((tag, refs[0]), [(tag, r) for r in refs[1:]]))
    return shown, withheld, relations


def unprotected(
    shown: Mapping[Hashable, int],
    withheld: Sequence[Hashable],
    relations: Sequence[Relation],
    values: Mapping[Hashable, int],
    threshold: int,
    targets: Sequence[Hashable] | None = None,
) -> list[tuple[Hashable, str]]:
    """The rule of `bounds` asked as existence, with the same integer program: the withheld
    cells (or `targets`) for which no whole-number solution of everything published gives
    another value than the true one ("exact"), or, for a small count (1..threshold-1), the
    value 0 ("low") or `threshold` or more ("high"). Equivalent to checking
    low < high, low <= 0 and high >= threshold on `bounds`, but each solution found is kept
    and answers for every cell it moves (solving per cell only for the rest), and each one
    counts only after checking it again in exact integer arithmetic. The true values must
    satisfy every relation and equal what is shown (checked first)."""
    cells = sorted({*shown, *withheld, *(c for t, ps in relations for c in (t, *ps))}, key=repr)
    index = {c: i for i, c in enumerate(cells)}
    n = len(cells)
    truth = [values.get(c) for c in cells]
    for c, v in shown.items():
        assert values[c] == v, (c, v, values[c])
    # Cells that no file shows (a latent 'carried' count) take the value their relation
    # gives; every such cell is the total of one.
    for total, parts in relations:
        if truth[index[total]] is None and all(truth[index[p]] is not None for p in parts):
            truth[index[total]] = sum(truth[index[p]] for p in parts)  # type: ignore[misc]
    assert all(v is not None and v >= 0 for v in truth), "every cell has a true value"
    rows: list[tuple[list[int], list[float]]] = []
    for total, parts in relations:
        coef: dict[int, float] = {}
        for p in parts:
            coef[index[p]] = coef.get(index[p], 0.0) + 1.0
        coef[index[total]] = coef.get(index[total], 0.0) - 1.0
        idx = [k for k, v in coef.items() if v]
        if idx:
            rows.append((idx, [coef[k] for k in idx]))
            assert sum(truth[k] * c for k, c in zip(idx, rows[-1][1], strict=True)) == 0  # type: ignore[operator]

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    fixed = [c in shown for c in cells]
    lower = np.array([float(shown.get(c, 0)) for c in cells])
    upper = np.array([float(shown[c]) if c in shown else highspy.kHighsInf for c in cells])
    h.addVars(n, lower, upper)
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    for idx, coefs in rows:
        h.addRow(0, 0, len(idx), np.array(idx, dtype=np.int32), np.array(coefs))

    def whole(x: Sequence[float]) -> list[int] | None:
        """The solution as whole numbers, if it is one and holds exactly."""
        point = [round(v) for v in x]
        if any(abs(v - p) > 1e-6 or p < 0 for v, p in zip(x, point, strict=True)):
            return None
        if any(f and p != truth[i] for i, (f, p) in enumerate(zip(fixed, point, strict=True))):
            return None
        if any(sum(point[k] * c for k, c in zip(idx, coefs, strict=True)) for idx, coefs in rows):
            return None
        return point

    need: dict[tuple[int, str], Hashable] = {}
    for c in withheld if targets is None else targets:
        i = index[c]
        if 0 < truth[i] < threshold:  # type: ignore[operator]
            need[(i, "low")] = c
            need[(i, "high")] = c
        else:
            need[(i, "exact")] = c

    def meets(point: Sequence[int], i: int, kind: str) -> bool:
        if kind == "low":
            return point[i] <= 0
        if kind == "high":
            return point[i] >= threshold
        return point[i] != truth[i]

    def solve(
        cost: dict[int, float], sense: highspy.ObjSense, cap: float
    ) -> tuple[list[int] | None, bool]:
        """A solution (free cells at most `cap`, which only narrows the model: a solution
        found is a solution) or None, and whether the objective is unbounded."""
        free = np.array([i for i in range(n) if not fixed[i]], dtype=np.int32)
        h.changeColsBounds(len(free), free, np.zeros(len(free)), np.full(len(free), cap))
        h.changeColsCost(len(cost), np.array(list(cost), dtype=np.int32),
                         np.array(list(cost.values())))  # fmt: skip
        h.changeObjectiveSense(sense)
        h.run()
        status = h.getModelStatus()
        ok = status == highspy.HighsModelStatus.kOptimal
        point = whole(list(h.getSolution().col_value)) if ok else None
        unbounded = status in (
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        )
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
        return point, unbounded

    def take(point: list[int] | None) -> None:
        if point is not None:
            for i, kind in [k for k in need if meets(point, *k)]:
                del need[(i, kind)]

    cap = float(10 * max([threshold, *(v for v in truth if v is not None)]))
    # Broad solutions first: every open cell pushed up, then every one pulled down.
    for sense in (highspy.ObjSense.kMaximize, highspy.ObjSense.kMinimize):
        cost = {i: 1.0 for i, _k in need}
        if cost:
            take(solve(cost, sense, cap)[0])
    # Then one cell at a time, as `bounds` does (no cap: unbounded above meets it).
    for i, kind in list(need):
        if (i, kind) not in need:
            continue
        up, down = highspy.ObjSense.kMaximize, highspy.ObjSense.kMinimize
        senses = {"low": [down], "high": [up], "exact": [down, up]}[kind]
        for sense in senses:
            point, unbounded = solve({i: 1.0}, sense, highspy.kHighsInf)
            if unbounded and sense == up:
                need.pop((i, kind), None)  # as high as one likes
            take(point)
            if (i, kind) not in need:
                break
    return [(c, kind) for (_i, kind), c in need.items()]
