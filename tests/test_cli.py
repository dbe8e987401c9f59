"""The command line as a user runs it: `python -m bemoeizorg ...` in a real subprocess.

Errors are one Dutch sentence on stderr with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bemoeizorg.casework import reference_data
from bemoeizorg.cli import build_parser
from bemoeizorg.cli.common import dutch_message
from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER
from bemoeizorg.domain.municipalities import MUNICIPALITIES, Subregion, codes_in
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.store.errors import WrongPassphrase
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry
from tests.builders import OTHER, STRONG
from tests.helpers.processes import run

CODE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){5}\b")


def _one_dutch_line(stderr: str, *expected: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    for text in expected:
        assert text in lines[0], stderr


@pytest.fixture(scope="module")
def made_by_cli(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A register made with `bemoeizorg new`, and the recovery code it printed."""
    path = tmp_path_factory.mktemp("cli") / "team noord.bzregister"
    result = run("new", str(path), "--user", "Anna de Vries", "--role", "teamleider")
    assert result.returncode == 0, result.stderr
    codes = CODE.findall(result.stdout)
    assert len(codes) == 1, result.stdout
    assert "Herstelcode (wordt maar één keer getoond)" in result.stdout
    assert "is het register kwijt" in result.stdout
    assert result.stderr == ""
    return path, codes[0]


def test_new_creates_register_that_unlocks(made_by_cli: tuple[Path, str]) -> None:
    path, _code = made_by_cli
    register = Register.unlock(path, "Anna de Vries", STRONG)
    try:
        assert register.name() == "team noord"  # the file name, when no --name is given
        assert register.role() is Role.TEAMLEIDER
        assert register.verify().ok
    finally:
        register.lock()


def test_new_makes_the_creator_a_team_member_covering_all_municipalities(
    made_by_cli: tuple[Path, str],
) -> None:
    register = Register.unlock(made_by_cli[0], "Anna de Vries", STRONG)
    try:
        members = reference_data.team_members(register)
        covered = reference_data.covered_municipalities(register)
    finally:
        register.lock()
    assert [(m.name, m.specialism, m.active) for m in members] == [
        ("Anna de Vries", Specialism.VOLWASSENEN, True)
    ]
    assert covered == sorted(m.code for m in MUNICIPALITIES)


def test_new_with_chosen_municipalities_and_specialism(tmp_path: Path) -> None:
    path = tmp_path / "team jeugd.bzregister"
    result = run(
        "new", str(path), "--user", "Bram Peeters", "--role", "bemoeizorger",
        "--specialisme", "jeugd", "--gemeenten", "roermond, GM0988,Bergen",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    register = Register.unlock(path, "Bram Peeters", STRONG)
    try:
        members = reference_data.team_members(register)
        covered = reference_data.covered_municipalities(register)
        assert register.verify().ok
    finally:
        register.lock()
    assert [(m.name, m.specialism) for m in members] == [("Bram Peeters", Specialism.JEUGD)]
    assert covered == ["GM0893", "GM0957", "GM0988"]


def test_new_refuses_an_unknown_municipality_before_creating(tmp_path: Path) -> None:
    path = tmp_path / "team.bzregister"
    for listed, expected in (("Roermond,Maastricht", "Onbekende gemeente 'Maastricht'"),
                             (" , ", "ten minste één gemeente")):  # fmt: skip
        result = run("new", str(path), "--user", "A", "--role", "teamleider", "--gemeenten", listed)
        assert result.returncode == 1
        _one_dutch_line(result.stderr, expected)
        assert not path.exists()


def test_new_recovery_code_works(made_by_cli: tuple[Path, str], tmp_path: Path) -> None:
    path, code = made_by_cli
    # Recover on a copy, so the module's register keeps its passphrase for other tests.
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    copy.with_name(copy.name + ".sleutels").write_bytes(
        path.with_name(path.name + ".sleutels").read_bytes()
    )
    Register.recover(copy, code, "Anna de Vries", OTHER).lock()
    with pytest.raises(WrongPassphrase):
        Register.unlock(copy, "Anna de Vries", STRONG)
    Register.unlock(copy, "Anna de Vries", OTHER).lock()


def test_verify_good_register_exits_0_and_is_logged(made_by_cli: tuple[Path, str]) -> None:
    path, _code = made_by_cli
    result = run("verify", str(path))
    assert result.returncode == 0, result.stderr
    assert "Het logboek is in orde" in result.stdout
    assert "De database is in orde." in result.stdout
    register = Register.unlock(path, "Anna de Vries", STRONG)
    try:
        with register.session() as session:
            rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id.desc()))
            # Failed attempts of other tests in this module may sit between; not ours.
            last = [(r.user_name, r.action) for r in rows if r.action != "ontgrendelen mislukt"]
    finally:
        register.lock()
    # Newest first: this unlock, and before it the command line's session by its user.
    assert last[:4] == [
        ("Anna de Vries", "ontgrendelen"),
        ("Anna de Vries", "vergrendelen"),
        ("Anna de Vries", "register gecontroleerd"),
        ("Anna de Vries", "ontgrendelen"),
    ]


def test_verify_wrong_passphrase_exits_1_in_dutch(made_by_cli: tuple[Path, str]) -> None:
    path, _code = made_by_cli
    result = run("verify", str(path), passphrase="Dit is zeker niet de goede zin")
    assert result.returncode == 1
    _one_dutch_line(result.stderr, "De wachtwoordzin klopt niet")
    assert result.stdout == ""


def test_verify_missing_register_exits_1_in_dutch(tmp_path: Path) -> None:
    result = run("verify", str(tmp_path / "nergens.bzregister"))
    assert result.returncode == 1
    _one_dutch_line(result.stderr, "Het register 'nergens.bzregister' bestaat niet")


def test_no_passphrase_and_no_terminal(made_by_cli: tuple[Path, str], tmp_path: Path) -> None:
    for args in (
        ("verify", str(made_by_cli[0])),
        ("new", str(tmp_path / "x"), "--user", "A", "--role", "bemoeizorger"),
    ):
        result = run(*args, passphrase=None)
        assert result.returncode == 1
        _one_dutch_line(
            result.stderr, "Geen wachtwoordzin: zet BEMOEIZORG_PASSPHRASE", "in een terminal"
        )
    assert not (tmp_path / "x").exists()


def test_new_refusals_exit_1_in_dutch(made_by_cli: tuple[Path, str], tmp_path: Path) -> None:
    existing, _code = made_by_cli
    before = existing.read_bytes()
    result = run("new", str(existing), "--user", "Bram", "--role", "bemoeizorger")
    assert result.returncode == 1
    _one_dutch_line(result.stderr, "Er staat al een bestand 'team noord.bzregister'")
    assert existing.read_bytes() == before

    weak = tmp_path / "zwak.bzregister"
    result = run("new", str(weak), "--user", "Bram", "--role", "bemoeizorger", passphrase="kort")
    assert result.returncode == 1
    _one_dutch_line(result.stderr, "Gebruik minstens 10 tekens")
    assert not weak.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["new"], "deze argumenten ontbreken: PAD, --user, --role"),
        (["new", "x.bzregister", "--user", "A", "--role", "baas"], "ongeldige keuze: 'baas'"),
        (["onzin"], "ongeldige keuze: 'onzin'"),
        (["verify", "a", "b"], "onbekende argumenten: b"),
    ],
)
def test_usage_errors_exit_2_in_dutch(tmp_path: Path, args: list[str], expected: str) -> None:
    folder = tmp_path / "werkmap"
    folder.mkdir()
    result = run(*args, cwd=folder)
    assert result.returncode == 2
    assert "Fout in de opdracht:" in result.stderr
    assert expected in result.stderr
    assert result.stderr.startswith("gebruik: bemoeizorg")
    for english in ("usage:", "error:", "the following arguments", "invalid choice"):
        assert english not in result.stderr
    assert list(folder.iterdir()) == []  # nothing made


def test_help_and_version_are_dutch() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "gebruik: bemoeizorg" in result.stdout
    assert "toon de versie en stop" in result.stdout
    assert "show " not in result.stdout
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == "Bemoeizorg Register 0.1.0"


def test_every_help_names_its_values_in_dutch() -> None:
    """No English placeholder (`path`, `USER`) nor the odd heading "gegevens:" in any
    command's help; the commands are listed under "opdrachten"."""
    parser = build_parser()
    assert "opdrachten:" in parser.format_help()
    assert "OPDRACHT" in parser.format_usage()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    english = re.compile(r"\b(path|file|PATH|FILE|USER|NAME|KIND|DEST)\b")
    for name, command in subparsers.choices.items():
        text = command.format_help()
        assert "gegevens:" not in text, name
        usage = re.sub(r"--[\w-]+", "", command.format_usage())  # the options' own names
        assert not english.search(usage), (name, usage)
    assert "PAD" in subparsers.choices["verify"].format_usage()
    assert "--user NAAM" in subparsers.choices["new"].format_usage()


def test_only_our_parser_speaks_dutch() -> None:
    """The translation lives in our parser class: argparse elsewhere in the same process
    keeps its own texts."""
    ours = build_parser()
    plain = argparse.ArgumentParser(prog="ander")
    assert plain.format_usage().startswith("usage: ander")
    assert "show this help message and exit" in plain.format_help()
    assert ours.format_usage().startswith("gebruik: bemoeizorg")
    assert "toon deze hulp en stop" in ours.format_help()
    assert dutch_message("argument --year: invalid int value: 'x'") == (
        "bij --year: ongeldige waarde: 'x'"
    )
    assert dutch_message("Een eigen zin.") == "Een eigen zin."


@pytest.fixture(scope="module")
def demo_register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    path = tmp_path_factory.mktemp("demo") / "demo.bzregister"
    # The team's reference data is the subject, not the demo's size (tests/test_demo.py):
    # 60 reports instead of 1400. The demo passphrase is built in.
    result = run("demo", str(path), "--reports", "60", passphrase=None)
    assert result.returncode == 0, result.stderr
    assert DEMO_PASSPHRASE in result.stdout and DEMO_USER in result.stdout
    register = Register.unlock(path, DEMO_USER, DEMO_PASSPHRASE)
    yield register
    register.lock()


def test_demo_register_has_the_teams_reference_data(demo_register: Register) -> None:
    covered = reference_data.covered_municipalities(demo_register)
    expected = sorted(codes_in(Subregion.NOORD) + codes_in(Subregion.MIDDEN))
    assert covered == expected and len(covered) == 13
    assert "GM0983" not in covered  # Venlo is outside the regional contract
    points = reference_data.contact_points(demo_register)
    assert sorted(p.municipality_code for p in points) == expected
    assert all(p.name and p.email.endswith("@example.nl") for p in points)
    members = reference_data.team_members(demo_register)
    assert len(members) == 12 and len({m.name for m in members}) == 12
    assert len(reference_data.team_members(demo_register, active_only=True)) == 11
    assert demo_register.role() is Role.TEAMLEIDER
    assert demo_register.verify().ok


def test_demo_refuses_existing_file(demo_register: Register) -> None:
    result = run("demo", str(demo_register.path), passphrase=None)
    assert result.returncode == 1
    _one_dutch_line(result.stderr, "Er staat al een bestand")
