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
