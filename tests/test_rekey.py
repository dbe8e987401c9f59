"""Users can be removed, keys can be replaced (issue 12, finding 5), on real registers.

- Removing a user (teamleider only, not oneself, not the last teamleider) removes their
  slots and gives the register a new key: an old copy of the slot file, as every back-up
  holds one, no longer opens today's register with the removed user's passphrase, while
  every remaining user, the recovery code and remembered computers still do.
- "Deze computer vergeten" and a passphrase change with rekey=True lock out the old slot
  file in the same way. Roles change only by a teamleider, and a teamleider always remains.
- The log chain, control codes printed earlier and back-ups made earlier still verify.
- Slot files of the first format (v1) still open, are upgraded by their owner's unlock,
  and a rekey says in Dutch who must log in first; a slot changed outside the program
  stops a rekey.
- A kill -9 at each step of a rekey (a real child process) leaves a register that opens
  with the old key or the new one, and nothing of the old pair behind.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bemoeizorg.domain.people import Role
from bemoeizorg.store import backup, rekey, restore_swap
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import (
    InvalidInput,
    NotAllowed,
    RegisterMismatch,
    WrongPassphrase,
)
from bemoeizorg.store.keyslots import (
    KeySlots,
    SlotKind,
    SlotsNotReady,
    SlotTampered,
    normalise_recovery_code,
    slots_path_for,
)
from bemoeizorg.store.register import Register
from tests.builders import LEAD, OTHER, STRONG, log_entries, new_case
from tests.helpers.processes import ROOT

MakeRegister = Callable[..., Register]

BRAM = "Bram Peeters"
BRAM_PHRASE = "Bram fietst elke dag naar Venlo"
CHRIS = "Chris Janssen"
CHRIS_PHRASE = "Chris zwemt graag in de Roer"
DEVICE_SECRET = bytes(range(32))


def opens(path: Path, user: str, passphrase: str) -> bool:
    try:
        register = Register.unlock(path, user, passphrase)
    except (WrongPassphrase, RegisterMismatch):
        return False
    register.lock()
    return True


def team(make_register: MakeRegister) -> tuple[Register, str]:
    """Anna (teamleider), Bram (bemoeizorger), Chris (teamleider), one case; the recovery
    code comes from a new one made here (the creation's is not kept by the fixture)."""
    register = make_register()
    register.add_user(BRAM, Role.BEMOEIZORGER, BRAM_PHRASE)
    register.add_user(CHRIS, Role.TEAMLEIDER, CHRIS_PHRASE)
    new_case(register)
    return register, register.new_recovery_code()


def old_slot_file(register: Register, tmp_path: Path) -> Path:
    """A copy of today's slot file, as a back-up or a USB stick would hold it."""
    kept = tmp_path / "oud.sleutels"
    shutil.copyfile(slots_path_for(register.path), kept)
    return kept


def with_slot_file(path: Path, slots: Path) -> None:
    shutil.copyfile(slots, slots_path_for(path))


def actions(register: Register) -> list[str]:
    return [action for action, _case in log_entries(register)]


# --- removing a user ------------------------------------------------------------------------


def test_a_removed_users_old_slot_file_no_longer_opens_the_register(
    make_register: MakeRegister, tmp_path: Path
) -> None:
    register, code = team(make_register)
    device = register.add_device_slot(DEVICE_SECRET)
    kept = old_slot_file(register, tmp_path)
    path = register.path

    register.remove_user(BRAM)

    assert [u.name for u in register.users()] == [LEAD, CHRIS]
    assert register.verify().ok  # the live object goes on, on the new key
    register.lock()
    assert not opens(path, BRAM, BRAM_PHRASE)  # no slot of Bram's in today's file
    # Every remaining way in still opens: both users, the recovery code, the computer.
    assert opens(path, LEAD, STRONG)
    assert opens(path, CHRIS, CHRIS_PHRASE)
    Register.unlock_device(path, device.id, DEVICE_SECRET).lock()
    Register.recover(path, code, LEAD, OTHER).lock()

    # Bram kept a copy of the old slot file: it holds his slot, but it opens nothing now.
    with_slot_file(path, kept)
    with pytest.raises(RegisterMismatch, match="hoort niet bij dit register"):
        Register.unlock(path, BRAM, BRAM_PHRASE)
    with pytest.raises(RegisterMismatch):
        Register.unlock(path, LEAD, STRONG)
    # Nor the old slot file's data key by any other way: the database is re-encrypted.
    _slot, old_key = KeySlots.load(kept).unwrap_passphrase(BRAM, BRAM_PHRASE)
    from bemoeizorg.store.engine import key_fits_no_page

    assert key_fits_no_page(path, old_key)


def test_removal_is_logged_and_the_log_and_earlier_control_codes_still_verify(
    make_register: MakeRegister,
) -> None:
    register, _code = team(make_register)
    with register.session() as session:
        code_before = register.access_log.control_code(session)
    before = len(actions(register))

    register.remove_user(BRAM)

    assert actions(register)[before:] == [
        Action.USER_REMOVED.value,
        Action.REKEYED.value,
    ]
    with register.session() as session:
        assert register.access_log.check_code(session, code_before).ok
    report = register.verify()
    assert report.ok, report.chain
    path = register.path
    register.lock()
    again = Register.unlock(path, CHRIS, CHRIS_PHRASE)
    try:
        assert again.verify().ok
        with again.session() as session:
            assert again.access_log.check_code(session, code_before).ok
    finally:
        again.lock()


def test_only_a_teamleider_removes_and_never_oneself_or_the_last_teamleider(
    make_register: MakeRegister,
) -> None:
    register, _code = team(make_register)
    path = register.path
    with pytest.raises(InvalidInput, match="uzelf niet verwijderen"):
        register.remove_user(LEAD)
    with pytest.raises(InvalidInput, match="hoort niet bij dit register"):
        register.remove_user("Iemand Anders")
    register.lock()

    bram = Register.unlock(path, BRAM, BRAM_PHRASE)
    try:
        with pytest.raises(NotAllowed, match="Alleen een teamleider mag gebruikers verwijderen"):
            bram.remove_user(CHRIS)
        with pytest.raises(NotAllowed, match="Alleen een teamleider mag rollen wijzigen"):
            bram.set_role(BRAM, Role.TEAMLEIDER)
        assert {u.name for u in bram.users()} == {LEAD, BRAM, CHRIS}
    finally:
        bram.lock()

    chris = Register.unlock(path, CHRIS, CHRIS_PHRASE)
    try:
        chris.remove_user(LEAD)  # another teamleider remains: Chris
        assert [(u.name, u.role) for u in chris.users()] == [
            (BRAM, Role.BEMOEIZORGER),
            (CHRIS, Role.TEAMLEIDER),
        ]
        with pytest.raises(InvalidInput, match="enige teamleider"):
            chris.set_role(CHRIS, Role.BEMOEIZORGER)
    finally:
        chris.lock()
    assert not opens(path, LEAD, STRONG)


def test_roles_change_by_a_teamleider_and_a_teamleider_always_remains(
    make_register: MakeRegister,
) -> None:
    register = make_register()
    register.add_user(BRAM, Role.BEMOEIZORGER, BRAM_PHRASE)
    with pytest.raises(InvalidInput, match="enige teamleider en kan niet bemoeizorger"):
        register.set_role(LEAD, Role.BEMOEIZORGER)
    register.set_role(BRAM, Role.TEAMLEIDER)
    register.set_role(LEAD, Role.BEMOEIZORGER)  # Bram leads now
    assert {u.name: u.role for u in register.users()} == {
        LEAD: Role.BEMOEIZORGER,
        BRAM: Role.TEAMLEIDER,
    }
    assert actions(register)[-2:] == [Action.ROLE_CHANGED.value] * 2
    with pytest.raises(NotAllowed):
        register.set_role(LEAD, Role.TEAMLEIDER)  # a bemoeizorger now


# --- other ways to a new key ------------------------------------------------------------------


def test_forgetting_a_computer_locks_out_its_secret_with_an_old_slot_file(
    register: Register, tmp_path: Path
) -> None:
    device = register.add_device_slot(DEVICE_SECRET)
    kept = old_slot_file(register, tmp_path)
    path = register.path

    register.remove_device_slot(device.id)

    assert device.id not in register.info().device_slots
    assert actions(register)[-2:] == [Action.DEVICE_FORGOTTEN.value, Action.REKEYED.value]
    register.lock()
    assert opens(path, LEAD, STRONG)
    with_slot_file(path, kept)
    with pytest.raises(RegisterMismatch):
        Register.unlock_device(path, device.id, DEVICE_SECRET)


def test_a_passphrase_change_with_rekey_locks_out_the_old_passphrase_in_an_old_file(
    register: Register, tmp_path: Path
) -> None:
    path = register.path
    kept = old_slot_file(register, tmp_path)
    register.change_passphrase(STRONG, OTHER, rekey=True)
    assert actions(register)[-2:] == [Action.PASSPHRASE_CHANGED.value, Action.REKEYED.value]
    register.lock()
    assert opens(path, LEAD, OTHER)
    assert not opens(path, LEAD, STRONG)
    with_slot_file(path, kept)
    assert not opens(path, LEAD, STRONG)


def test_a_passphrase_change_without_rekey_keeps_the_data_key(
    register: Register, tmp_path: Path
) -> None:
    """The default stays as it was: the old file with the old passphrase still opens (this
    is why the GUI offers the rekey)."""
    path = register.path
    kept = old_slot_file(register, tmp_path)
    register.change_passphrase(STRONG, OTHER)
    register.lock()
    with_slot_file(path, kept)
    assert opens(path, LEAD, STRONG)


def test_backups_made_before_a_rekey_still_verify_as_this_registers(
    register: Register, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    new_case(register)
    made = backup.make_backup(register, folder)
    register.rekey()
    register.rekey()  # twice: the stored keys are rewrapped each time
    assert [info.path for info in backup.survey(folder, register).verified] == [made.path]
    after = backup.make_backup(register, folder)
    assert {info.path for info in backup.survey(folder, register).verified} == {
        made.path,
        after.path,
    }
    # The back-up made after the rekey opens with the open register's (new) key.
    assert backup.contents_for_register(after.path, register).cases == 1


def test_the_log_key_of_a_rekeyed_copy_is_the_stable_one(register: Register) -> None:
    """rekey.log_key_for gives code without a Register (a restore from a passphrase) the
    key the chain was written with, before and after a rekey."""
    from bemoeizorg.store import access_log
    from bemoeizorg.store.engine import open_engine

    path = register.path
    register.rekey()
    register.lock()
    _slot, key = KeySlots.load(slots_path_for(path)).unwrap_passphrase(LEAD, STRONG)
    engine = open_engine(path, key)
    try:
        log_key = rekey.log_key_for(engine, key)
        assert log_key != access_log.log_key(key)  # not the one the new data key gives
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            assert (
                access_log.AccessLog(log_key, KeySlots.load(slots_path_for(path)).register_id)
                .verify(session)
                .ok
            )
    finally:
        engine.dispose()


def test_a_rekey_leaves_nothing_beside_the_register(register: Register) -> None:
    before = {p.name for p in register.path.parent.iterdir()}
    register.rekey()
    assert {p.name for p in register.path.parent.iterdir()} == before
    assert (register.path.stat().st_mode & 0o777) == 0o600
    assert (slots_path_for(register.path).stat().st_mode & 0o777) == 0o600


# --- the first slot format ------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def v1_slot(register_id: str, kind: SlotKind, user: str, secret: bytes, key: bytes) -> dict:
    """A slot as the program wrote it before slot format 2: Argon2id (cheap), then the data
    key under AES-GCM with [format, register id, slot id, kind, user] as associated data."""
    slot_id = secrets.token_hex(6)
    kdf = {
        "name": "argon2id",
        "time_cost": 1,
        "memory_cost": 1024,
        "parallelism": 4,
        "salt": _b64(secrets.token_bytes(16)),
    }
    kek = hash_secret_raw(secret, base64.b64decode(kdf["salt"]), 1, 1024, 4, 32, Type.ID)
    nonce = secrets.token_bytes(12)
    aad = json.dumps(["bemoeizorg-sleutels", register_id, slot_id, kind.value, user]).encode()
    wrapped = AESGCM(kek).encrypt(nonce, key, aad)
    return {
        "id": slot_id,
        "kind": kind.value,
        "user": user,
        "kdf": kdf,
        "nonce": _b64(nonce),
        "wrapped": _b64(wrapped),
        "created": "2025-01-01T00:00:00+00:00",
    }


def make_v1(path: Path, users: dict[str, str], code: str) -> None:
    """Rewrite the (locked) register's slot file as a version 1 file."""
    slots = KeySlots.load(slots_path_for(path))
    _slot, key = slots.unwrap_passphrase(LEAD, users[LEAD])
    rid = slots.register_id
    doc = {
        "format": "bemoeizorg-sleutels",
        "version": 1,
        "register_id": rid,
        "slots": [
            v1_slot(rid, SlotKind.PASSPHRASE, user, phrase.encode(), bytes(key))
            for user, phrase in users.items()
        ]
        + [
            v1_slot(
                rid,
                SlotKind.RECOVERY,
                "",
                normalise_recovery_code(code).encode("ascii"),
                bytes(key),
            )
        ],
    }
    slots_path_for(path).write_text(json.dumps(doc), "utf-8")


def versions(path: Path) -> dict[str, int]:
    return {s.user or "herstelcode": s.v for s in KeySlots.load(slots_path_for(path)).slots}


def test_a_v1_slot_file_opens_is_upgraded_by_each_owner_and_then_rekeys(
    make_register: MakeRegister, tmp_path: Path
) -> None:
    register, code = team(make_register)
    path = register.path
    register.lock()
    make_v1(path, {LEAD: STRONG, BRAM: BRAM_PHRASE, CHRIS: CHRIS_PHRASE}, code)
    assert json.loads(slots_path_for(path).read_text("utf-8"))["version"] == 1

    anna = Register.unlock(path, LEAD, STRONG)  # a v1 file opens as before
    assert versions(path) == {LEAD: 2, BRAM: 1, CHRIS: 1, "herstelcode": 1}
    file_before = slots_path_for(path).read_bytes()
    db_before = path.read_bytes()
    with pytest.raises(SlotsNotReady) as refused:
        anna.remove_user(BRAM)
    message = str(refused.value)
    assert f"{CHRIS} moet eerst één keer inloggen" in message
    assert BRAM not in message  # Bram is the one going: his slot does not count
    assert "maak eerst een nieuwe herstelcode" in message
    assert "Er is niets veranderd" in message
    assert slots_path_for(path).read_bytes() == file_before
    assert path.read_bytes() == db_before
    assert {u.name for u in anna.users()} == {LEAD, BRAM, CHRIS}
    anna.lock()

    Register.unlock(path, CHRIS, CHRIS_PHRASE).lock()
    Register.recover(path, code, LEAD, OTHER).lock()  # the recovery slot is used: upgraded
    assert versions(path) == {LEAD: 2, BRAM: 1, CHRIS: 2, "herstelcode": 2}
    anna = Register.unlock(path, LEAD, OTHER)
    try:
        anna.remove_user(BRAM)
        assert versions(path) == {LEAD: 2, CHRIS: 2, "herstelcode": 2}
    finally:
        anna.lock()
    assert opens(path, CHRIS, CHRIS_PHRASE)
    Register.recover(path, code, CHRIS, STRONG).lock()
    assert not opens(path, BRAM, BRAM_PHRASE)


def test_a_v1_recovery_slot_is_replaced_by_a_new_code(
    make_register: MakeRegister,
) -> None:
    register, code = team(make_register)
    path = register.path
    register.lock()
    make_v1(path, {LEAD: STRONG, BRAM: BRAM_PHRASE, CHRIS: CHRIS_PHRASE}, code)
    for user, phrase in ((BRAM, BRAM_PHRASE), (CHRIS, CHRIS_PHRASE)):
        Register.unlock(path, user, phrase).lock()
    anna = Register.unlock(path, LEAD, STRONG)
    try:
        with pytest.raises(SlotsNotReady, match="^Het register kan nog geen nieuwe sleutel"):
            anna.rekey()
        new_code = anna.new_recovery_code()
        anna.rekey()
    finally:
        anna.lock()
    Register.recover(path, new_code, BRAM, OTHER).lock()


def test_a_slot_changed_outside_the_program_stops_a_rekey(register: Register) -> None:
    register.add_user(BRAM, Role.BEMOEIZORGER, BRAM_PHRASE)
    path = register.path
    doc = json.loads(slots_path_for(path).read_text("utf-8"))
    # A stranger puts a public key of their own in Bram's slot, to be given the next key.
    stranger = KeySlots("x")._new_slot(SlotKind.PASSPHRASE, "x", bytes(32), {}, bytearray(32))
    for slot in doc["slots"]:
        if slot["user"] == BRAM:
            slot["public"] = stranger.public
    slots_path_for(path).write_text(json.dumps(doc), "utf-8")
    register._slots = KeySlots.load(slots_path_for(path))  # as a reopening would read it
    before = slots_path_for(path).read_bytes()
    with pytest.raises(SlotTampered, match="wachtwoordzin van Bram Peeters klopt niet"):
        register.rekey()
    assert slots_path_for(path).read_bytes() == before
    assert register.verify().ok


def test_a_stranger_cannot_give_a_user_a_data_key_of_their_own(register: Register) -> None:
    """A slot's public key is in the file for anyone to read; a data key wrapped to it by
    someone without the slot's own key U (so: without the data key or the passphrase) is
    refused, so a planted database with a key of the stranger's never opens as ours."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

    from bemoeizorg.store.keyslots import _data_wrap_key

    path = register.path
    register.lock()
    slots = KeySlots.load(slots_path_for(path))
    slot = slots.passphrase_slot(LEAD)
    assert slot is not None and slot.v == 2
    ephemeral = X25519PrivateKey.generate()
    slot.eph = _b64(ephemeral.public_key().public_bytes_raw())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(base64.b64decode(slot.public)))
    guessed_u = memoryview(bytearray(secrets.token_bytes(32)))
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(_data_wrap_key(guessed_u, shared)).encrypt(
        nonce, bytes(32), slots._aad2(slot, "data:" + slot.eph)
    )
    slot.nonce, slot.wrapped = _b64(nonce), _b64(wrapped)
    slots.save(slots_path_for(path))
    with pytest.raises(WrongPassphrase):
        Register.unlock(path, LEAD, STRONG)


# --- kill -9 at each step ---------------------------------------------------------------------

# The rekey's own steps around the swap's (restore_swap._reached), in order. Before the
# commit the old key opens the register, from the commit on the new one.
STEPS = (
    "prepared",
    "staged",
    "committed",
    "slots",
    "register",
    "kept",
    "done",
    "swapped",
    "cleaned",
)
NEW_FROM = STEPS.index("committed")

KILLED_REKEY = """
import os, sys
from pathlib import Path
from bemoeizorg.store import rekey, restore_swap
from bemoeizorg.store.register import Register
stop = sys.argv[2]
def reached(step):
    if step == stop:
        os._exit(9)
rekey._reached = restore_swap._reached = reached
register = Register.unlock(Path(sys.argv[1]), sys.argv[3], os.environ["BZ_TEST_PASSPHRASE"])
register.remove_user(sys.argv[4])
print("niet gestopt")
"""


def child(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BZ_TEST_PASSPHRASE": STRONG, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("step", STEPS)
def test_a_rekey_killed_after_each_step_leaves_the_old_key_or_the_new_one(
    make_register: MakeRegister, tmp_path: Path, step: str
) -> None:
    register, code = team(make_register)
    device = register.add_device_slot(DEVICE_SECRET)
    kept = old_slot_file(register, tmp_path)
    path = register.path
    register.lock()
    before = {p.name for p in path.parent.iterdir()}

    done = child(KILLED_REKEY, str(path), step, LEAD, BRAM)
    assert done.returncode == 9, done.stdout + done.stderr

    new = STEPS.index(step) >= NEW_FROM
    anna = Register.unlock(path, LEAD, STRONG)  # finishes a committed swap, sweeps leftovers
    try:
        assert anna.verify().ok
        users = {u.name for u in anna.users()}
        assert users == ({LEAD, CHRIS} if new else {LEAD, BRAM, CHRIS})
        logged = actions(anna)
        assert (Action.REKEYED.value in logged) is new
        assert (Action.USER_REMOVED.value in logged) is new
    finally:
        anna.lock()
    # Nothing of the old pair, nor of the work, is left beside the register.
    assert {p.name for p in path.parent.iterdir()} == before
    assert opens(path, BRAM, BRAM_PHRASE) is not new
    assert opens(path, CHRIS, CHRIS_PHRASE)
    Register.unlock_device(path, device.id, DEVICE_SECRET).lock()
    Register.recover(path, code, CHRIS, CHRIS_PHRASE).lock()
    if new:
        with_slot_file(path, kept)
        with pytest.raises(RegisterMismatch):
            Register.unlock(path, BRAM, BRAM_PHRASE)


def test_the_old_pair_a_kill_left_aside_goes_only_with_the_new_key(
    make_register: MakeRegister, tmp_path: Path
) -> None:
    """Killed after the swap, before the old pair was deleted: an opening without a key
    (peek) only finishes; the pair goes at the first unlock with the new key, and a pair
    aside that is not the replaced one (an earlier restore's) stays."""
    register = make_register()
    path = register.path
    # An earlier restore's replaced pair (another slot file than today's).
    earlier = path.with_name(path.name + restore_swap.ASIDE_INFIX + "20240101-120000")
    shutil.copyfile(path, earlier)
    shutil.copyfile(slots_path_for(path), slots_path_for(earlier))
    register.add_user(BRAM, Role.BEMOEIZORGER, BRAM_PHRASE)
    register.add_user(CHRIS, Role.TEAMLEIDER, CHRIS_PHRASE)
    register.lock()

    done = child(KILLED_REKEY, str(path), "swapped", LEAD, BRAM)
    assert done.returncode == 9, done.stdout + done.stderr
    from bemoeizorg.store.register import peek

    assert peek(path).users == [LEAD, CHRIS]
    asides = sorted(p.name for p in path.parent.iterdir() if ".vervangen-" in p.name)
    assert len(asides) == 4  # the earlier pair and the replaced one
    Register.unlock(path, CHRIS, CHRIS_PHRASE).lock()
    left = sorted(p.name for p in path.parent.iterdir() if ".vervangen-" in p.name)
    assert left == [earlier.name, slots_path_for(earlier).name]
    assert opens(earlier, LEAD, STRONG)  # the restore's pair kept, untouched


# --- nothing of the old or the new keys left in memory ----------------------------------------

MEMORY_CHILD = """
import hmac, json, sys
from pathlib import Path
from bemoeizorg.domain.people import Role
from bemoeizorg.store import access_log, backup
from bemoeizorg.store.register import Register
from bemoeizorg.store.secret_memory import scrub
from tests.builders import new_case
from tests.test_secrets_in_memory import Hidden, rendered, scan_own_memory

folder = Path(sys.argv[1])
path = folder / "team.bzregister"
phrase = "Zeven zwanen zwemmen in de Maas"
register, _code = Register.create(path, "Team", "Anna", Role.TEAMLEIDER, phrase)
new_case(register)
first = register._key
log_key = access_log.log_key(first)
backup_key = hmac.digest(first, b"bemoeizorg-backup-info", "sha256")
secrets = {
    "first data key": Hidden(first),
    "log key": Hidden(log_key),
    "back-up key": Hidden(backup_key),
}
log_key[:] = bytes(len(log_key))
scrub(backup_key)
del log_key, backup_key
register.rekey()
secrets["second data key"] = Hidden(register._key)
register.lock()
register = Register.unlock(path, "Anna", phrase)  # the stored log and back-up keys
(folder / "usb").mkdir()
backup.make_backup(register, folder / "usb")
register.rekey()
data_key = register._key
secrets["data key"] = Hidden(data_key)
kept = (data_key, register.access_log)
with rendered(secrets) as needles:
    unlocked = scan_own_memory(needles)
register.lock()
with rendered(secrets) as needles:
    locked = scan_own_memory(needles)
del kept
print(json.dumps({"unlocked": unlocked, "locked": locked}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/mem")
def test_no_key_of_a_rekeyed_register_is_left_in_memory_after_lock(tmp_path: Path) -> None:
    """As tests/test_secrets_in_memory.py, for a register that got new keys twice: the
    stored log and back-up keys, the current data key and both replaced ones."""
    done = child(MEMORY_CHILD, str(tmp_path))
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    # The control: what the open register holds is found while it is open.
    for name in ("data key", "log key", "back-up key"):
        assert found["unlocked"][f"{name} raw 2nd half"], f"{name} not found while unlocked"
    left = {name: places for name, places in found["locked"].items() if places}
    assert left == {}, json.dumps(left, indent=1)
    # A replaced data key is gone at once, not only at lock.
    for name in ("first data key", "second data key"):
        assert not any(
            found["unlocked"][f"{name} {form} {half}"]
            for form in ("raw", "hex", "HEX")
            for half in ("1st half", "2nd half")
        ), name
