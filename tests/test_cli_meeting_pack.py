"""`bemoeizorg meeting-pack`: the pack of a planned meeting (--date) or of a first meeting
with every open case of a municipality (--all-open), as a PDF, logged in the disclosure log.

Refusals are one Dutch sentence on stderr, a non-zero exit, no file and no disclosure."""

from __future__ import annotations

import io
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PasswordType, PdfReader

from bemoeizorg.casework import cases, meetings
from bemoeizorg.casework.intake import record_report, take_on
from bemoeizorg.cli import run_command
from bemoeizorg.cli.common import EXIT_USAGE, PASSPHRASE_ENV
from bemoeizorg.cli.meetings import parse_municipality
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.meetings import PARTNER_ORGANISATIONS, MeetingKind
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.vocabulary import Concern, Outcome, ReporterKind
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from tests.builders import ROERMOND, STRONG, days_ago, log_entries
from tests.helpers.processes import run as run_program

WEERT = "GM0988"
HELD_ON = date.today() + timedelta(days=7)
PASSWORD = "Pakketwachtwoord voor het overleg"


def make_case(register: Register, code: str, given: str, family: str, born: date) -> int:
    recorded = record_report(
        register,
        ReportInput(
            received_on=days_ago(50),
            municipality_code=code,
            reporter=ReporterInput(ReporterKind.BUURT, name="Melder Kanariepiet"),
            person=PersonInput(
                family_name=family,
                given_names=given,
                birth_date=born,
                bsn="111222333" if code == WEERT else "",
                address="Kanariestraat 12",
                municipality_code=code,
            ),
            concerns=(Concern.OVERLAST,),
        ),
    )
    return take_on(register, recorded.report_id, None, Specialism.VOLWASSENEN, days_ago(50))


class Setup:
    def __init__(self, path: Path) -> None:
        self.path = path
        register, _code = Register.create(
            path, "Team Midden", "Anna de Vries", Role.TEAMLEIDER, STRONG
        )
        try:
            self.roermond = [
                make_case(register, ROERMOND, "Quintus Abelard", "Zeebrugge", date(1970, 5, 1)),
                make_case(register, ROERMOND, "Ursula", "Yperman", date(1988, 8, 8)),
                make_case(register, ROERMOND, "Wendelin", "Xanten", date(1955, 1, 2)),
            ]
            # Closed: not on a first meeting's agenda.
            cases.close_case(register, self.roermond[2], Outcome.TOEGELEID, days_ago(5))
            self.weert = make_case(register, WEERT, "Ottokar", "Vrijburcht", date(1949, 12, 24))
            self.meeting = meetings.plan_meeting(
                register,
                meetings.MeetingData(ROERMOND, HELD_ON, participants=("GGZ", "Politie")),
            )
            for case_id in self.roermond[:2]:
                meetings.add_to_agenda(register, self.meeting, case_id, "Wie kent betrokkene?")
        finally:
            register.lock()

    def open(self) -> Register:
        return Register.unlock_any_user(self.path, STRONG)

    def disclosures(self) -> list[meetings.DisclosureEntry]:
        register = self.open()
        try:
            return meetings.disclosures(register)
        finally:
            register.lock()

    def planned(self) -> list[meetings.MeetingSummary]:
        register = self.open()
        try:
            return meetings.list_meetings(register)
        finally:
            register.lock()

    def exports(self) -> list[tuple[str, int | None]]:
        register = self.open()
        try:
            return [e for e in log_entries(register) if e[0] == Action.EXPORT.value]
        finally:
            register.lock()


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Setup:
    monkeypatch.setenv(PASSPHRASE_ENV, STRONG)
    monkeypatch.delenv("PAKKET_WACHTWOORD", raising=False)
    return Setup(tmp_path / "team midden.bzregister")


def run(setup: Setup, *args: str) -> int:
    return run_command(["meeting-pack", str(setup.path), *args])


def text_of(path: Path, password: str | None = None) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    if password is not None:
        assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def refused(capsys: pytest.CaptureFixture[str], code: int, *expected: str) -> str:
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    for text in expected:
        assert text in lines[0], err
    return lines[0]


# --- making packs ----------------------------------------------------------------------------


def test_date_makes_the_pack_of_the_planned_meeting(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "overleg roermond.pdf"
    assert (
        run(setup, "--municipality", "roermond", "--date", HELD_ON.isoformat(), "--out", str(out))
        == 0
    )
    stdout, stderr = capsys.readouterr()
    assert stdout.splitlines()[0] == f"Pakket gemaakt: {out} (2 casussen)"
    assert stderr == ""
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    pages = text_of(out)
    assert len(pages) == 4  # the agenda, one page per case, the agreements
    assert "Agenda netwerkoverleg Roermond" in pages[0]
    assert "1. Q.A.Z. (1970)" in pages[1] and "2. U.Y. (1988)" in pages[2]
    assert all("Wie kent betrokkene?" in p for p in pages[:3])
    assert "Afspraken tijdens het overleg" in pages[3]
    everything = " ".join(pages)
    for secret in ("Quintus", "Zeebrugge", "Yperman", "Kanarie", "01-05-1970", "1970-05-01"):
        assert secret not in everything
    entries = setup.disclosures()
    assert sorted(e.case_id for e in entries) == sorted(setup.roermond[:2])
    assert {e.meeting_id for e in entries} == {setup.meeting}
    assert {e.organisations for e in entries} == {("GGZ", "Politie")}
    assert sorted(c for _a, c in setup.exports()) == sorted(setup.roermond[:2])


def test_municipality_by_code_and_date_the_dutch_way(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pakket.pdf"
    assert (
        run(setup, "--municipality", "gm0957", "--date", f"{HELD_ON:%d-%m-%Y}", "--out", str(out))
        == 0
    )
    assert "(2 casussen)" in capsys.readouterr().out


def test_all_open_plans_a_first_meeting_with_every_open_case(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "eerste bespreking.pdf"
    assert run(setup, "--municipality", "Roermond", "--all-open", "--out", str(out)) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"Pakket gemaakt: {out} (2 casussen)"
    pages = text_of(out)
    assert len(pages) == 4
    assert "Eerste bespreking (alle open casussen)" in pages[0]
    everything = " ".join(pages)
    assert "Q.A.Z. (1970)" in everything and "U.Y. (1988)" in everything
    assert "W. X. (1955)" not in everything  # closed
    assert "O. V. (1949)" not in everything and "Weert" not in everything  # other municipality
    first = [m for m in setup.planned() if m.kind is MeetingKind.EERSTE_BESPREKING]
    assert len(first) == 1
    assert (first[0].held_on, first[0].municipality_code, first[0].cases) == (
        date.today(),
        ROERMOND,
        2,
    )
    entries = setup.disclosures()
    assert sorted(e.case_id for e in entries) == sorted(setup.roermond[:2])
    assert {e.organisations for e in entries} == {PARTNER_ORGANISATIONS}
    assert setup.weert not in [c for _a, c in setup.exports()]


def test_all_open_with_organisations_into_a_folder_with_a_password(
    setup: Setup,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "pakketten"
    folder.mkdir()
    monkeypatch.setenv("PAKKET_WACHTWOORD", PASSWORD)
    code = run(
        setup,
        "--municipality",
        "weert",
        "--all-open",
        "--organisations",
        "GGZ, Politie,GGZ",
        "--out",
        str(folder),
        "--password-env",
        "PAKKET_WACHTWOORD",
    )
    assert code == 0
    out = folder / f"Netwerkoverleg-Weert-{date.today().isoformat()}.pdf"
    stdout = capsys.readouterr().out
    assert f"Pakket gemaakt: {out} (1 casus)" in stdout
    assert "AES-256" in stdout
    assert PASSWORD not in stdout
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.is_encrypted
    encryption = reader.trailer["/Encrypt"].get_object()
    assert (encryption["/V"], encryption["/R"]) == (5, 6)
    assert reader.decrypt("fout") == PasswordType.NOT_DECRYPTED
    pages = text_of(out, PASSWORD)
    assert "O.V. (1949)" in " ".join(pages)
    assert "Vrijburcht" not in " ".join(pages) and "111222333" not in " ".join(pages)
    assert {e.organisations for e in setup.disclosures()} == {("GGZ", "Politie")}


def test_force_replaces_an_existing_file_and_logs_a_second_pack(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pakket.pdf"
    out.write_bytes(b"oud")
    args = ("--municipality", "Roermond", "--date", HELD_ON.isoformat(), "--out", str(out))
    assert run(setup, *args, "--force") == 0
    assert run(setup, *args, "--force") == 0
    capsys.readouterr()
    assert out.read_bytes().startswith(b"%PDF-")
    for case_id in setup.roermond[:2]:
        assert [e.case_id for e in setup.disclosures()].count(case_id) == 2


# --- refusals: nothing written, nothing logged ------------------------------------------------


def _nothing_happened(setup: Setup, folder: Path, meetings_before: int = 1) -> None:
    assert [p.name for p in folder.iterdir() if p.suffix == ".pdf"] == []
    assert setup.disclosures() == []
    assert setup.exports() == []
    assert len(setup.planned()) == meetings_before


def test_refused_when_a_question_names_the_person_or_someone_else(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = setup.open()
    try:
        item = meetings.meeting_detail(register, setup.meeting).agenda[1]
        meetings.update_agenda_item(
            register,
            item.id,
            "Mevrouw Yperman woont Kanariestraat 12; haar buurman Zeebrugge belt 06-12345678",
            "",
            item.shared,
        )
    finally:
        register.lock()
    out = tmp_path / "pakket.pdf"
    code = run(
        setup, "--municipality", "Roermond", "--date", HELD_ON.isoformat(), "--out", str(out)
    )
    line = refused(capsys, code, "Er is geen pakket gemaakt", "Casus 2, Vraag aan het netwerk")
    assert "naam van deze persoon" in line and "adres van deze persoon" in line
    assert "naam van een persoon of melder in het register" in line and "telefoonnummer" in line
    for secret in ("Yperman", "Zeebrugge", "Kanariestraat", "12345678"):
        assert secret not in line
    assert not out.exists()
    assert setup.disclosures() == [] and setup.exports() == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--municipality", "Maastricht", "--date", HELD_ON.isoformat()),
            ("Onbekende gemeente 'Maastricht'", "Roermond", "Horst aan de Maas"),
        ),
        (
            ("--municipality", "roermond", "--date", (HELD_ON + timedelta(days=1)).isoformat()),
            (
                f"Er is geen overleg van Roermond op {HELD_ON + timedelta(days=1):%d-%m-%Y}",
                f"Geplande data: {HELD_ON:%d-%m-%Y}",
            ),
        ),
        (
            ("--municipality", "Weert", "--date", HELD_ON.isoformat()),
            ("Er is geen overleg van Weert gepland",),
        ),
        (
            ("--municipality", "roermond", "--date", "2026-02-30"),
            ("De datum 2026-02-30 bestaat niet",),
        ),
        (
            ("--municipality", "roermond", "--date", "morgen"),
            ("geen datum", "JJJJ-MM-DD"),
        ),
        (
            ("--municipality", "Gennep", "--all-open"),
            ("Gennep heeft geen open casussen",),
        ),
        (
            ("--municipality", "Roermond", "--all-open", "--password-env", "PAKKET_WACHTWOORD"),
            ("PAKKET_WACHTWOORD is niet gezet",),
        ),
        (
            ("--municipality", "Roermond", "--all-open", "--password-env", PASSPHRASE_ENV),
            ("eigen wachtwoord",),
        ),
        (
            ("--municipality", "Roermond", "--date", HELD_ON.isoformat(), "--organisations", "GGZ"),
            ("--organisations hoort bij --all-open",),
        ),
    ],
)
def test_refused_in_dutch(
    setup: Setup,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    expected: tuple[str, ...],
) -> None:
    out = tmp_path / "pakket.pdf"
    refused(capsys, run(setup, *args, "--out", str(out)), *expected)
    assert not out.exists()
    _nothing_happened(setup, tmp_path)


def test_refused_when_the_file_exists_or_the_folder_does_not(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pakket.pdf"
    out.write_bytes(b"van iemand anders")
    args = ("--municipality", "Roermond", "--date", HELD_ON.isoformat())
    refused(
        capsys,
        run(setup, *args, "--out", str(out)),
        "Er staat al een bestand 'pakket.pdf'",
        "--force",
    )
    assert out.read_bytes() == b"van iemand anders"
    refused(capsys, run(setup, *args, "--out", str(tmp_path / "weg" / "p.pdf")), "bestaat niet")
    refused(capsys, run(setup, *args, "--out", str(tmp_path / "pakket.docx")), "eindigt op .pdf")
    out.unlink()
    _nothing_happened(setup, tmp_path)

    # --all-open into a folder that already holds today's pack: the meeting planned for it
    # is removed again, and nothing is disclosed.
    folder = tmp_path / "map"
    folder.mkdir()
    existing = folder / f"Netwerkoverleg-Roermond-{date.today().isoformat()}.pdf"
    existing.write_bytes(b"ouder pakket")
    code = run(setup, "--municipality", "Roermond", "--all-open", "--out", str(folder))
    refused(capsys, code, "Er staat al een bestand")
    assert existing.read_bytes() == b"ouder pakket"
    assert setup.disclosures() == [] and len(setup.planned()) == 1


def test_password_equal_to_the_register_passphrase_is_refused(
    setup: Setup,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PAKKET_WACHTWOORD", STRONG)
    out = tmp_path / "pakket.pdf"
    code = run(
        setup,
        "--municipality",
        "Roermond",
        "--date",
        HELD_ON.isoformat(),
        "--out",
        str(out),
        "--password-env",
        "PAKKET_WACHTWOORD",
    )
    refused(capsys, code, "eigen wachtwoord")
    _nothing_happened(setup, tmp_path)


def test_date_and_all_open_go_not_together(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pakket.pdf"
    with pytest.raises(SystemExit) as exit_info:
        run(
            setup,
            "--municipality",
            "Roermond",
            "--all-open",
            "--date",
            "2026-01-01",
            "--out",
            str(out),
        )
    assert exit_info.value.code == EXIT_USAGE
    assert "gaat niet samen met" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(setup, "--municipality", "Roermond", "--out", str(out))
    assert "kies één van --date --all-open" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("roermond", "Roermond"),
        ("  HORST AAN DE MAAS ", "Horst aan de Maas"),
        ("GM1507", "Horst aan de Maas"),
        ("gm0957", "Roermond"),
        ("bergen", "Bergen (L.)"),
        ("Bergen (L.)", "Bergen (L.)"),
        ("echt-susteren", "Echt-Susteren"),
    ],
)
def test_municipality_by_name_or_code(text: str, name: str) -> None:
    assert parse_municipality(text).name == name


def test_as_a_user_runs_it(setup: Setup, tmp_path: Path) -> None:
    """`python -m bemoeizorg meeting-pack` in a subprocess: exit code, output, the file."""
    out = tmp_path / "pakket.pdf"
    args = ("--municipality", "Roermond", "--date", HELD_ON.isoformat(), "--out", str(out))
    result = run_program("meeting-pack", str(setup.path), *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Pakket gemaakt: {out} (2 casussen)"
    again = run_program("meeting-pack", str(setup.path), *args)
    assert again.returncode == 1
    assert again.stderr.startswith("Er staat al een bestand 'pakket.pdf'.")
    wrong = run_program("meeting-pack", str(setup.path), *args, "--force", passphrase="fout")
    assert wrong.returncode == 1 and wrong.stderr.strip()
    assert len(setup.disclosures()) == 2


# --- --all-open twice on one day: one meeting ---------------------------------------------------


def _first_meetings(setup: Setup) -> list[meetings.MeetingSummary]:
    return [m for m in setup.planned() if m.kind is MeetingKind.EERSTE_BESPREKING]


def test_all_open_twice_on_one_day_is_one_meeting_with_two_packs(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A team lead who makes the pack again (lost, or now with a password) gets a second
    pack of the same meeting, not a twin meeting in the list; a case opened in between
    joins the agenda, since --all-open promises every open case."""
    assert run(setup, "--municipality", "Roermond", "--all-open", "--out", str(tmp_path)) == 0
    capsys.readouterr()
    register = setup.open()
    try:
        late = make_case(register, ROERMOND, "Zacharias", "Wolfskuil", date(1961, 3, 3))
    finally:
        register.lock()
    again = tmp_path / "opnieuw.pdf"
    assert run(setup, "--municipality", "Roermond", "--all-open", "--out", str(again)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Pakket gemaakt: {again} (3 casussen)"
    assert lines[1] == (
        "Het pakket hoort bij de eerste bespreking van Roermond die vandaag al gepland was "
        "(geen tweede overleg); 1 open casus erbij op de agenda."
    )
    first = _first_meetings(setup)
    assert [(m.held_on, m.cases) for m in first] == [(date.today(), 3)]
    entries = setup.disclosures()
    assert {e.meeting_id for e in entries} == {first[0].id}
    assert sorted(e.case_id for e in entries) == sorted([*setup.roermond[:2] * 2, late])


def test_all_open_again_with_other_organisations_is_refused(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(setup, "--municipality", "Roermond", "--all-open", "--out", str(tmp_path)) == 0
    capsys.readouterr()
    out = tmp_path / "ander.pdf"
    code = run(
        setup, "--municipality", "Roermond", "--all-open", "--organisations", "GGZ",
        "--out", str(out),
    )  # fmt: skip
    refused(capsys, code, "al een eerste bespreking van Roermond", "--organisations")
    assert not out.exists()
    assert [m.cases for m in _first_meetings(setup)] == [2]
    assert len(setup.disclosures()) == 2  # the first pack's two cases, nothing more


def test_a_refused_second_run_takes_the_cases_it_added_off_the_agenda_again(
    setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(setup, "--municipality", "Roermond", "--all-open", "--out", str(tmp_path)) == 0
    capsys.readouterr()
    register = setup.open()
    try:
        make_case(register, ROERMOND, "Zacharias", "Wolfskuil", date(1961, 3, 3))
    finally:
        register.lock()
    # The same folder: today's pack is there already, so the run is refused.
    code = run(setup, "--municipality", "Roermond", "--all-open", "--out", str(tmp_path))
    refused(capsys, code)
    assert [m.cases for m in _first_meetings(setup)] == [2]
    assert len(setup.disclosures()) == 2
