"""The access log: one entry per logged action, a chain that shows tampering, no names.

Tampering is done on a copy of a real register (register file and slot file), opened
with its own key, by raw SQL: what someone with a database tool could do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import ContactPointData, TeamMemberData
from bemoeizorg.store import access_log
from bemoeizorg.store.access_log import Action, LogFilter
from bemoeizorg.store.errors import WrongPassphrase, WrongRecoveryCode
from bemoeizorg.store.failed_unlocks import pending_path_for
from bemoeizorg.store.keyslots import slots_path_for
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry

STRONG = "Zeven zwanen zwemmen in de Maas"
OTHER = "Negen nijlpaarden naast Nederweert"
LEAD = "Anna de Vries"
SECOND = "Bram Peeters"


def _entries(register: Register) -> list[tuple[int, str, str]]:
    with register.session() as session:
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(r.id, r.user_name, r.action) for r in rows]


def _new_since(register: Register, before: list[tuple[int, str, str]]) -> list[tuple[str, str]]:
    after = _entries(register)
    assert after[: len(before)] == before, "earlier entries changed"
    return [(user, action) for _id, user, action in after[len(before) :]]


def _fresh(path: Path) -> Register:
    register, _code = Register.create(path, "Team Noord", LEAD, Role.TEAMLEIDER, STRONG)
    return register


# --- one entry per action -----------------------------------------------------------


def test_lifecycle_actions_each_give_one_entry(tmp_path: Path) -> None:
    path = tmp_path / "log.bzregister"
    register = _fresh(path)
    try:
        assert [(u, a) for _i, u, a in _entries(register)] == [(LEAD, "register aangemaakt")]
        before = _entries(register)
        register.change_passphrase(STRONG, OTHER)
        assert _new_since(register, before) == [(LEAD, "wachtwoordzin gewijzigd")]
        before = _entries(register)
        register.add_user(SECOND, Role.BEMOEIZORGER, STRONG)
        assert _new_since(register, before) == [(LEAD, "gebruiker toegevoegd")]
        before = _entries(register)
        register.new_recovery_code()
        assert _new_since(register, before) == [(LEAD, "instellingen")]
        before = _entries(register)
        register.record_verification()
        assert _new_since(register, before) == [(LEAD, "register gecontroleerd")]
        before = _entries(register)
    finally:
        register.lock()

    again = Register.unlock(path, SECOND, STRONG)
    try:
        # The lock of the first session, then this unlock by the second user.
        assert _new_since(again, before) == [(LEAD, "vergrendelen"), (SECOND, "ontgrendelen")]
        report = again.verify()
        assert report.ok, report.chain.summary
        assert report.chain.entries == len(_entries(again))
        assert report.chain.summary.startswith("Het logboek is in orde")
    finally:
        again.lock()


def test_failed_unlock_is_logged_at_next_unlock_with_its_user(tmp_path: Path) -> None:
    path = tmp_path / "log.bzregister"
    register = _fresh(path)
    register.add_user(SECOND, Role.BEMOEIZORGER, OTHER)
    register.lock()

    with pytest.raises(WrongPassphrase):
        Register.unlock(path, SECOND, "Niet de goede wachtwoordzin")
    with pytest.raises(WrongPassphrase):
        Register.unlock_any_user(path, "Ook niet de goede wachtwoordzin")
    assert pending_path_for(path).exists()

    register = Register.unlock(path, LEAD, STRONG)
    try:
        log = [(u, a) for _i, u, a in _entries(register)]
        assert log[-3:] == [
            (SECOND, "ontgrendelen mislukt"),
            ("(opdrachtregel)", "ontgrendelen mislukt"),
            (LEAD, "ontgrendelen"),
        ]
        assert log.count((SECOND, "ontgrendelen mislukt")) == 1
        assert register.verify().ok
    finally:
        register.lock()
    # Logged once: the waiting note is gone, a next unlock adds no second copy.
    assert not pending_path_for(path).exists()
    register = Register.unlock(path, LEAD, STRONG)
    try:
        failed = [a for _i, _u, a in _entries(register) if a == "ontgrendelen mislukt"]
        assert len(failed) == 2
    finally:
        register.lock()


def test_recovery_is_logged_once_and_failed_recovery_too(tmp_path: Path) -> None:
    path = tmp_path / "log.bzregister"
    register, code = Register.create(path, "Team Noord", LEAD, Role.TEAMLEIDER, STRONG)
    register.lock()
    wrong = ("0" if code[0] != "0" else "1") + code[1:]
    with pytest.raises(WrongRecoveryCode):
        Register.recover(path, wrong, LEAD, OTHER)

    recovered = Register.recover(path, code, LEAD, OTHER)
    try:
        log = [(u, a) for _i, u, a in _entries(recovered)]
        assert log == [
            (LEAD, "register aangemaakt"),
            (LEAD, "vergrendelen"),
            ("herstelcode", "ontgrendelen mislukt"),
            (LEAD, "herstelcode gebruikt"),
            (LEAD, "wachtwoordzin gewijzigd"),
        ]
        assert recovered.verify().ok
    finally:
        recovered.lock()


def test_settings_changes_each_give_one_entry(tmp_path: Path) -> None:
    register = _fresh(tmp_path / "log.bzregister")
    try:
        before = _entries(register)
        reference_data.set_covered_municipalities(register, ["GM0889", "GM0957"])
        reference_data.set_covered_municipalities(register, ["GM0957", "GM0889"])  # no change
        cp = reference_data.save_contact_point(
            register, ContactPointData(municipality_code="GM0889", name="Els Hendriks")
        )
        reference_data.delete_contact_point(register, cp.id or 0)
        reference_data.save_team_member(
            register, TeamMemberData(name="Carla Smeets", specialism=Specialism.JEUGD)
        )
        assert _new_since(register, before) == [(LEAD, "instellingen")] * 4
        with register.session() as session:
            found = access_log.query(session, LogFilter(user=LEAD, actions=[Action.SETTINGS]))
            assert len(found) == 4
            assert access_log.users_in_log(session) == [LEAD]
    finally:
        register.lock()


def test_log_holds_no_names_of_team_or_contact_points(tmp_path: Path) -> None:
    canaries = ["Qwibbelsnor Zandvoort-Plenk", "Organisatie Vlorkenhuis", "vlork@voorbeeld.nl"]
    register = _fresh(tmp_path / "log.bzregister")
    try:
        cp = reference_data.save_contact_point(
            register,
            ContactPointData(
                municipality_code="GM0957",
                name=canaries[0],
                organisation=canaries[1],
                email=canaries[2],
                phone="0475 123 456",
            ),
        )
        reference_data.save_contact_point(
            register, ContactPointData(**{**_cp_fields(cp), "name": canaries[0] + " jr"})
        )
        reference_data.save_team_member(
            register, TeamMemberData(name=canaries[0], specialism=Specialism.VOLWASSENEN)
        )
        with register.session() as session:
            rows = session.execute(text("SELECT * FROM access_log")).all()
            head = session.execute(text("SELECT * FROM access_log_head")).all()
    finally:
        register.lock()
    assert len(rows) == 4
    dump = repr(rows) + repr(head)
    for canary in [*canaries, "0475 123 456", "Vlorkenhuis", "Qwibbelsnor"]:
        assert canary not in dump


def _cp_fields(cp: ContactPointData) -> dict[str, object]:
    return {f: getattr(cp, f) for f in ContactPointData.__slots__}


# --- tampering with a copy ----------------------------------------------------------


@pytest.fixture(scope="module")
def source_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A locked register with a few sessions in its log; tests only copy it."""
    path = tmp_path_factory.mktemp("bron") / "bron.bzregister"
    register = _fresh(path)
    reference_data.set_covered_municipalities(register, ["GM0889"])
    reference_data.save_team_member(
        register, TeamMemberData(name="Carla Smeets", specialism=Specialism.JEUGD)
    )
    register.lock()
    register = Register.unlock(path, LEAD, STRONG)
    reference_data.set_covered_municipalities(register, ["GM0889", "GM0893"])
    register.lock()
    return path


def _copy(source: Path, folder: Path) -> Path:
    target = folder / "kopie.bzregister"
    shutil.copyfile(source, target)
    shutil.copyfile(slots_path_for(source), slots_path_for(target))
    return target


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


def _edit_action(session: Session) -> None:
    session.execute(text("UPDATE access_log SET action = 'inzien' WHERE id = 3"))


def _edit_user(session: Session) -> None:
    session.execute(text("UPDATE access_log SET user_name = 'Iemand Anders' WHERE id = 2"))


def _delete_middle(session: Session) -> None:
    session.execute(text("DELETE FROM access_log WHERE id = 3"))


def _delete_last(session: Session) -> None:
    session.execute(text("DELETE FROM access_log WHERE id = (SELECT max(id) FROM access_log)"))


def _swap(session: Session) -> None:
    cols = "at, user_name, action, case_id, program, machine, mac"
    a = session.execute(text(f"SELECT {cols} FROM access_log WHERE id = 2")).one()
    b = session.execute(text(f"SELECT {cols} FROM access_log WHERE id = 4")).one()
    assert a != b
    assign = ", ".join(f"{c} = :{c}" for c in cols.split(", "))
    for row_id, values in ((2, b), (4, a)):
        session.execute(
            text(f"UPDATE access_log SET {assign} WHERE id = :id"),
            {**values._asdict(), "id": row_id},
        )


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        (_edit_action, "Regel 3 is gewijzigd of verplaatst."),
        (_edit_user, "Regel 2 is gewijzigd of verplaatst."),
        (_delete_middle, "Regel 3 ontbreekt of staat verkeerd."),
        (_delete_last, "De laatste regels van het logboek ontbreken."),
        (_swap, "Regel 2 is gewijzigd of verplaatst."),
    ],
    ids=["actie-gewijzigd", "gebruiker-gewijzigd", "midden-weg", "laatste-weg", "verwisseld"],
)
def test_tampering_in_a_copy_makes_verify_fail(
    source_register: Path,
    tmp_path: Path,
    tamper: Callable[[Session], None],
    problem: str,
) -> None:
    copy = _copy(source_register, tmp_path)
    register = Register.unlock(copy, LEAD, STRONG)
    try:
        assert register.verify().ok  # the copy itself is sound before the edit
        with register.session() as session:
            tamper(session)
        report = register.verify()
        assert not report.ok
        assert report.integrity_problems == []  # the database is fine; the log is not
        assert report.chain.problem == problem
        assert report.chain.summary == f"Het logboek is NIET in orde: {problem}"
    finally:
        register.lock()

    result = _cli_verify(copy)
    assert result.returncode == 3, result.stderr
    assert "Het logboek is NIET in orde" in result.stderr
    assert "Traceback" not in result.stderr
    assert "in orde:" not in result.stdout


def test_verification_is_recorded_only_when_the_register_is_sound(
    source_register: Path, tmp_path: Path
) -> None:
    """The one rule the log view and `bemoeizorg verify` share: a broken chain is left
    exactly as found, a sound one gets its "checked" entry."""
    register = Register.unlock(_copy(source_register, tmp_path), LEAD, STRONG)
    try:
        before = _entries(register)
        assert access_log.verify_and_record(register).ok
        assert [e[2] for e in _entries(register)[len(before) :]] == [Action.VERIFIED.value]
        with register.session() as session:
            _edit_action(session)
        broken = _entries(register)
        assert not access_log.verify_and_record(register).ok
        assert _entries(register) == broken
    finally:
        register.lock()


def test_untouched_copy_passes_cli_verify(source_register: Path, tmp_path: Path) -> None:
    copy = _copy(source_register, tmp_path)
    result = _cli_verify(copy)
    assert result.returncode == 0, result.stderr
    assert "Het logboek is in orde" in result.stdout
    assert "De database is in orde." in result.stdout
    assert result.stderr == ""


@pytest.fixture
def unlocked_copy(source_register: Path, tmp_path: Path) -> Iterator[Register]:
    register = Register.unlock(_copy(source_register, tmp_path), LEAD, STRONG)
    yield register
    register.lock()


def test_filter_by_user_action_and_period(unlocked_copy: Register) -> None:
    with unlocked_copy.session() as session:
        everything = access_log.query(session, LogFilter())
        unlocks = access_log.query(session, LogFilter(actions=[Action.UNLOCK]))
        nobody = access_log.query(session, LogFilter(user="Niemand"))
        first_day = everything[-1].at[:10]
        same_day = access_log.query(session, LogFilter(since=first_day, until=first_day))
        later = access_log.query(session, LogFilter(since="2999-01-01"))
        assert access_log.count(session) == len(everything)
    assert [e.id for e in everything] == sorted((e.id for e in everything), reverse=True)
    assert {e.action for e in unlocks} == {"ontgrendelen"} and len(unlocks) == 2
    assert nobody == [] and later == []
    assert len(same_day) >= 1 and all(e.at.startswith(first_day) for e in same_day)
