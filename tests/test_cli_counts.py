"""`bemoeizorg counts` and `counts-merge` as a user runs them, in a subprocess: files in
each format, team files merged, and clear Dutch refusals without a traceback."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.store.register import Register
from tests.builders import STRONG, YEAR, counts_register, log_entries
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
    from bemoeizorg.exports.counts_export import publish

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
    assert ["Meldingen en beoordeling", "Noord- en Midden-Limburg", "Ontvangen", str(total)] in rows
    assert "Meldingen en beoordeling" in PdfReader(tmp_path / "cijfers.pdf").pages[1].extract_text()
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
    ],
)
def test_clear_refusals(registers, tmp_path: Path, args: list[str], message: str) -> None:
    done = run("counts", str(registers[0]), *args, cwd=tmp_path)
    assert done.returncode != 0
    assert message in done.stderr
    assert not (tmp_path / "c.xlsx").exists()
