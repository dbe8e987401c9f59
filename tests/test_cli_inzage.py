"""`bemoeizorg inzage`: an AVG access request (art. 15) from the command line, by BSN or by
persoonsnummer, as a PDF logged as an export. Only a teamleider; refusals are one Dutch
sentence on stderr, a non-zero exit, no file and no log entry."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from bemoeizorg.casework.intake import record_report, take_on
from bemoeizorg.cli import run_command
from bemoeizorg.cli.common import EXIT_USAGE, PASSPHRASE_ENV
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.vocabulary import Concern, ReporterKind
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from tests.builders import OTHER, ROERMOND, STRONG, days_ago, log_entries
from tests.helpers.processes import run as run_program

BSN = "111222333"
FAMILY, GIVEN = "Vlonderbeekhuysen", "Xaverius"
REPORTER = "Zwaantje Kwakkelstein"
OTHER_FAMILY = "Schimmelpenninckx"


class Setup:
    def __init__(self, path: Path) -> None:
        self.path = path
        register, _code = Register.create(
            path, "Team Midden", "Anna de Vries", Role.TEAMLEIDER, STRONG
        )
        try:
            self.person, self.case = self._person(register, FAMILY, GIVEN, BSN)
            self.other, _ = self._person(register, OTHER_FAMILY, "Berendina", "123456782")
            register.add_user("Bram Janssen", Role.BEMOEIZORGER, OTHER)
        finally:
            register.lock()

    @staticmethod
    def _person(register: Register, family: str, given: str, bsn: str) -> tuple[int, int]:
        recorded = record_report(
            register,
            ReportInput(
                received_on=days_ago(30),
                municipality_code=ROERMOND,
                reporter=ReporterInput(ReporterKind.BUURT, name=REPORTER),
                person=PersonInput(
                    family_name=family, given_names=given, bsn=bsn, municipality_code=ROERMOND
                ),
                concerns=(Concern.OVERLAST,),
                description=f"Zorgen over {given}.",
            ),
        )
        case = take_on(register, recorded.report_id, None, Specialism.VOLWASSENEN, days_ago(30))
        return recorded.person_id, case

    def exports(self) -> list[tuple[str, int | None]]:
        register = Register.unlock_any_user(self.path, STRONG)
        try:
            return [e for e in log_entries(register) if e[0] == Action.EXPORT.value]
        finally:
            register.lock()


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Setup:
    monkeypatch.setenv(PASSPHRASE_ENV, STRONG)
    return Setup(tmp_path / "team midden.bzregister")


def run(setup: Setup, *args: str) -> int:
    return run_command(["inzage", str(setup.path), *args])


def text_of(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def refused(capsys: pytest.CaptureFixture[str], code: int, expected: str) -> None:
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == [expected], err


def test_by_bsn_writes_the_inzage_and_logs_it(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "inzage.pdf"
    assert run(setup, "--bsn", "1112.22.333", "--out", str(out)) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"Inzage gemaakt: {out} (1 melding, 1 casus)"
    assert printed[-1].startswith("Controlecode logboek: ")
    text = text_of(out)
    assert FAMILY in text and BSN in text and f"Zorgen over {GIVEN}." in text
    assert REPORTER not in text and OTHER_FAMILY not in text
    assert printed[-1] in text  # the code printed is the one on the pages
    assert setup.exports() == [(Action.EXPORT.value, setup.case)]


def test_by_person_number_into_a_folder_gets_a_neutral_name(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    assert run(setup, "--person", str(setup.other), "--out", str(folder)) == 0
    made = folder / f"Inzage-{date.today().isoformat()}.pdf"
    assert [p.name for p in folder.iterdir()] == [made.name]
    assert OTHER_FAMILY in text_of(made) and FAMILY not in text_of(made)
    capsys.readouterr()
    # Again into the same folder: the file is there, nothing is replaced without --force.
    code = run(setup, "--person", str(setup.other), "--out", str(folder))
    refused(
        capsys,
        code,
        f"Er staat al een bestand '{made.name}'. Kies een andere naam, of vervang het met --force.",
    )
    assert run(setup, "--person", str(setup.other), "--out", str(folder), "--force") == 0


def test_a_bemoeizorger_is_refused_in_dutch_without_a_file(
    setup: Setup,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, OTHER)  # Bram Janssen, bemoeizorger
    out = tmp_path / "inzage.pdf"
    code = run(setup, "--bsn", BSN, "--out", str(out))
    refused(
        capsys,
        code,
        "Alleen een teamleider mag een inzageverzoek uitvoeren. Vraag dit aan uw teamleider.",
    )
    assert not out.exists()
    assert setup.exports() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--bsn", "999999990"), "Er staat niemand met dit BSN in het register."),
        (("--person", "99"), "Er staat geen persoon met dit persoonsnummer in het register."),
        (
            ("--person", "twaalf"),
            "'twaalf' is geen persoonsnummer; dat is het nummer op de persoonskaart, "
            "bijvoorbeeld 12.",
        ),
    ],
)
def test_a_person_not_found_is_said_without_the_bsn(
    setup: Setup,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, str],
    message: str,
) -> None:
    out = tmp_path / "inzage.pdf"
    refused(capsys, run(setup, *args, "--out", str(out)), message)
    assert not out.exists()
    assert setup.exports() == []


def test_bsn_and_person_together_is_a_usage_error(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(setup, "--bsn", BSN, "--person", "1", "--out", str(tmp_path / "i.pdf"))
    assert stopped.value.code == EXIT_USAGE
    assert "Fout in de opdracht: bij --person: gaat niet samen met --bsn" in capsys.readouterr().err


def test_as_a_user_runs_it(setup: Setup, tmp_path: Path) -> None:
    """`python -m bemoeizorg inzage` in a subprocess: exit code, output, the file; and the
    bemoeizorger's refusal with exit code 1."""
    out = tmp_path / "inzage.pdf"
    done = run_program("inzage", str(setup.path), "--bsn", BSN, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"Inzage gemaakt: {out} (1 melding, 1 casus)"
    assert FAMILY in text_of(out)
    other = tmp_path / "ander.pdf"
    no = run_program("inzage", str(setup.path), "--bsn", BSN, "--out", str(other), passphrase=OTHER)
    assert no.returncode == 1
    assert no.stderr.strip() == (
        "Alleen een teamleider mag een inzageverzoek uitvoeren. Vraag dit aan uw teamleider."
    )
    assert not other.exists()
