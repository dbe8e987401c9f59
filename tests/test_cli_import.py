"""`bemoeizorg template` and `bemoeizorg import` as a user runs them, in a subprocess.

Row errors go to stderr in Dutch (at most 20, then how many more), the exit is non-zero
and the register is not even opened; never a traceback.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.sheets.reading import HEADERS
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, Person, Report
from tests.builders import STRONG
from tests.helpers.processes import run
from tests.spreadsheet_helpers import GOOD_ROWS, TEAM_MEMBER, fill_template


@pytest.fixture
def register_path(tmp_path: Path) -> Path:
    path = tmp_path / "team midden.bzregister"
    register, _code = Register.create(path, "Team Midden", "Anna de Vries", Role.TEAMLEIDER, STRONG)
    reference_data.save_team_member(register, TeamMemberData(TEAM_MEMBER, Specialism.VOLWASSENEN))
    register.lock()
    return path


def _files(path: Path) -> dict[str, bytes]:
    """The register and its key file, byte for byte."""
    return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name)}


def test_template_writes_the_workbook_once(tmp_path: Path) -> None:
    target = tmp_path / "sjabloon meldingen.xlsx"
    result = run("template", str(target), passphrase=None)
    assert result.returncode == 0, result.stderr
    assert f"Sjabloon opgeslagen: {target}" in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    book = openpyxl.load_workbook(target)
    assert [c.value for c in book["Meldingen"][1]] == list(HEADERS)

    again = run("template", str(target), passphrase=None)
    assert again.returncode == 1
    assert again.stderr.strip() == (
        "Er staat al een bestand 'sjabloon meldingen.xlsx'. Kies een andere naam of map."
    )

    wrong = run("template", str(tmp_path / "sjabloon.csv"), passphrase=None)
    assert wrong.returncode == 1
    assert "eindigt op .xlsx" in wrong.stderr
    assert not (tmp_path / "sjabloon.csv").exists()


def test_import_good_workbook(tmp_path: Path, register_path: Path) -> None:
    workbook = fill_template(tmp_path / "onze casussen.xlsx", GOOD_ROWS)
    result = run("import", str(register_path), str(workbook))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Ingelezen uit onze casussen.xlsx: 6 meldingen, 4 nieuwe personen en 3 nieuwe casussen."
    )
    assert result.stderr == ""
    register = Register.unlock(register_path, "Anna de Vries", STRONG)
    try:
        with register.session() as session:
            counts = [
                session.scalar(select(func.count()).select_from(t)) for t in (Report, Person, Case)
            ]
        assert counts == [6, 4, 3]
        assert register.verify().ok
    finally:
        register.lock()


def test_import_bad_workbook_changes_nothing(tmp_path: Path, register_path: Path) -> None:
    rows = [
        {**GOOD_ROWS[0], "municipality": "Maastricht"},
        {**GOOD_ROWS[2], "received_on": "30-02-2024"},
        GOOD_ROWS[3],
    ]
    workbook = fill_template(tmp_path / "fout.xlsx", rows)
    before = _files(register_path)
    result = run("import", str(register_path), str(workbook))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines == [
        "De werkmap is niet ingelezen: 2 fouten. Er is niets gewijzigd in het register.",
        "  Rij 2: onbekende gemeente 'Maastricht'; gebruik een naam of CBS-code uit het blad "
        "Uitleg.",
        "  Rij 3: Datum melding ('30-02-2024') is geen geldige datum (gebruik dd-mm-jjjj).",
    ]
    assert result.stdout == ""
    assert _files(register_path) == before  # not even opened: no log entry either


def test_many_errors_are_cut_off_after_twenty(tmp_path: Path, register_path: Path) -> None:
    rows = [{**GOOD_ROWS[3], "municipality": f"Plaats {i}"} for i in range(25)]
    result = run("import", str(register_path), str(fill_template(tmp_path / "x.xlsx", rows)))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("De werkmap is niet ingelezen: 25 fouten.")
    assert len(lines) == 1 + 20 + 1
    assert lines[20].startswith("  Rij 21: onbekende gemeente 'Plaats 19'")
    assert lines[-1] == "  ... en 5 meer."


def test_unknown_owner_refused_after_unlock(tmp_path: Path, register_path: Path) -> None:
    rows = [{**GOOD_ROWS[0], "owner": "Niet In Het Team"}]
    result = run("import", str(register_path), str(fill_template(tmp_path / "x.xlsx", rows)))
    assert result.returncode == 1
    assert "Rij 2: dossierhouder 'Niet In Het Team' staat niet in het team" in result.stderr
    register = Register.unlock(register_path, "Anna de Vries", STRONG)
    try:
        with register.session() as session:
            assert session.scalar(select(func.count()).select_from(Report)) == 0
    finally:
        register.lock()


@pytest.mark.parametrize(
    ("args", "passphrase", "expected"),
    [
        (("REGISTER", "weg.xlsx"), STRONG, "Het bestand 'weg.xlsx' bestaat niet"),
        (("nergens.bzregister", "GOED"), STRONG, "Het register 'nergens.bzregister' bestaat"),
        (("REGISTER", "GOED"), "Dit is zeker niet de goede zin", "De wachtwoordzin klopt niet"),
        (("REGISTER", "GOED"), None, "Geen wachtwoordzin: zet BEMOEIZORG_PASSPHRASE"),
    ],
)
def test_import_refusals_in_one_dutch_line(
    tmp_path: Path,
    register_path: Path,
    args: tuple[str, str],
    passphrase: str | None,
    expected: str,
) -> None:
    good = fill_template(tmp_path / "goed.xlsx", GOOD_ROWS[:1])
    names = {"REGISTER": str(register_path), "GOED": str(good)}
    argv = [names.get(a, str(tmp_path / a)) for a in args]
    result = run("import", *argv, passphrase=passphrase)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0], result.stderr


def test_importing_the_same_workbook_twice_imports_nothing_the_second_time(
    tmp_path: Path, register_path: Path
) -> None:
    workbook = fill_template(tmp_path / "onze casussen.xlsx", GOOD_ROWS)
    assert run("import", str(register_path), str(workbook)).returncode == 0
    before = _files(register_path)

    again = run("import", str(register_path), str(workbook))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == (
        "Niets ingelezen uit onze casussen.xlsx: alle 6 meldingen staan al in het register."
    )
    assert again.stderr == ""
    register = Register.unlock(register_path, "Anna de Vries", STRONG)
    try:
        with register.session() as session:
            counts = [
                session.scalar(select(func.count()).select_from(t)) for t in (Report, Person, Case)
            ]
        assert counts == [6, 4, 3]  # nothing twice
    finally:
        register.lock()
    assert set(_files(register_path)) == set(before)

    # One new row beside the known ones: only that row, about the person already there.
    more = fill_template(
        tmp_path / "meer.xlsx", [*GOOD_ROWS, {**GOOD_ROWS[3], "received_on": "01-12-2025"}]
    )
    third = run("import", str(register_path), str(more))
    assert third.returncode == 0, third.stderr
    assert third.stdout.splitlines() == [
        "Ingelezen uit meer.xlsx: 1 melding, 0 nieuwe personen en 0 nieuwe casussen.",
        "Al in het register en overgeslagen: 6 meldingen.",
    ]


def test_bsn_of_someone_else_in_the_register_is_refused(
    tmp_path: Path, register_path: Path
) -> None:
    first = run("import", str(register_path), str(fill_template(tmp_path / "a.xlsx", GOOD_ROWS)))
    assert first.returncode == 0, first.stderr
    row = {**GOOD_ROWS[2], "received_on": "02-02-2025", "bsn": "111222333"}
    before = _files(register_path)
    result = run("import", str(register_path), str(fill_template(tmp_path / "b.xlsx", [row])))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "De werkmap is niet ingelezen: 1 fout. Er is niets gewijzigd in het register.",
        "  Rij 2: het BSN hoort bij een persoon in het register met een andere geboortedatum. "
        "Controleer het BSN en de geboortedatum.",
    ]
    assert "Traceback" not in result.stderr
    assert set(_files(register_path)) == set(before)


def test_new_then_import_with_the_creator_as_dossierhouder(tmp_path: Path) -> None:
    """A register just made by `new` takes an import naming its creator as owner: the
    creator is a team member from the start (issue 14)."""
    path = tmp_path / "eigen team.bzregister"
    made = run("new", str(path), "--user", "Anna de Vries", "--role", "teamleider")
    assert made.returncode == 0, made.stderr
    rows = [{**row, "owner": "Anna de Vries"} if row.get("owner") else row for row in GOOD_ROWS]
    workbook = fill_template(tmp_path / "onze casussen.xlsx", rows)
    result = run("import", str(path), str(workbook))
    assert result.returncode == 0, result.stderr
    assert "6 meldingen, 4 nieuwe personen en 3 nieuwe casussen" in result.stdout
    register = Register.unlock(path, "Anna de Vries", STRONG)
    try:
        with register.session() as session:
            owners = set(session.scalars(select(Case.owner_id)))
        members = {m.id: m.name for m in reference_data.team_members(register)}
    finally:
        register.lock()
    assert {members.get(o) for o in owners if o is not None} == {"Anna de Vries"}


def test_import_on_a_terminal_shows_a_progress_line(tmp_path: Path, register_path: Path) -> None:
    """stderr a terminal (a pseudo-terminal here): one line redrawn with how far reading
    and importing are, wiped before the result is printed."""
    workbook = fill_template(tmp_path / "onze casussen.xlsx", GOOD_ROWS)
    leader, follower = os.openpty()
    env = {**os.environ, "BEMOEIZORG_PASSPHRASE": STRONG}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bemoeizorg", "import", str(register_path), str(workbook)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=follower,
            env=env,
            timeout=120,
            check=False,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert done.stdout.decode().startswith("Ingelezen uit onze casussen.xlsx: 6 meldingen")
    text = shown.decode()
    assert "Traceback" not in text
    assert "Vergelijken met het register" in text
    assert "Importeren: " in text and "(100%)" in text
    assert text.endswith("\r")  # the line wiped: the result stands on a clean line
