"""The access log against someone who can write files beside the register or edit its
database: a forged failed-unlock file, cutting entries off either end of the chain and
rewriting the head to match, a deleted head, and retention tricked by an old date.

Everything runs on real encrypted registers in tmp_path. Database edits go through the
register's own session (or an engine opened with the data key): what someone with the
database open can do with plain SQL, without computing a MAC.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from freezegun import freeze_time
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bemoeizorg.casework import retention
from bemoeizorg.domain.people import Role
from bemoeizorg.store import access_log, migrate
from bemoeizorg.store.access_log import MISSING_HEAD, UNSOUND_HEAD, Action, LogDamaged
from bemoeizorg.store.engine import open_engine
from bemoeizorg.store.errors import InvalidInput, WrongPassphrase
from bemoeizorg.store.failed_unlocks import (
    MAX_FILE_BYTES,
    MAX_RECORDS,
    UNKNOWN_USER,
    pending_path_for,
    read_pending,
)
from bemoeizorg.store.keyslots import KeySlots, slots_path_for
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, AccessLogHead, Meta

STRONG = "Zeven zwanen zwemmen in de Maas"
OTHER = "Negen nijlpaarden naast Nederweert"
LEAD = "Anna de Vries"
SECOND = "Bram Peeters"
FAILED = Action.UNLOCK_FAILED.value


def _new(path: Path) -> Register:
    register, _code = Register.create(path, "Team Noord", LEAD, Role.TEAMLEIDER, STRONG)
    return register


def _locked_register(tmp_path: Path, sessions: int = 2) -> Path:
    """A locked register with a few sessions in its log and a second user."""
    path = tmp_path / "team.bzregister"
    register = _new(path)
    register.add_user(SECOND, Role.BEMOEIZORGER, OTHER)
    register.lock()
    for _ in range(sessions):
        Register.unlock(path, LEAD, STRONG).lock()
    return path


def _entries(register: Register) -> list[AccessLogEntry]:
    with register.session() as session:
        return list(session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)))


def _plant(path: Path, doc: object) -> int:
    data = json.dumps(doc).encode("utf-8")
    pending_path_for(path).write_bytes(data)
    return len(data)


def _cli_verify(path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BEMOEIZORG_PASSPHRASE": STRONG}
    return subprocess.run(
        [sys.executable, "-m", "bemoeizorg", "verify", str(path)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def _assert_cli_says_broken(path: Path, words: str) -> None:
    result = _cli_verify(path)
    assert result.returncode == 3, (result.returncode, result.stderr)
    assert "Het logboek is NIET in orde" in result.stderr
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "onverwachts" not in result.stderr
    assert "in orde:" not in result.stdout


# --- 1. a forged failed-unlock file ------------------------------------------------------


def test_a_forged_file_of_50000_old_attempts_cannot_rewrite_the_log(tmp_path: Path) -> None:
    path = _locked_register(tmp_path)
    forged = [{"at": "2000-01-01T00:00:00+00:00", "user": LEAD}] * 50_000
    assert _plant(path, forged) > MAX_FILE_BYTES
    before = datetime.now(UTC).isoformat()

    register = Register.unlock(path, LEAD, STRONG)
    try:
        entries = _entries(register)
        failed = [e for e in entries if e.action == FAILED]
        # Refused unread (too big), but not without a trace: one entry says so.
        assert len(failed) == 1 and failed[0].user_name == UNKNOWN_USER
        assert "te groot of onleesbaar" in failed[0].detail
        assert all(e.at >= before for e in entries if e.id >= failed[0].id)
        assert not [e for e in entries if e.at < "2001"]
        assert register.verify().ok
        due = retention.review(register)
        assert due.log_entries == 0
        with pytest.raises(InvalidInput):
            retention.apply(register, due)
        assert [e.id for e in _entries(register)] == [e.id for e in entries]
    finally:
        register.lock()
    assert not pending_path_for(path).exists()


def test_claims_within_the_size_enter_capped_named_and_timed_by_the_program(
    tmp_path: Path,
) -> None:
    path = _locked_register(tmp_path)
    register = Register.unlock(path, LEAD, STRONG)
    try:
        with register.session() as session:
            meta = session.get(Meta, "created_at")
            assert meta is not None
            created = meta.value
    finally:
        register.lock()
    forged = [{"at": "2000-01-01T00:00:00+00:00", "user": "x" * 150}] * 300
    forged += [{"at": "2999-01-01T00:00:00+00:00", "user": "bram  PEETERS"}]
    forged += [{"at": "gisteren", "user": "Iemand Anders"}]
    forged += [{"at": "2000-01-01T00:00:00+00:00", "user": "(opdrachtregel)"}]
    assert _plant(path, {"attempts": forged, "dropped": 10**12}) < MAX_FILE_BYTES
    before = datetime.now(UTC).isoformat()

    register = Register.unlock(path, LEAD, STRONG)
    try:
        failed = [e for e in _entries(register) if e.action == FAILED]
        # The newest MAX_RECORDS claims one by one, the rest as one count.
        assert len(failed) == MAX_RECORDS + 1
        assert all(e.at >= before for e in failed)
        users = [e.user_name for e in failed]
        assert set(users) == {UNKNOWN_USER, SECOND, "(opdrachtregel)"}
        assert users[-4:-1] == [SECOND, UNKNOWN_USER, "(opdrachtregel)"]
        details = [e.detail for e in failed]
        # Claimed times are kept only as a detail, clamped to [created, now].
        assert details[0].endswith(f": {created}") and details[-2] == details[0]
        claimed_2999 = datetime.fromisoformat(details[-4].rsplit(": ", 1)[1])
        assert claimed_2999 <= datetime.now(UTC)
        assert details[-3] == "tijdstip onbekend"
        assert "nog 1000000000 mislukte pogingen" in details[-1]
        assert all(len(e.user_name) <= 200 and len(e.detail) <= 200 for e in failed)
        assert register.verify().ok
    finally:
        register.lock()


def test_a_huge_user_name_is_refused_and_names_not_in_the_slots_are_unknown(
    tmp_path: Path,
) -> None:
    path = _locked_register(tmp_path)
    _plant(path, [{"at": "2000-01-01T00:00:00+00:00", "user": "N" * 100_000}])
    register = Register.unlock(path, LEAD, STRONG)
    try:
        failed = [e for e in _entries(register) if e.action == FAILED]
        assert [e.user_name for e in failed] == [UNKNOWN_USER]
    finally:
        register.lock()
    # A name the register does not have is not even written beside it.
    with pytest.raises(WrongPassphrase):
        Register.unlock(path, "Carla Cliëntnaam", STRONG)
    with pytest.raises(WrongPassphrase):
        Register.unlock(path, "bram peeters", STRONG)
    assert "Cliëntnaam" not in pending_path_for(path).read_text("utf-8")
    assert [c.user for c in read_pending(path).claims] == [UNKNOWN_USER, SECOND]


def test_a_fifo_or_a_folder_in_place_of_the_file_does_not_stop_the_unlock(
    tmp_path: Path,
) -> None:
    path = _locked_register(tmp_path)
    os.mkfifo(pending_path_for(path))
    assert read_pending(path).unreadable  # does not block on the fifo
    register = Register.unlock(path, LEAD, STRONG)
    try:
        assert [e.user_name for e in _entries(register) if e.action == FAILED] == [UNKNOWN_USER]
    finally:
        register.lock()
    pending_path_for(path).mkdir()
    Register.unlock(path, LEAD, STRONG).lock()


def test_the_old_file_format_is_still_read(tmp_path: Path) -> None:
    path = _locked_register(tmp_path)
    _plant(path, [{"at": "2024-05-01T10:00:00+00:00", "user": SECOND}])
    register = Register.unlock(path, LEAD, STRONG)
    try:
        failed = [e for e in _entries(register) if e.action == FAILED]
        assert [e.user_name for e in failed] == [SECOND]
    finally:
        register.lock()


# --- 2. retention removes a prefix by the time of writing ---------------------------------


def test_an_old_date_in_the_middle_of_the_log_removes_nothing_after_it(tmp_path: Path) -> None:
    """As a register written before this fix may hold: a forged entry dated 2000 among
    young ones. Pruning used to remove every id up to the last old-dated entry."""
    with freeze_time("2012-03-01") as clock:
        path = tmp_path / "team.bzregister"
        register = _new(path)
        register.log_event(Action.SETTINGS)
        register.lock()
        clock.move_to("2024-01-10")
        register = Register.unlock(path, LEAD, STRONG)
        try:
            with register.session() as session:
                register.access_log.record(
                    session, "x", Action.UNLOCK_FAILED, at="2000-01-01T00:00:00+00:00"
                )
            register.log_event(Action.SETTINGS)
            entries = _entries(register)
            old = [e.id for e in entries if e.at.startswith("2012")]
            assert old == [1, 2, 3]  # created, settings, locked in 2012
            forged = next(e.id for e in entries if e.at.startswith("2000"))
            due = retention.review(register)
            assert due.log_entries == len(old)
            done = retention.apply(register, due)
            assert done.log_entries == len(old)
            left = _entries(register)
            assert left[0].id == old[-1] + 1
            assert forged in [e.id for e in left]
            deleted = [e for e in left if e.action == Action.DELETE.value]
            assert deleted and deleted[-1].detail.startswith("logboekregels 1 t/m 3 verwijderd")
            assert register.verify().ok
            assert retention.review(register).log_entries == 0
        finally:
            register.lock()


def test_the_deletion_entry_and_the_new_chain_start_are_under_the_mac(tmp_path: Path) -> None:
    with freeze_time("2012-03-01") as clock:
        path = tmp_path / "team.bzregister"
        _new(path).lock()
        clock.move_to("2024-01-10")
        register = Register.unlock(path, LEAD, STRONG)
        try:
            retention.apply(register, retention.review(register))
            assert register.verify().ok
            (deleted,) = [e for e in _entries(register) if e.action == Action.DELETE.value]
            assert deleted.detail.startswith("logboekregels 1 t/m 2 verwijderd (2)")
            update = text("UPDATE access_log SET detail = :d WHERE id = :id")
            with register.session() as session:
                session.execute(update, {"d": "logboekregels 1 t/m 1 verwijderd", "id": deleted.id})
            assert (
                register.verify().chain.problem == f"Regel {deleted.id} is gewijzigd of verplaatst."
            )
            with register.session() as session:
                session.execute(update, {"d": deleted.detail, "id": deleted.id})
            assert register.verify().ok
            with register.session() as session:
                head = session.get(AccessLogHead, 1)
                assert head is not None and head.first_id == 3
                # Back to the first removed entry's place: the head no longer agrees.
                session.execute(text("UPDATE access_log_head SET first_id = 2"))
            assert not register.verify().ok
        finally:
            register.lock()


# --- 3. the head: truncation, re-anchoring, a missing head -------------------------------


def _truncate_and_copy_head(session: Session, cut: int, *, blank_mac: bool = False) -> None:
    last = session.scalar(select(AccessLogEntry.id).order_by(AccessLogEntry.id.desc()))
    assert last is not None
    session.execute(text("DELETE FROM access_log WHERE id > :keep"), {"keep": last - cut})
    new_last = session.execute(
        text("SELECT id, mac FROM access_log ORDER BY id DESC LIMIT 1")
    ).one()
    session.execute(
        text("UPDATE access_log_head SET last_id = :id, last_mac = :mac"),
        {"id": new_last.id, "mac": new_last.mac},
    )
    if blank_mac:
        session.execute(text("UPDATE access_log_head SET mac = NULL"))


def _drop_first_and_reanchor(session: Session, drop: int) -> None:
    rows = session.execute(
        text("SELECT id, mac FROM access_log ORDER BY id LIMIT :n"), {"n": drop}
    ).all()
    session.execute(text("DELETE FROM access_log WHERE id <= :id"), {"id": rows[-1].id})
    session.execute(
        text("UPDATE access_log_head SET first_id = :first, first_prev_mac = :prev"),
        {"first": rows[-1].id + 1, "prev": rows[-1].mac},
    )


@pytest.mark.parametrize(
    "tamper",
    [
        lambda s: _truncate_and_copy_head(s, 2),
        lambda s: _drop_first_and_reanchor(s, 3),
    ],
    ids=["eind-afgeknipt", "begin-verplaatst"],
)
def test_cutting_either_end_and_rewriting_the_head_fails_verify(
    tmp_path: Path, tamper: Callable[[Session], None]
) -> None:
    path = _locked_register(tmp_path)
    register = Register.unlock(path, LEAD, STRONG)
    try:
        assert register.verify().ok
        with register.session() as session:
            tamper(session)
        report = register.verify()
        assert not report.ok and report.integrity_problems == []
        assert report.chain.problem == UNSOUND_HEAD
        # The program goes on logging, but never seals the head it found unsound.
        register.log_event(Action.SETTINGS)
        assert register.verify().chain.problem == UNSOUND_HEAD
    finally:
        register.lock()
    _assert_cli_says_broken(path, "De kop van het logboek klopt niet")
    again = Register.unlock(path, LEAD, STRONG)
    try:
        assert again.verify().chain.problem == UNSOUND_HEAD
    finally:
        again.lock()


def _insider_cuts_start(register: Register, drop: int, record: str = "") -> None:
    """What a passphrase holder can do with the log key: drop the first `drop` entries,
    move the chain's start and seal the head again; with `record`, also append a forged
    removal record (under the MAC, like any entry the key writes)."""
    key = register._log_key
    assert key is not None
    with register.session() as session:
        _drop_first_and_reanchor(session, drop)
        head = session.get(AccessLogHead, 1)
        assert head is not None
        head.mac = access_log._head_mac(key, register.register_id, head)
        session.flush()
        if record:
            access_log.AccessLog(key, register.register_id).record(
                session, LEAD, Action.DELETE, detail=record
            )


def _cut_detail(last: int, before: date) -> str:
    return access_log.RemovedStart(last, 1, last).detail(before)


@pytest.mark.parametrize(
    ("forged", "words"),
    [
        (None, "zonder regel van de bewaartermijn"),
        # A record that says the entries were written before today: not five years.
        (date.today(), "buiten de bewaartermijn"),
        # A record of five years back, in a register made today: no entry is that old.
        (date(2001, 1, 1), "buiten de bewaartermijn"),
    ],
    ids=["zonder-regel", "regel-te-jong", "ouder-dan-het-register"],
)
def test_an_insider_cutting_the_start_with_the_key_is_caught(
    tmp_path: Path, forged: date | None, words: str
) -> None:
    """Entries 1-5, written minutes ago, removed with the log key and the head sealed
    again: the chain and head verify, but no retention record accounts for the cut."""
    path = _locked_register(tmp_path, sessions=4)
    register = Register.unlock(path, LEAD, STRONG)
    try:
        register.log_event(Action.SETTINGS)
        with register.session() as session:
            later = register.access_log.control_code(session)  # printed on an export
        _insider_cuts_start(register, 5, _cut_detail(5, forged) if forged else "")
        report = register.verify()
        assert not report.ok and words in (report.chain.problem or "")
        with register.session() as session:
            verdict = register.access_log.check_code(session, later)
        assert not verdict.ok and "niet bevestigd" in verdict.message
        assert words in verdict.message
        # Retention does not cut further (a new record would hide this cut).
        with register.session() as session:
            assert register.access_log.old_start(session, "2999-01-01") == 0
            assert register.access_log.remove_start(session, "2999-01-01") is None
    finally:
        register.lock()
    _assert_cli_says_broken(path, words)
    env = {**os.environ, "BEMOEIZORG_PASSPHRASE": STRONG}
    head = subprocess.run(
        [sys.executable, "-m", "bemoeizorg", "verify", str(path), "--head", later],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert head.returncode == 3, head.stdout + head.stderr
    assert "klopt:" not in head.stdout and words in head.stdout + head.stderr


def test_the_real_retention_cut_is_named_by_verify(tmp_path: Path) -> None:
    with freeze_time("2012-03-01") as clock:
        path = tmp_path / "team.bzregister"
        _new(path).lock()
        clock.move_to("2024-01-10")
        register = Register.unlock(path, LEAD, STRONG)
        try:
            retention.apply(register, retention.review(register))
            report = register.verify()
            assert report.ok, report.chain.problem
            assert "Regels 1 t/m 2 zijn volgens de bewaartermijn verwijderd" in (
                report.chain.summary
            )
        finally:
            register.lock()


def test_blanking_the_head_mac_does_not_get_a_cut_chain_sealed(tmp_path: Path) -> None:
    path = _locked_register(tmp_path)
    register = Register.unlock(path, LEAD, STRONG)
    try:
        with register.session() as session:
            _truncate_and_copy_head(session, 2, blank_mac=True)
    finally:
        register.lock(log=False)
    _assert_cli_says_broken(path, "De kop van het logboek klopt niet")


def test_emptying_the_log_and_resetting_the_head_is_not_sealed(tmp_path: Path) -> None:
    path = _locked_register(tmp_path)
    register = Register.unlock(path, LEAD, STRONG)
    try:
        with register.session() as session:
            session.execute(text("DELETE FROM access_log"))
            session.execute(
                text(
                    "UPDATE access_log_head SET last_id = 0, last_mac = first_prev_mac, mac = NULL"
                )
            )
    finally:
        register.lock(log=False)
    again = Register.unlock(path, LEAD, STRONG)
    try:
        assert again.verify().chain.problem == UNSOUND_HEAD
    finally:
        again.lock()


def test_a_deleted_head_is_a_clear_damaged_verdict(tmp_path: Path) -> None:
    path = _locked_register(tmp_path)
    register = Register.unlock(path, LEAD, STRONG)
    try:
        with register.session() as session:
            session.execute(text("DELETE FROM access_log_head"))
        report = register.verify()
        assert not report.ok and report.chain.problem == MISSING_HEAD
        assert "beschadigd" in report.chain.summary
        assert not access_log.verify_and_record(register).ok
        with pytest.raises(LogDamaged) as caught:
            register.log_event(Action.SETTINGS)
        assert "beschadigd" in str(caught.value)
    finally:
        register.lock()  # its own entry cannot be written: locking still works
    _plant(path, [{"at": "2024-05-01T10:00:00+00:00", "user": SECOND}])
    _assert_cli_says_broken(path, "Logboek beschadigd")
    # Nothing could be logged, so the waiting attempts wait on.
    assert [c.user for c in read_pending(path).claims] == [SECOND]


# --- 4. a register from before the head had a MAC ----------------------------------------


def _make_legacy(path: Path) -> None:
    """Rewrite a locked register as one made before migration 0006: v1 entry MACs, a head
    without a MAC, and the schema of revision 0005."""
    slots = KeySlots.load(slots_path_for(path))
    _slot, key = slots.unwrap_passphrase(LEAD, STRONG)
    engine = open_engine(path, key)
    try:
        log_key = access_log.log_key(key)
        with Session(engine) as session, session.begin():
            prev = access_log.genesis_mac(log_key, slots.register_id)
            for entry in session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)):
                entry.mac = access_log._entry_mac_v1(log_key, prev, entry)
                prev = entry.mac
            head = session.get(AccessLogHead, 1)
            assert head is not None
            head.last_mac, head.mac = prev, None
        cfg = Config()
        cfg.set_main_option("script_location", str(migrate.MIGRATIONS))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005")
    finally:
        engine.dispose()


def test_an_older_register_is_sealed_at_its_first_unlock_and_then_holds(tmp_path: Path) -> None:
    path = _locked_register(tmp_path)
    _make_legacy(path)
    register = Register.unlock(path, LEAD, STRONG)
    try:
        assert register.backup_before_migration
        assert [e.action for e in _entries(register)][-2:] == [
            Action.MIGRATED.value,
            Action.UNLOCK.value,
        ]
        assert register.verify().ok
        # An old entry's MAC does not cover a detail: one added afterwards shows.
        set_detail = text("UPDATE access_log SET detail = :d WHERE id = 2")
        with register.session() as session:
            session.execute(set_detail, {"d": "alles in orde"})
        assert register.verify().chain.problem == "Regel 2 is gewijzigd of verplaatst."
        with register.session() as session:
            session.execute(set_detail, {"d": ""})
        assert register.verify().ok
        with register.session() as session:
            head = session.get(AccessLogHead, 1)
            assert head is not None and head.mac
            # Cut off the entries written since the upgrade, but not all of them.
            _truncate_and_copy_head(session, 1, blank_mac=True)
    finally:
        register.lock(log=False)
    _assert_cli_says_broken(path, "De kop van het logboek klopt niet")


def test_an_older_register_with_a_broken_chain_is_not_sealed(tmp_path: Path) -> None:
    path = _locked_register(tmp_path)
    _make_legacy(path)
    slots = KeySlots.load(slots_path_for(path))
    _slot, key = slots.unwrap_passphrase(LEAD, STRONG)
    engine = open_engine(path, key)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE access_log SET user_name = 'Iemand' WHERE id = 2"))
    finally:
        engine.dispose()
    register = Register.unlock(path, LEAD, STRONG)
    try:
        assert register.verify().chain.problem == "Regel 2 is gewijzigd of verplaatst."
        with register.session() as session:
            session.execute(text("UPDATE access_log SET user_name = :u WHERE id = 2"), {"u": LEAD})
        # The entry is back as it was, but the head was never sealed: it stays unsound.
        assert register.verify().chain.problem == UNSOUND_HEAD
    finally:
        register.lock()


def test_retention_keeps_a_log_whose_head_is_unsound(tmp_path: Path) -> None:
    with freeze_time("2012-03-01") as clock:
        path = tmp_path / "team.bzregister"
        _new(path).lock()
        clock.move_to("2024-01-10")
        register = Register.unlock(path, LEAD, STRONG)
        try:
            with register.session() as session:
                session.execute(text("UPDATE access_log_head SET mac = 'ff'"))
            assert retention.review(register).log_entries == 0
            assert len(_entries(register)) == 3
        finally:
            register.lock()


def test_review_counts_only_the_prefix(tmp_path: Path) -> None:
    """The count the team lead is shown is what apply removes."""
    with freeze_time("2012-03-01") as clock:
        path = tmp_path / "team.bzregister"
        _new(path).lock()
        clock.move_to("2024-01-10")
        register = Register.unlock(path, LEAD, STRONG)
        try:
            with register.session() as session:
                register.access_log.record(session, "x", Action.VIEW, at="2001-01-01")
            due = retention.review(register, date(2024, 1, 10))
            assert due.log_entries == 2  # created, locked in 2012; not the 2001 one after
        finally:
            register.lock()
