"""`bemoeizorg counts` and `counts-merge` as a user runs them, in a subprocess: files in
each format, team files merged, the register's threshold (team policy; --threshold only
stricter), and clear Dutch refusals without a traceback."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from bemoeizorg.casework import team_policy
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.exports.counts_export import prepare, publish
from bemoeizorg.store.register import Register
from tests.builders import STRONG, YEAR, copy_register, counts_register, log_entries
from tests.helpers.processes import run


def make(path: Path, seed: int) -> Path:
    counts_register(path, seed, 50)[0].lock()
    return path


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("cli-counts")
    yield make(folder / "een.bzregister", 21), make(folder / "twee.bzregister", 22)


def published_total(path: Path, period: Period) -> str:
    """The region's reports as the export publishes them (a number, or "x" when hidden)."""
    register = Register.unlock(path, "Anna de Vries", STRONG)
    try:
        return publish(compute_counts(register, period), 5).received_text()
    finally:
        register.lock(log=False)


def received(path: Path, period: Period) -> int:
    register = Register.unlock(path, "Anna de Vries", STRONG)
    try:
        return sum(compute_counts(register, period).table("meldingen").values.values())
    finally:
        register.lock(log=False)


def test_a_year_to_each_format(registers, tmp_path: Path) -> None:
    path = registers[0]
    total = received(path, Period.year(YEAR))
    for suffix in (".xlsx", ".csv", ".pdf"):
        out = tmp_path / f"cijfers{suffix}"
        done = run("counts", str(path), "--year", str(YEAR), "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert f"Cijfers over {YEAR} geschreven naar cijfers{suffix}: {total} meldingen" in (
            done.stdout
        )
        assert out.stat().st_mode & 0o077 == 0  # owner only
    book = openpyxl.load_workbook(tmp_path / "cijfers.xlsx")
    assert book.sheetnames[0] == "Toelichting"
    rows = list(
        csv.reader(io.StringIO((tmp_path / "cijfers.csv").read_text("utf-8-sig")), delimiter=";")
    )
    when = [str(YEAR), f"{YEAR}-01-01", f"{YEAR}-12-31"]  # the period on every row
    region = ["Meldingen en beoordeling", "Noord- en Midden-Limburg", "", "Ontvangen", str(total)]
    assert [*when, *region] in rows
    pdf = PdfReader(tmp_path / "cijfers.pdf")
    assert "Meldingen en beoordeling" in " ".join(p.extract_text() for p in pdf.pages)
    register = Register.unlock(path, "Anna de Vries", STRONG)
    try:
        exports = [e for e in log_entries(register) if e[0] == "exporteren"]
    finally:
        register.lock(log=False)
    assert exports[-3:] == [("exporteren", None)] * 3


def test_quarter_and_dates(registers, tmp_path: Path) -> None:
    path = registers[0]
    q2 = published_total(path, Period.quarter(YEAR, 2))
    done = run(
        "counts",
        str(path),
        "--year",
        str(YEAR),
        "--quarter",
        "2",
        "--out",
        str(tmp_path / "k2.csv"),
    )
    assert (
        done.returncode == 0
        and f"{YEAR}, kwartaal 2" in done.stdout
        and f": {q2} meldingen" in done.stdout
    )
    done = run(
        "counts",
        str(path),
        "--from",
        f"01-04-{YEAR}",
        "--to",
        f"{YEAR}-06-30",
        "--out",
        str(tmp_path / "p.csv"),
    )
    assert done.returncode == 0 and f": {q2} meldingen" in done.stdout


def test_team_files_merged(registers, tmp_path: Path) -> None:
    files = []
    for i, path in enumerate(registers):
        team = tmp_path / f"team{i}.json"
        done = run("counts", str(path), "--year", str(YEAR), "--team-file", str(team))
        assert done.returncode == 0 and "zonder verbergen" in done.stdout
        files.append(str(team))
    total = sum(received(p, Period.year(YEAR)) for p in registers)
    out = tmp_path / "samen.xlsx"
    done = run("counts-merge", *files, "--out", str(out), passphrase=None)
    assert done.returncode == 0, done.stderr
    assert f"2 teambestanden samengevoegd. Cijfers over {YEAR}" in done.stdout
    assert f": {total} meldingen" in done.stdout
    other = tmp_path / "vorig.json"
    run("counts", str(registers[1]), "--year", str(YEAR - 1), "--team-file", str(other))
    done = run("counts-merge", files[0], str(other), "--out", str(tmp_path / "x.xlsx"))
    assert done.returncode == 1 and "dezelfde periode" in done.stderr
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2025", "--out", "c.txt"], "eindigt op .xlsx of .csv of .pdf"),
        (["--year", "2025"], "Kies --out"),
        (["--from", "31-02-2025", "--to", "01-03-2025", "--out", "c.xlsx"], "geen bestaande datum"),
        (["--from", "01-03-2025", "--to", "01-02-2025", "--out", "c.xlsx"], "vóór de begindatum"),
        (["--year", "2025", "--from", "01-01-2025", "--out", "c.xlsx"], "niet beide"),
        (["--year", "2025", "--out", "c.xlsx", "--threshold", "1"], "kies een getal"),
        (["--from", "01-01-0001", "--to", "01-03-2025", "--out", "c.xlsx"], "buiten de cijfers"),
        (["--from", "01-01-2025", "--to", "31-12-9999", "--out", "c.xlsx"], "buiten de cijfers"),
        (["--from", "31-12-1999", "--to", "01-03-2025", "--out", "c.xlsx"], "01-01-2000"),
        (
            ["--from", "01-01-99999999999999999999", "--to", "01-03-2025", "--out", "c.xlsx"],
            "geen bestaande datum",
        ),
    ],
)
def test_clear_refusals(registers, tmp_path: Path, args: list[str], message: str) -> None:
    done = run("counts", str(registers[0]), *args, cwd=tmp_path)
    assert done.returncode != 0
    assert message in done.stderr
    assert "onverwachts" not in done.stderr
    assert not (tmp_path / "c.xlsx").exists()


def csv_cells(path: Path) -> dict[tuple[str, str, str], str]:
    rows = csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";")
    # periode; van; tot; tabel; gebied; code; kolom; waarde
    return {(r[3], r[4], r[6]): r[7] for r in list(rows)[1:]}


def small_but_shown_at_three(path: Path) -> dict[tuple[str, str, str], str]:
    """Cells holding a 3 or 4 that publishing at threshold 3 shows and at 5 hides (a small
    count next to other small ones is hidden at 3 too: the secondary rule)."""
    register = Register.unlock(path, "Anna de Vries", STRONG)
    try:
        # As the export makes them: with the register's earlier publications.
        at_three = prepare(register, Period.year(YEAR), 3)
        at_five = prepare(register, Period.year(YEAR), 5)
    finally:
        register.lock(log=False)
    return {
        (table.table.title, table.row_label(r), table.column_label(c)): str(table.cell(r, c).value)
        for table, strict in zip(at_three.tables, at_five.tables, strict=True)
        for r in table.row_keys
        for c in table.column_keys
        if table.cell(r, c).value in (3, 4)
        and not table.cell(r, c).hidden
        and strict.cell(r, c).hidden
    }


def set_policy(path: Path, threshold: int) -> None:
    register = Register.unlock(path, "Anna de Vries", STRONG)
    try:
        team_policy.set_counts_threshold(register, threshold)
    finally:
        register.lock()


def test_the_threshold_is_the_registers_policy(registers, tmp_path: Path) -> None:
    """A count of 4 is hidden under the default 5, shown once the teamleider sets 3 in the
    register, and --threshold may hide more but never less than the policy."""
    # A register that has published nothing yet (the module's has: a publication is
    # protected together with the earlier ones of its period, so would show no more).
    (tmp_path / "nieuw").mkdir()
    fresh = copy_register(make(tmp_path / "nieuw" / "een.bzregister", 21), tmp_path / "vers")
    cells = small_but_shown_at_three(fresh)
    untouched = copy_register(fresh, tmp_path / "nog-een")
    path = copy_register(registers[0], tmp_path / "kopie")
    assert cells, "the generated year should hold a small count only the threshold hides"
    done = run("counts", str(path), "--year", str(YEAR), "--out", str(tmp_path / "vijf.csv"))
    assert done.returncode == 0 and "(onder 5) verborgen" in done.stdout
    assert {csv_cells(tmp_path / "vijf.csv")[c] for c in cells} == {"."}  # one mark

    path = fresh  # not the copy that published at 5
    set_policy(path, 3)
    done = run("counts", str(path), "--year", str(YEAR), "--out", str(tmp_path / "drie.csv"))
    assert done.returncode == 0 and "(onder 3) verborgen" in done.stdout
    published = csv_cells(tmp_path / "drie.csv")
    assert {c: published[c] for c in cells} == cells

    out = tmp_path / "twee.csv"
    done = run("counts", str(path), "--year", str(YEAR), "--out", str(out), "--threshold", "2")
    assert done.returncode == 1
    assert "Het teambeleid van dit register verbergt aantallen onder 3" in done.stderr
    assert "kies 3 of hoger" in done.stderr
    assert not out.exists()

    # Hiding more than an earlier publication of the period showed is allowed (issue 13): the
    # counts the publication at 3 already gave away are not made secret again, they are shown
    # as they were, and the explanation says so.
    out = tmp_path / "zes.csv"
    done = run("counts", str(path), "--year", str(YEAR), "--out", str(out), "--threshold", "6")
    assert done.returncode == 0 and "(onder 6) verborgen" in done.stdout
    assert {c: csv_cells(out)[c] for c in cells} == cells
    out.unlink()
    done = run("counts", str(untouched), "--year", str(YEAR), "--out", str(out), "--threshold", "6")
    assert done.returncode == 0 and "(onder 6) verborgen" in done.stdout
    assert {csv_cells(out)[c] for c in cells} == {"."}


def test_merging_hides_at_least_what_the_monitor_asks(registers, tmp_path: Path) -> None:
    team = tmp_path / "team.json"
    assert run("counts", str(registers[0]), "--year", str(YEAR), "--team-file", str(team))
    out = tmp_path / "samen.csv"
    done = run("counts-merge", str(team), "--out", str(out), "--threshold", "3", passphrase=None)
    assert done.returncode == 1 and "De regel van de monitor verbergt aantallen onder 5" in (
        done.stderr
    )
    assert not out.exists()
    done = run("counts-merge", str(team), "--out", str(out), passphrase=None)
    assert done.returncode == 0 and "(onder 5) verborgen" in done.stdout


def test_per_gemeente_breaks_the_reports_down_per_municipality(tmp_path: Path) -> None:
    """--per-gemeente: the breakdowns per municipality (with its CBS code) instead of per
    subregion; the default stays per subregion. Two fresh registers: a publication of the
    year would otherwise be protected together with the other."""
    per_subregion = make(tmp_path / "een.bzregister", 21)
    per_municipality = make(tmp_path / "twee.bzregister", 21)

    def codes(out: Path) -> set[str]:
        rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
        return {row[5] for row in rows[1:] if row[3] == "Meldingen en beoordeling"}

    out = tmp_path / "subregio.csv"
    done = run("counts", str(per_subregion), "--year", str(YEAR), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert codes(out) == {""}  # the subregions and the region: no municipality
    out = tmp_path / "gemeente.csv"
    done = run(
        "counts", str(per_municipality), "--year", str(YEAR), "--out", str(out), "--per-gemeente"
    )
    assert done.returncode == 0, done.stderr
    assert {"GM0889", "GM0957"} <= codes(out)  # Beesel, Roermond
    register = Register.unlock(per_municipality, "Anna de Vries", STRONG)
    try:
        assert [e for e in log_entries(register) if e[0] == "exporteren"] == [("exporteren", None)]
    finally:
        register.lock(log=False)
