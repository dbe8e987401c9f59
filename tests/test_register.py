"""Create, unlock, lock, change passphrase, add a user and recover, on real registers.

Every register here is a real SQLCipher file with a real slot file beside it, made in
tmp_path; nothing is mocked.
"""

from __future__ import annotations

import json
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.store.errors import (
    InvalidInput,
    KeyFileDamaged,
    NotAllowed,
    RegisterExists,
    RegisterInUse,
    RegisterLocked,
    RegisterNotFound,
    WrongPassphrase,
    WrongRecoveryCode,
)
from bemoeizorg.store.keyslots import KeySlots, slots_path_for
from bemoeizorg.store.register import Register, peek
from bemoeizorg.store.schema import AccessLogEntry

STRONG = "Zeven zwanen zwemmen in de Maas"
OTHER = "Negen nijlpaarden naast Nederweert"
THIRD = "Rode rivierkreeften rond Roermond"
LEAD = "Anna de Vries"
SECOND = "Bram Peeters"


@pytest.fixture
def reg_path(tmp_path: Path) -> Path:
    return tmp_path / "team.bzregister"


@pytest.fixture
def new_register(reg_path: Path) -> Iterator[tuple[Register, str]]:
    register, code = Register.create(reg_path, "Team Noord", LEAD, Role.TEAMLEIDER, STRONG)
    yield register, code
    register.lock()


def _log(register: Register) -> list[tuple[str, str]]:
    with register.session() as session:
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(r.user_name, r.action) for r in rows]


def _slot_doc(path: Path) -> dict[str, dict[str, object]]:
    """The slot file's slots by user ('' for the recovery slot)."""
    doc = json.loads(slots_path_for(path).read_text("utf-8"))
    return {s["user"]: s for s in doc["slots"]}


def _data_key(path: Path, user: str, passphrase: str) -> bytes:
    _slot, key = KeySlots.load(slots_path_for(path)).unwrap_passphrase(user, passphrase)
    return bytes(key)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- creating ------------------------------------------------------------------------


def test_create_gives_unlocked_register_and_recovery_code(
    new_register: tuple[Register, str], reg_path: Path
) -> None:
    register, code = new_register
    assert register.is_unlocked
    assert register.user == LEAD
    assert register.name() == "Team Noord"
    assert [(u.name, u.role) for u in register.users()] == [(LEAD, Role.TEAMLEIDER)]
    assert register.role() is Role.TEAMLEIDER
    groups = code.split("-")
    assert len(groups) == 6 and all(len(g) == 5 for g in groups)
    info = peek(reg_path)
    assert info.users == [LEAD] and info.has_recovery


def test_register_file_is_encrypted_and_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "canary.bzregister"
    canaries = ["Xylofoonstraat Qwabbelaar", "Zwirbelhuizen-Plonk"]
    register, _code = Register.create(path, "Team Midden", LEAD, Role.TEAMLEIDER, STRONG)
    try:
        for name in canaries:
            reference_data.save_team_member(
                register, TeamMemberData(name=name, specialism=Specialism.JEUGD)
            )
        assert [m.name for m in reference_data.team_members(register)] == sorted(canaries)
    finally:
        register.lock()
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    for needle in [*canaries, LEAD, "Team Midden"]:
        for encoding in ("utf-8", "utf-16-le"):
            assert needle.encode(encoding) not in raw, needle
    assert _mode(path) == 0o600
    assert _mode(slots_path_for(path)) == 0o600


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    taken = tmp_path / "bestaat.bzregister"
    taken.write_bytes(b"iets anders")
    with pytest.raises(RegisterExists, match="Er staat al een bestand 'bestaat.bzregister'"):
        Register.create(taken, "Team", LEAD, Role.TEAMLEIDER, STRONG)
    assert taken.read_bytes() == b"iets anders"
    assert not slots_path_for(taken).exists()


def test_create_refuses_when_only_the_slot_file_exists(tmp_path: Path) -> None:
    path = tmp_path / "half.bzregister"
    slots_path_for(path).write_text("{}")
    with pytest.raises(RegisterExists):
        Register.create(path, "Team", LEAD, Role.TEAMLEIDER, STRONG)
    assert slots_path_for(path).read_text() == "{}"
    assert not path.exists()


@pytest.mark.parametrize(
    ("weak", "reason"),
    [
        ("", "Vul een wachtwoordzin in."),
        ("kort", "Gebruik minstens 10 tekens"),
        ("wachtwoord123", "veelgebruikt wachtwoord"),
        ("annadevries2024", "Gebruik niet uw naam"),
    ],
)
def test_create_refuses_weak_passphrase_with_dutch_reason(
    reg_path: Path, weak: str, reason: str
) -> None:
    with pytest.raises(InvalidInput, match=reason):
        Register.create(reg_path, "Team Noord", LEAD, Role.TEAMLEIDER, weak)
    assert not reg_path.exists()
    assert not slots_path_for(reg_path).exists()


def test_create_refuses_empty_user_name(reg_path: Path) -> None:
    with pytest.raises(InvalidInput, match="Vul een naam in."):
        Register.create(reg_path, "Team Noord", "   ", Role.TEAMLEIDER, STRONG)
    assert not reg_path.exists()


def test_create_in_missing_folder_is_refused_in_dutch(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="De gekozen map bestaat niet."):
        Register.create(tmp_path / "nergens" / "r.bzregister", "T", LEAD, Role.TEAMLEIDER, STRONG)


# --- unlocking and locking ----------------------------------------------------------


def test_unlock_missing_register(tmp_path: Path) -> None:
    with pytest.raises(RegisterNotFound, match="bestaat niet"):
        Register.unlock(tmp_path / "weg.bzregister", LEAD, STRONG)


def test_lock_then_unlock_keeps_data(new_register: tuple[Register, str], reg_path: Path) -> None:
    register, _code = new_register
    reference_data.save_team_member(
        register, TeamMemberData(name="Carla Smeets", specialism=Specialism.VOLWASSENEN)
    )
    register.lock()
    assert not register.is_unlocked
    with pytest.raises(RegisterLocked, match="vergrendeld"):
        reference_data.team_members(register)
    register.lock()  # idempotent

    again = Register.unlock(reg_path, LEAD, STRONG)
    try:
        assert again.user == LEAD
        assert [m.name for m in reference_data.team_members(again)] == ["Carla Smeets"]
    finally:
        again.lock()


def test_unlock_accepts_user_name_in_other_case_and_spacing(
    new_register: tuple[Register, str], reg_path: Path
) -> None:
    new_register[0].lock()
    register = Register.unlock(reg_path, "  anna   DE vries ", STRONG)
    try:
        assert register.user == LEAD  # the slot's own spelling goes into the log
        assert _log(register)[-1] == (LEAD, "ontgrendelen")
    finally:
        register.lock()


def test_wrong_passphrase_is_refused_in_dutch(
    new_register: tuple[Register, str], reg_path: Path
) -> None:
    new_register[0].lock()
    with pytest.raises(WrongPassphrase, match="De wachtwoordzin klopt niet"):
        Register.unlock(reg_path, LEAD, STRONG.lower())
    with pytest.raises(WrongPassphrase):
        Register.unlock(reg_path, "Onbekende Gebruiker", STRONG)
    Register.unlock(reg_path, LEAD, STRONG).lock()


def test_register_open_twice_is_refused(new_register: tuple[Register, str], reg_path: Path) -> None:
    with pytest.raises(RegisterInUse, match="al geopend"):
        Register.unlock(reg_path, LEAD, STRONG)
    register, _code = new_register
    assert register.is_unlocked
    assert reference_data.team_members(register) == []


@pytest.mark.parametrize(
    "passphrase",
    [
        'Jan z\'n "oude" fiets staat buiten',
        "mail@host/pad:80%#?vraag en antwoord",
        "drie   spaties   tussen   woorden",
        "Crème brûlée über Straße zonder ĳs",
        "🚲 fietsen langs de Maas 🌧️ in de regen",
        "  spaties voor en achter de zin  ",
        "een heel lange zin over de Maas, de Roer en de Swalm " * 4,
    ],
    ids=["quotes", "url-tekens", "spaties", "niet-ascii", "emoji", "rand-spaties", "lang"],
)
def test_unusual_passphrases_round_trip(tmp_path: Path, passphrase: str) -> None:
    path = tmp_path / "bijzonder.bzregister"
    register, _code = Register.create(path, "Team", LEAD, Role.TEAMLEIDER, passphrase)
    register.lock()
    # Used exactly as typed: not trimmed, not cut short, so a near miss is refused.
    near_miss = passphrase.strip() if passphrase.strip() != passphrase else passphrase[:-1]
    with pytest.raises(WrongPassphrase):
        KeySlots.load(slots_path_for(path)).unwrap_passphrase(LEAD, near_miss)
    again = Register.unlock(path, LEAD, passphrase)
    try:
        assert again.user == LEAD
    finally:
        again.lock()


def test_decomposed_accents_open_a_register_made_with_composed_ones(tmp_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "Crème brûlée in Roermond eten")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    path = tmp_path / "accent.bzregister"
    Register.create(path, "Team", LEAD, Role.TEAMLEIDER, composed)[0].lock()
    Register.unlock(path, LEAD, decomposed).lock()


# --- changing the passphrase --------------------------------------------------------


def test_change_passphrase_old_stops_new_works(
    new_register: tuple[Register, str], reg_path: Path
) -> None:
    register, _code = new_register
    key_before = _data_key(reg_path, LEAD, STRONG)
    slot_before = _slot_doc(reg_path)[LEAD]
    register.change_passphrase(STRONG, OTHER)
    register.lock()

    assert _slot_doc(reg_path)[LEAD] != slot_before
    with pytest.raises(WrongPassphrase):
        Register.unlock(reg_path, LEAD, STRONG)
    # Same data key behind the new slot: the database was not rekeyed.
    assert _data_key(reg_path, LEAD, OTHER) == key_before
    Register.unlock(reg_path, LEAD, OTHER).lock()


def test_change_passphrase_refusals_leave_old_one_working(
    new_register: tuple[Register, str], reg_path: Path
) -> None:
    register, _code = new_register
    slots_before = slots_path_for(reg_path).read_bytes()
    with pytest.raises(WrongPassphrase):
        register.change_passphrase("Dit was niet de oude zin", OTHER)
    with pytest.raises(InvalidInput, match="dezelfde als de oude"):
        register.change_passphrase(STRONG, STRONG)
    with pytest.raises(InvalidInput, match="Gebruik minstens 10 tekens"):
        register.change_passphrase(STRONG, "kort")
    assert slots_path_for(reg_path).read_bytes() == slots_before
    register.lock()
    Register.unlock(reg_path, LEAD, STRONG).lock()


# --- a second user ------------------------------------------------------------------


def test_second_user_unlocks_with_own_passphrase_and_is_logged_by_name(
    new_register: tuple[Register, str], reg_path: Path
) -> None:
    register, _code = new_register
    register.add_user(SECOND, Role.BEMOEIZORGER, OTHER)
    assert {(u.name, u.role) for u in register.users()} == {
        (LEAD, Role.TEAMLEIDER),
        (SECOND, Role.BEMOEIZORGER),
    }
    register.lock()

    with pytest.raises(WrongPassphrase):
        Register.unlock(reg_path, SECOND, STRONG)  # not the lead's passphrase
    second = Register.unlock(reg_path, SECOND, OTHER)
    try:
        assert second.user == SECOND
        assert second.role() is Role.BEMOEIZORGER
        reference_data.set_covered_municipalities(second, ["GM0983"])
        log = _log(second)
    finally:
        second.lock()
    assert log[-3:] == [
        (SECOND, "ontgrendelen mislukt"),
        (SECOND, "ontgrendelen"),
        (SECOND, "instellingen"),
    ]
    assert peek(reg_path).users == [LEAD, SECOND]


def test_add_user_refuses_duplicate_and_reserved_names(new_register: tuple[Register, str]) -> None:
    register, _code = new_register
    with pytest.raises(InvalidInput, match="Er is al een gebruiker met de naam 'anna de vries'"):
        register.add_user("anna de vries", Role.BEMOEIZORGER, OTHER)
    # The names the log writes for failed unlocks are the program's own.
    for reserved in ("Herstelcode", "onbekend", "(opdrachtregel)"):
        with pytest.raises(InvalidInput, match="gebruikt het programma zelf"):
            register.add_user(reserved, Role.BEMOEIZORGER, OTHER)
    with pytest.raises(InvalidInput, match="Gebruik minstens 10 tekens"):
        register.add_user(SECOND, Role.BEMOEIZORGER, "kort")
    assert [u.name for u in register.users()] == [LEAD]


def test_key_changes_do_not_rewrite_the_database(
    new_register: tuple[Register, str], reg_path: Path
) -> None:
    """Passphrase change, new user and recovery touch slots only: an untouched slot still
    opens the register, and the team data is as it was."""
    register, code = new_register
    reference_data.save_team_member(
        register, TeamMemberData(name="Dirk Janssen", specialism=Specialism.JEUGD)
    )
    register.add_user(SECOND, Role.BEMOEIZORGER, OTHER)
    untouched = _slot_doc(reg_path)[SECOND]
    key = _data_key(reg_path, SECOND, OTHER)

    register.change_passphrase(STRONG, THIRD)
    register.add_user("Carla Smeets", Role.BEMOEIZORGER, "Kleine kikkers kwaken in Kessel")
    register.lock()
    Register.recover(reg_path, code, LEAD, STRONG).lock()

    assert _slot_doc(reg_path)[SECOND] == untouched
    assert _data_key(reg_path, LEAD, STRONG) == key
    second = Register.unlock(reg_path, SECOND, OTHER)
    try:
        members = reference_data.team_members(second)
        assert [(m.name, m.specialism) for m in members] == [("Dirk Janssen", Specialism.JEUGD)]
        assert second.verify().ok
    finally:
        second.lock()


# --- recovery -----------------------------------------------------------------------


def test_recovery_code_typed_loosely_sets_new_passphrase(
    new_register: tuple[Register, str], reg_path: Path
) -> None:
    register, code = new_register
    register.lock()
    typed = code.lower().replace("-", " ")
    recovered = Register.recover(reg_path, typed, LEAD, OTHER)
    try:
        assert recovered.user == LEAD
        assert recovered.is_unlocked
    finally:
        recovered.lock()
    with pytest.raises(WrongPassphrase):
        Register.unlock(reg_path, LEAD, STRONG)
    Register.unlock(reg_path, LEAD, OTHER).lock()


def test_wrong_recovery_code_is_refused_in_dutch(
    new_register: tuple[Register, str], reg_path: Path
) -> None:
    register, code = new_register
    register.lock()
    wrong = ("0" if code[0] != "0" else "1") + code[1:]
    with pytest.raises(WrongRecoveryCode, match="De herstelcode klopt niet"):
        Register.recover(reg_path, wrong, LEAD, OTHER)
    with pytest.raises(InvalidInput, match="hoort niet bij dit register"):
        Register.recover(reg_path, code, "Onbekende Gebruiker", OTHER)
    Register.unlock(reg_path, LEAD, STRONG).lock()  # nothing changed


def test_new_recovery_code_invalidates_the_old_one(
    new_register: tuple[Register, str], reg_path: Path
) -> None:
    register, old_code = new_register
    new_code = register.new_recovery_code()
    assert new_code != old_code
    register.lock()
    with pytest.raises(WrongRecoveryCode):
        Register.recover(reg_path, old_code, LEAD, OTHER)
    Register.recover(reg_path, new_code, LEAD, OTHER).lock()
    Register.unlock(reg_path, LEAD, OTHER).lock()


def test_a_bemoeizorger_cannot_add_users_or_make_a_recovery_code(register: Register) -> None:
    # Enforced in the store, below every UI: the role comes from the encrypted register.
    register.add_user(SECOND, Role.BEMOEIZORGER, OTHER)
    path = register.path
    register.lock()
    worker = Register.unlock(path, SECOND, OTHER)
    try:
        with pytest.raises(NotAllowed, match="Alleen een teamleider"):
            worker.add_user("Carla Smeets", Role.TEAMLEIDER, "Kleine kikkers kwaken in Kessel")
        with pytest.raises(NotAllowed):
            worker.new_recovery_code()
        assert [u.name for u in worker.users()] == sorted([LEAD, SECOND])
    finally:
        worker.lock()


def test_the_unlock_entry_says_the_way_in(register: Register) -> None:
    # A remembered computer by its slot id: an unlock through a computer the log never
    # saw remembered stands out.
    slot = register.add_device_slot(b"s" * 32)
    path = register.path
    register.lock()
    opened = Register.unlock_device(path, slot.id, b"s" * 32)
    try:
        with opened.session() as session:
            entries = list(session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)))
        remembered = [e.detail for e in entries if e.action == "apparaat onthouden"]
        unlocks = [e.detail for e in entries if e.action == "ontgrendelen"]
        assert remembered == [f"met onthouden computer {slot.id}"]
        assert unlocks[-1] == f"met onthouden computer {slot.id}"
    finally:
        opened.lock()


def test_a_bemoeizorger_cannot_forget_another_users_computer(register: Register) -> None:
    slot = register.add_device_slot(b"t" * 32)
    register.add_user(SECOND, Role.BEMOEIZORGER, OTHER)
    path = register.path
    register.lock()
    worker = Register.unlock(path, SECOND, OTHER)
    try:
        with pytest.raises(NotAllowed):
            worker.remove_device_slot(slot.id)
    finally:
        worker.lock()
    assert slot.id in peek(path).device_slots


def test_a_second_passphrase_slot_for_a_user_is_not_trusted(register: Register) -> None:
    # A key holder could add one under a teamleider's name and open as that user.
    path = register.path
    slots_file = slots_path_for(path)
    doc = json.loads(slots_file.read_text(encoding="utf-8"))
    doc["slots"].append(dict(next(s for s in doc["slots"] if s["kind"] == "wachtwoordzin")))
    doc["slots"][-1]["id"] = "aaaaaaaaaaaa"
    register.lock()
    slots_file.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(KeyFileDamaged, match="twee wachtwoordzinnen"):
        Register.unlock(path, LEAD, STRONG)
