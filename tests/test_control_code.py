"""The access log anchored outside the laptop (issue 12): every export carries the log's
control code, and `bemoeizorg verify PATH --head CODE` later tells whether today's log
still holds that state and has only grown since.

The insider is played with the register's own key: entries cut off the end and the chain
re-sealed with the register's own `AccessLog`, so the chain itself verifies; only the code
printed earlier gives it away.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

from freezegun import freeze_time
from pypdf import PdfReader
from sqlalchemy import delete, select

from bemoeizorg.casework import meetings, retention
from bemoeizorg.domain.people import Role
from bemoeizorg.exports.counts import Period
from bemoeizorg.exports.counts_export import export_counts
from bemoeizorg.exports.counts_team_file import write_team_file
from bemoeizorg.exports.meeting_pack import write_pack
from bemoeizorg.exports.pack_pages import build_pack
from bemoeizorg.store.access_log import Action, format_code, parse_code
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, AccessLogHead
from tests.builders import LEAD, ROERMOND, STRONG, new_case
from tests.helpers.processes import run

CODE_PREFIX = "Controlecode logboek: "


def _code(register: Register) -> str:
    with register.session() as session:
        return register.access_log.control_code(session)


def _check(register: Register, code: str) -> tuple[bool, str]:
    with register.session() as session:
        verdict = register.access_log.check_code(session, code)
    return verdict.ok, verdict.message


def _pack(register: Register, tmp_path: Path) -> tuple[Path, str]:
    case_id = new_case(register)
    meeting_id = meetings.plan_meeting(
        register,
        meetings.MeetingData(ROERMOND, date.today() + timedelta(days=7), participants=("GGZ",)),
    )
    meetings.add_to_agenda(register, meeting_id, case_id, "Wie gaat mee?", "GGZ")
    pack = build_pack(register, meeting_id)
    path = tmp_path / "pakket.pdf"
    written = write_pack(register, pack, path)
    return path, written.control_code


def _printed_code(pdf: bytes) -> str:
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[-1].extract_text().split())
    assert CODE_PREFIX in text, text
    return text.split(CODE_PREFIX, 1)[1].split()[0]


def _rechain_without_tail(register: Register, keep_last: int) -> None:
    """An insider with the key: drop every entry after `keep_last` and write new ones in
    their place with the register's own AccessLog, so the chain and head verify."""
    log = register.access_log
    with register.session() as session:
        head = session.get(AccessLogHead, 1)
        assert head is not None
        kept = session.get(AccessLogEntry, keep_last)
        assert kept is not None
        dropped = head.last_id - keep_last
        session.execute(delete(AccessLogEntry).where(AccessLogEntry.id > keep_last))
        head.last_id = keep_last
        head.last_mac = kept.mac
        log._reseal(head, True)  # only the key can: the insider's power
        session.flush()
        for _ in range(dropped):
            log.record(session, LEAD, Action.VIEW)


def test_code_format_round_trips_and_is_lenient_about_spaces_and_case() -> None:
    code = format_code(1234, "ab12cd34ef56ab12cd34" + "0" * 44)
    assert code == "1234-ab12c-d34ef-56ab1-2cd34"
    assert parse_code(code) == (1234, "ab12cd34ef56ab12cd34")
    assert parse_code(" 1234 AB12C D34EF 56AB1 2CD34 ") == (1234, "ab12cd34ef56ab12cd34")
    assert parse_code("1234-ab12cd34") is None  # too few MAC bits
    assert parse_code("geen code") is None


def test_pack_code_is_in_the_pdf_includes_its_own_entries_and_verifies_later(
    register: Register, tmp_path: Path
) -> None:
    path, code = _pack(register, tmp_path)
    assert _printed_code(path.read_bytes()) == code
    # The code is the state including the pack's own EXPORT entry: its last entry.
    with register.session() as session:
        last = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id.desc())).first()
    assert last is not None and last.action == Action.EXPORT.value
    assert code.startswith(f"{last.id}-")
    new_case(register, family_name="Peeters")  # more work afterwards
    assert _check(register, code)[0]
    register.lock()

    done = run("verify", str(register.path), "--head", code)
    assert done.returncode == 0, done.stderr
    assert f"Controlecode {code} klopt" in done.stdout


def test_counts_and_team_file_carry_the_code(register: Register, tmp_path: Path) -> None:
    new_case(register)
    year = Period(date(date.today().year, 1, 1), date(date.today().year, 12, 31))
    csv = tmp_path / "cijfers.csv"
    publication = export_counts(register, year, csv, 5)
    assert publication.control_code == _code(register)
    assert f"{CODE_PREFIX}{publication.control_code}" in csv.read_text("utf-8-sig")
    xlsx = tmp_path / "cijfers.xlsx"
    from openpyxl import load_workbook

    xlsx_code = export_counts(register, year, xlsx, 5).control_code
    cells = [c.value for row in load_workbook(xlsx).active.iter_rows() for c in row]
    assert f"{CODE_PREFIX}{xlsx_code}" in cells
    team = tmp_path / "team.json"
    write_team_file(register, year, team)
    team_code = json.loads(team.read_text("utf-8"))["controlecode"]
    assert team_code == _code(register)
    new_case(register, family_name="Peeters")
    for code in (publication.control_code, xlsx_code, team_code):
        assert _check(register, code)[0], code


def test_truncated_and_rechained_log_fails_the_earlier_code(
    register: Register, tmp_path: Path
) -> None:
    _path, code = _pack(register, tmp_path)
    number = int(code.split("-")[0])
    new_case(register, family_name="Peeters")
    _rechain_without_tail(register, number - 1)  # the pack's entry and all after it
    assert register.verify().chain.ok  # the chain alone cannot tell
    ok, message = _check(register, code)
    assert not ok
    assert "klopt NIET" in message
    register.lock()

    done = run("verify", str(register.path), "--head", code)
    assert done.returncode == 3
    assert "klopt NIET" in done.stderr


def test_code_beyond_a_cut_off_end_fails(register: Register, tmp_path: Path) -> None:
    _path, code = _pack(register, tmp_path)
    number = int(code.split("-")[0])
    with register.session() as session:  # cut the end off and re-seal: an insider
        head = session.get(AccessLogHead, 1)
        assert head is not None
        kept = session.get(AccessLogEntry, number - 2)
        assert kept is not None
        session.execute(delete(AccessLogEntry).where(AccessLogEntry.id > kept.id))
        head.last_id, head.last_mac = kept.id, kept.mac
        register.access_log._reseal(head, True)
    assert register.verify().chain.ok
    ok, message = _check(register, code)
    assert not ok and "eindigt nu bij regel" in message


def test_made_up_codes_fail(register: Register) -> None:
    new_case(register)
    number = int(_code(register).split("-")[0])
    for code in (
        format_code(number, "0" * 64),
        format_code(1, "f" * 64),
        format_code(number + 5, "a" * 64),
    ):
        ok, message = _check(register, code)
        assert not ok and "klopt NIET" in message, message
    ok, message = _check(register, "hallo")
    assert not ok and "geen controlecode" in message
    register.lock()

    done = run("verify", str(register.path), "--head", format_code(2, "1" * 64))
    assert done.returncode == 3
    assert "klopt NIET" in done.stderr


def test_code_right_before_the_retained_start_is_still_confirmed(tmp_path: Path) -> None:
    """Retention keeps the MAC of the last removed entry as the chain's start: a code for
    exactly that entry can still be confirmed (saying what was removed since), and one for
    an older entry is said plainly."""
    with freeze_time("2012-03-01") as clock:
        register, _recovery = Register.create(
            tmp_path / "team.bzregister", "Team Noord", LEAD, Role.TEAMLEIDER, STRONG
        )
        try:
            new_case(register)
            older = _code(register)
            register.log_event(Action.SETTINGS)
            code = _code(register)
            number = int(code.split("-")[0])
            clock.move_to("2019-06-01")  # within the term at the review below
            register.log_event(Action.SETTINGS)
            clock.move_to("2024-01-10")
            done = retention.apply(register, retention.review(register))
            assert done.log_entries == number
            ok, message = _check(register, code)
            assert ok, message
            assert f"Daarna: Regels 1 t/m {number} zijn volgens de bewaartermijn" in message
            ok, message = _check(register, older)
            assert not ok and "bewaartermijn" in message and "klopt NIET" not in message
            assert register.verify().ok
        finally:
            register.lock()


# --- the access log for the privacy officer ---------------------------------------------------


def _csv_rows(path: Path) -> list[list[str]]:
    import csv

    return list(csv.reader(path.read_text("utf-8-sig").splitlines(), delimiter=";"))


def test_log_export_holds_the_entries_in_range_no_names_and_is_itself_logged(
    register: Register, tmp_path: Path
) -> None:
    from bemoeizorg.casework import persons
    from bemoeizorg.exports.log_export import export_log

    old = new_case(register, family_name="Oudendijk", given_names="Gerrit")
    with register.session() as session:  # an entry of last year, out of range
        register.access_log.record(session, LEAD, Action.VIEW, old, at="2001-02-03T10:00:00+00:00")
    case_id = new_case(register, family_name="Zwartveld", given_names="Jozefien")
    number = persons.case_number(register, case_id)
    today = date.today()
    out = tmp_path / "logboek.csv"
    done = export_log(register, out, today - timedelta(days=1), today)

    rows = _csv_rows(out)
    assert rows[0] == ["regel", "tijdstip", "gebruiker", "handeling", "casusnummer", "toelichting"]
    body, last = rows[1:-1], rows[-1]
    assert last[1] == f"{CODE_PREFIX}{done.control_code}"
    assert len(body) == done.entries > 0
    assert all("2001" not in r[1] for r in body)  # the old entry is out of range
    assert any(r[4] == number for r in body)
    assert {r[2] for r in body} == {LEAD}
    text = out.read_text("utf-8-sig")
    for name in ("Zwartveld", "Jozefien", "Oudendijk", "Gerrit", "Buren maken"):
        assert name not in text
    # The export itself is logged, and the code printed on it includes that entry.
    with register.session() as session:
        last_entry = session.scalars(
            select(AccessLogEntry).order_by(AccessLogEntry.id.desc())
        ).first()
    assert last_entry is not None and last_entry.action == Action.EXPORT.value
    assert last_entry.case_id is None
    assert done.control_code == _code(register)
    # Without a range: every entry, the old one too.
    everything = export_log(register, tmp_path / "alles.csv")
    assert any("2001" in r[1] for r in _csv_rows(tmp_path / "alles.csv")[1:-1])
    assert everything.entries > done.entries


def test_log_export_holds_the_programs_detail(register: Register, tmp_path: Path) -> None:
    """Who was added, whose role changed, which log entries went: the program's own short
    text, in its own column (a user's name is no client's)."""
    from bemoeizorg.domain.people import Role
    from bemoeizorg.exports.log_export import export_log

    register.add_user("Bram Peeters", Role.BEMOEIZORGER, "Negen nijlpaarden naast Nederweert")
    register.set_role("Bram Peeters", Role.TEAMLEIDER)
    out = tmp_path / "logboek.csv"
    export_log(register, out)

    rows = _csv_rows(out)
    assert all(len(r) == 6 for r in rows)
    changed = [r for r in rows[1:-1] if r[3] == Action.ROLE_CHANGED.value]
    assert [r[5] for r in changed] == ["Bram Peeters: teamleider"]
    assert all(r[5] == "" for r in rows[1:-1] if r[3] == Action.VIEW.value)


def test_cli_log_writes_the_csv_and_prints_the_code(register: Register, tmp_path: Path) -> None:
    new_case(register)
    register.lock()
    out = tmp_path / "logboek.csv"
    today = date.today().strftime("%d-%m-%Y")
    done = run("log", str(register.path), "--from", today, "--to", today, "--out", str(out))
    assert done.returncode == 0, done.stderr
    code = done.stdout.split(CODE_PREFIX, 1)[1].split()[0]
    assert _csv_rows(out)[-1][1] == f"{CODE_PREFIX}{code}"
    assert _csv_rows(out)[0][-1] == "toelichting"
    again = run("verify", str(register.path), "--head", code)
    assert again.returncode == 0, again.stderr
    refused = run("log", str(register.path), "--out", str(out))
    assert refused.returncode != 0 and "Er staat al een bestand" in refused.stderr
