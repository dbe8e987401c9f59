"""The import's own sheet reader (sheets.fast_read) reads what openpyxl reads: every kind
of cell, in shared and in inline strings, with gaps, as `iter_rows(values_only=True)`."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from bemoeizorg.sheets.fast_read import SheetReader

ROWS: list[list[Any]] = [
    ["Datum melding", "Achternaam", "Aantal", "Bedrag", "Ja/nee", "Geboren", "Tijd"],
    [date(2026, 11, 28), "Ölçer", 3, 2.5, True, datetime(1980, 11, 28, 0, 0), time(9, 30)],
    [None, "  de Vries ", -7, 1e-7, False, None, None],
    [],  # an empty row in the middle
    ["28-11-2026", "x005F_onderstreept", 0, 12345678901, None, date(1900, 3, 1), None],
]


def _write(path: Path, *, write_only: bool) -> None:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Meldingen") if write_only else book.active
    assert sheet is not None
    sheet.title = "Meldingen"
    for row in ROWS:
        sheet.append(row)
    if not write_only:
        sheet["J9"] = "ver weg"  # a gap of rows and a cell past the width asked
        sheet["B9"] = "=1+1"  # a formula without a stored value
    book.save(path)


def _openpyxl(path: Path, max_row: int, max_col: int) -> list[tuple[Any, ...]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return list(book["Meldingen"].iter_rows(max_row=max_row, max_col=max_col, values_only=True))
    finally:
        book.close()


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
@pytest.mark.parametrize(("max_row", "max_col"), [(100, 7), (3, 4), (12, 12)])
def test_the_same_values_as_openpyxl(
    tmp_path: Path, write_only: bool, max_row: int, max_col: int
) -> None:
    path = tmp_path / "werkmap.xlsx"
    _write(path, write_only=write_only)
    with zipfile.ZipFile(path) as archive:
        fast = list(SheetReader(archive, "Meldingen").rows(max_row, max_col))
    assert fast == _openpyxl(path, max_row, max_col)
    assert fast[1][0] == datetime(2026, 11, 28)  # a date cell comes back as a date
    assert fast[1][1] == "Ölçer"
