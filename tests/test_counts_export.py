"""The counts as they leave the team: XLSX, CSV and PDF read back; team files written,
merged and refused; nothing names a person, worker or reporter; exports are logged."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy.exc import OperationalError

from bemoeizorg.domain.suppression import REGION, TOTAL
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.exports.counts_export import (
    cell_reference,
    export_counts,
    publish,
    write_publication,
)
from bemoeizorg.exports.counts_team_file import TeamFileRefused, merge, write_team_file
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import DiskError, DiskFull
from bemoeizorg.store.register import Register
from tests.analyst_check import bounds, read_xlsx
from tests.builders import YEAR, counts_register, log_entries

WORKER = "Hendrikje Zonnebloemsma"


def make_register(path: Path, seed: int, count: int = 60) -> Register:
    return counts_register(path, seed, count, user=WORKER)[0]


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Register, Register]]:
    folder = tmp_path_factory.mktemp("export")
    first = make_register(folder / "een.bzregister", 11)
    second = make_register(folder / "twee.bzregister", 12)
    yield first, second
    first.lock()
    second.lock()


def names_in(register: Register) -> list[str]:
    """Every person's family name in the register ('Persoon12'...), and the worker."""
    from bemoeizorg.store.schema import Person

    with register.session() as s:
        return [p.family_name for p in s.query(Person).all()] + [WORKER]


def test_xlsx_holds_the_published_tables_and_an_explanation(two, tmp_path: Path) -> None:
    register = two[0]
    before = len(log_entries(register))
    out = tmp_path / "cijfers.xlsx"
    publication = export_counts(register, Period.year(YEAR), out, 5)
    assert log_entries(register)[before:] == [(Action.EXPORT.value, None)]
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Toelichting" and book.sheetnames[-1] == "Samenhang"
    assert len(book.sheetnames) == 2 + len(publication.tables)
    explanation = " ".join(str(c.value) for c in book["Toelichting"]["A"] if c.value)
    withheld = sum(t.hidden_count for t in publication.tables)
    assert withheld > 0 and 'Een punt (".") staat voor een weggelaten cijfer' in explanation
    assert f"{withheld} van de" in explanation
    assert "telt bij elke zorg één keer mee" in explanation  # how concerns are counted
    for table in publication.tables:
        sheet = book[book.sheetnames[1 + publication.tables.index(table)]]
        rows = list(sheet.iter_rows(min_row=3, values_only=True))
        assert [r[0] for r in rows] == [table.row_label(k) for k in table.row_keys]
        for row_key, row in zip(table.row_keys, rows, strict=True):
            code = row[1] or ""
            assert code == ("" if row_key.startswith("sub:") or row_key == REGION else row_key)
            assert code == "" or code.startswith("GM")
            for column, value in zip(table.column_keys, row[2:], strict=True):
                cell = table.cell(row_key, column)
                assert value == ("." if cell.hidden else cell.value)
                assert not (isinstance(value, int) and 0 < value < 5)
    assert book.properties.creator == "Bemoeizorg Register"
    assert not book.properties.lastModifiedBy
    with zipfile.ZipFile(out) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    for name in names_in(register):
        assert name.encode() not in everything, name


def test_csv_and_pdf_say_the_same(two, tmp_path: Path) -> None:
    publication = publish(compute_counts(two[0], Period.year(YEAR)), 5)
    csv_path = write_publication(publication, tmp_path / publication.default_file_name(".csv"))
    rows = list(csv.reader(io.StringIO(csv_path.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["periode", "van", "tot", "tabel", "gebied", "code", "kolom", "waarde"]
    when = [str(YEAR), f"{YEAR}-01-01", f"{YEAR}-12-31"]
    assert all(r[:3] == when for r in rows[1:])  # the period on every row
    meldingen = publication.table("meldingen")
    total = meldingen.cell(REGION, TOTAL)
    assert [*when, meldingen.table.title, "Noord- en Midden-Limburg", "", "Ontvangen",
            str(total.value)] in rows  # fmt: skip
    gemeenten = publication.table("gemeenten")
    for code in gemeenten.row_keys[:2]:
        name, text = gemeenten.row_label(code), gemeenten.cell(code, "meldingen").text()
        assert [*when, gemeenten.table.title, name, code, "Meldingen", text] in rows
    marks = {r[7] for r in rows[1:] if r[3] != "toelichting"}
    assert "." in marks and not any(m.isdigit() and 0 < int(m) < 5 for m in marks)

    pdf_path = write_publication(publication, tmp_path / publication.default_file_name(".pdf"))
    reader = PdfReader(pdf_path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for table in publication.tables:
        assert table.table.title in " ".join(text.split()), table.table.title
    meta = reader.metadata or {}
    neutral = ("/Creator", "/Producer", "/CreationDate", "/ModDate", "/Trapped")
    assert {k: v for k, v in meta.items() if v and k not in neutral} == {}
    assert meta.get("/Creator") == meta.get("/Producer") == "Bemoeizorg Register"
    assert "2000" in str(meta.get("/CreationDate"))  # invariant: no moment of making
    data = pdf_path.read_bytes()
    for name in names_in(two[0]):
        assert name.encode() not in data and name not in text
    assert publication.default_file_name(".pdf") == (
        f"bemoeizorg-cijfers-{YEAR}-01-01-{YEAR}-12-31.pdf"
    )


def test_team_files_merge_to_the_sum_and_suppress_once(two, tmp_path: Path) -> None:
    first, second = two
    before = len(log_entries(first))
    a = write_team_file(first, Period.year(YEAR), tmp_path / "een.json")
    assert log_entries(first)[before:] == [(Action.EXPORT.value, None)]
    b = write_team_file(second, Period.year(YEAR), tmp_path / "twee.json")
    raw = (tmp_path / "een.json").read_text("utf-8")
    for name in names_in(first):
        assert name not in raw
    merged = merge([tmp_path / "een.json", tmp_path / "twee.json"])
    for table in merged.tables:
        want = Counter(a.table(table.key).values) + Counter(b.table(table.key).values)
        assert Counter(table.values) == want, table.key
    published = publish(merged, 5)
    for table in published.tables:
        for cell in table.cells.values():
            assert cell.hidden or not 0 < cell.value < 5
    out = write_publication(published, tmp_path / "samen.xlsx")
    assert openpyxl.load_workbook(out).sheetnames[0] == "Toelichting"


def _log_write_fails(register: Register, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up just as the export's log entry is written."""

    def full(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(register, "audit", full)


Export = Callable[[Register, Path], object]


@pytest.mark.parametrize(
    "export",
    [
        lambda r, folder: export_counts(r, Period.year(YEAR), folder / "cijfers.xlsx", 5),
        lambda r, folder: export_counts(r, Period.year(YEAR), folder / "cijfers.csv", 5),
        lambda r, folder: write_team_file(r, Period.year(YEAR), folder / "een.json"),
    ],
    ids=["counts xlsx", "counts csv", "team file"],
)
def test_an_export_that_cannot_be_logged_is_removed_again(
    two, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, export: Export
) -> None:
    register = two[0]
    before = len(log_entries(register))
    folder = tmp_path / "uit"
    folder.mkdir()
    _log_write_fails(register, monkeypatch)
    with pytest.raises(DiskFull, match="De schijf is vol"):
        export(register, folder)
    assert list(folder.iterdir()) == []  # no file, no temp file
    monkeypatch.undo()
    assert len(log_entries(register)) == before


def test_a_write_error_is_dutch_and_nothing_is_logged(two, tmp_path: Path) -> None:
    register = two[0]
    before = len(log_entries(register))
    missing = tmp_path / "bestaat-niet" / "cijfers.xlsx"
    with pytest.raises(DiskError, match="Schrijven naar de schijf is mislukt"):
        export_counts(register, Period.year(YEAR), missing, 5)
    with pytest.raises(DiskError, match="Schrijven naar de schijf is mislukt"):
        write_team_file(register, Period.year(YEAR), missing.with_suffix(".json"))
    assert len(log_entries(register)) == before


def test_team_files_that_do_not_fit_are_refused(two, tmp_path: Path) -> None:
    first, second = two
    write_team_file(first, Period.year(YEAR), tmp_path / "een.json")
    write_team_file(second, Period.year(YEAR - 1), tmp_path / "vorig-jaar.json")
    with pytest.raises(TeamFileRefused, match="dezelfde periode"):
        merge([tmp_path / "een.json", tmp_path / "vorig-jaar.json"])
    with pytest.raises(TeamFileRefused, match="hetzelfde register"):
        merge([tmp_path / "een.json", tmp_path / "een.json"])
    data = json.loads((tmp_path / "een.json").read_text("utf-8"))
    data["gemeenten"].append("GM9999")
    (tmp_path / "vreemd.json").write_text(json.dumps(data), "utf-8")
    with pytest.raises(TeamFileRefused, match="onbekende gemeente"):
        merge([tmp_path / "vreemd.json"])
    (tmp_path / "kapot.json").write_text("{niet af", "utf-8")
    with pytest.raises(TeamFileRefused, match="onleesbaar"):
        merge([tmp_path / "kapot.json"])


@pytest.mark.parametrize(
    ("threshold", "period"), [(5, Period.year(YEAR)), (10, Period.quarter(YEAR, 3))]
)
def test_no_withheld_number_can_be_worked_back_from_the_file(
    two, tmp_path: Path, threshold: int, period: Period
) -> None:
    """Read the written XLSX back as an analyst would (every number, every relation on the
    Samenhang sheet, '.' any whole number >= 0) and bound each withheld cell by integer
    programming: a small one keeps [0, threshold], no other is pinned to one value."""
    out = tmp_path / "cijfers.xlsx"
    # The second register: a quarter at 10 after the first's year at 5 would be refused
    # (that year showed numbers the quarter's small ones cannot exceed).
    register = two[0] if threshold == 5 else two[1]
    publication = export_counts(register, period, out, threshold)
    shown, withheld, relations = read_xlsx(out)
    assert len(withheld) == publication.withheld > 0
    assert {r for r, _parts in relations} >= {("", cell_reference(publication, eq[-1]))
                                              for eq in publication.relations}  # fmt: skip
    truth = {
        ("", cell_reference(publication, (t.table.key, r, c))): cell.value
        for t in publication.tables
        for (r, c), cell in t.cells.items()
    }
    for cell, (low, high) in bounds(shown, withheld, relations).items():
        value = truth[cell]
        assert low <= value <= high and low < high, (cell, value, low, high)
        if 0 < value < threshold:
            assert low <= 0 and high >= threshold, (cell, value, low, high)


def test_the_pdf_says_hidden_numbers_are_not_drawn(two, tmp_path: Path) -> None:
    publication = publish(compute_counts(two[0], Period.year(YEAR)), 5)
    pdf = write_publication(publication, tmp_path / "c.pdf")
    first_page = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert 'Weggelaten cijfers (".") zijn niet getekend' in first_page
