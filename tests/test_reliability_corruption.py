"""Fault injection, part 1: a damaged register file, a damaged or missing slot file, and
wrong passphrases, each through the real open path on a real SQLCipher register.

What must hold (see /work/shared/reliability.md): a clear Dutch message, never a crash,
never silently accepted data, and a failed open changes nothing on disk.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from bemoeizorg.casework.reference_data import save_contact_point, save_team_member, team_members
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import ContactPointData, TeamMemberData
from bemoeizorg.store import access_log
from bemoeizorg.store.access_log import Action, LogFilter
from bemoeizorg.store.errors import (
    KeyFileDamaged,
    KeyFileMissing,
    RegisterCorrupt,
    RegisterError,
    RegisterMismatch,
    WrongPassphrase,
)
from bemoeizorg.store.failed_unlocks import UNKNOWN_USER, pending_path_for, read_pending
from bemoeizorg.store.keyslots import slots_path_for
from bemoeizorg.store.process_lock import ProcessLock
from bemoeizorg.store.register import Register
from tests.helpers.reliability_common import (
    PASSPHRASE,
    USER,
    cheap_kdf,
    copy_register,
    create_register,
    run_cli,
    sha256,
)

PAGE = 4096  # SQLCipher 4's default page size, which the register keeps
MUTATIONS = 120  # with the cheap KDF about 15 ms each
MEMBERS = [f"Teamlid {i:02d} " + "y" * 120 for i in range(40)]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One register of about 30 pages with team members and a contact point, made once
    (with cheap Argon2 parameters in its slots: these tests open it hundreds of times)."""
    with cheap_kdf():
        path = create_register(tmp_path_factory.mktemp("sjabloon"))
    register = Register.unlock(path, USER, PASSPHRASE)
    try:
        for name in MEMBERS:
            save_team_member(register, TeamMemberData(name, Specialism.JEUGD))
        save_contact_point(
            register,
            ContactPointData(
                "GM0889", "Loket Beesel", email="loket@beesel.example", valid_from=date(2024, 1, 1)
            ),
        )
    finally:
        register.lock()
    assert path.stat().st_size % PAGE == 0
    assert path.stat().st_size // PAGE >= 20
    return path


@pytest.fixture
def reg(template: Path, tmp_path: Path) -> Path:
    return copy_register(template, tmp_path / "register")


def _lock_is_free(path: Path) -> bool:
    lock = ProcessLock(path)
    try:
        lock.acquire()
    except RegisterError:
        return False
    lock.release()
    return True


@dataclass
class Outcome:
    """What one attempt on a damaged file did."""

    refused: type[RegisterError] | None = None  # open said no, with this error
    message: str = ""
    verify_ok: bool | None = None  # opened: did verify() pass?
    problems: list[str] = field(default_factory=list)
    crash: str | None = None  # anything that is not a RegisterError
    changed_by_failed_open: bool = False
    lock_left_held: bool = False


def _attempt(path: Path) -> Outcome:
    """Open, verify and lock once, classifying what happened; never raises."""
    before = sha256(path)
    outcome = Outcome()
    try:
        register = Register.unlock(path, USER, PASSPHRASE)
    except RegisterError as exc:
        outcome.refused = type(exc)
        outcome.message = str(exc)
        outcome.changed_by_failed_open = sha256(path) != before
        outcome.lock_left_held = not _lock_is_free(path)
        return outcome
    except Exception as exc:  # the very thing these tests hunt for
        outcome.crash = f"unlock: {type(exc).__name__}: {exc}"
        return outcome
    try:
        report = register.verify()
        outcome.verify_ok = report.ok
        outcome.problems = report.integrity_problems
    except Exception as exc:
        outcome.crash = f"verify: {type(exc).__name__}: {exc}"
    try:
        register.lock()
    except Exception as exc:
        outcome.crash = f"lock: {type(exc).__name__}: {exc}"
    outcome.lock_left_held = not _lock_is_free(path)
    return outcome


def _flip(data: bytes, offset: int) -> bytes:
    damaged = bytearray(data)
    damaged[offset] ^= 0x5A
    return bytes(damaged)


# --- 1. a damaged register file --------------------------------------------------------


def _damage_cases(size: int) -> dict[str, tuple[str, int]]:
    pages = size // PAGE
    return {
        "bytes in page 1": ("flip", 100),
        "end of page 1": ("flip", PAGE - 1),
        "a middle page": ("flip", (pages // 2) * PAGE + 1234),
        "the last page": ("flip", size - 100),
        "the very last byte": ("flip", size - 1),
        "truncated to half": ("truncate", (pages // 2) * PAGE),
        "truncated to nothing": ("truncate", 0),
        "truncated mid-page": ("truncate", size - 1000),
        "truncated inside page 1": ("truncate", 100),
        "last page cut off": ("truncate", size - PAGE),
    }


@pytest.mark.parametrize(
    "case",
    list(_damage_cases(40 * PAGE)),  # names only; offsets are taken from the real file
)
def test_damaged_register_is_refused_or_flagged_never_accepted(reg: Path, case: str) -> None:
    original = reg.read_bytes()
    kind, where = _damage_cases(len(original))[case]
    damaged = _flip(original, where) if kind == "flip" else original[:where]
    reg.write_bytes(damaged)

    outcome = _attempt(reg)

    assert outcome.crash is None, f"{case}: {outcome.crash}"
    assert not outcome.lock_left_held, f"{case}: the process lock stayed held"
    if outcome.refused is not None:
        assert outcome.refused is RegisterCorrupt, f"{case}: {outcome.refused.__name__}"
        assert outcome.message.startswith("Register beschadigd"), outcome.message
        assert "back-up" in outcome.message
        assert not outcome.changed_by_failed_open, f"{case}: a failed open changed the file"
        assert reg.read_bytes() == damaged
    else:
        # Opened: the damage is in a page the open did not read; verify must find it.
        assert outcome.verify_ok is False, f"{case}: damaged file silently accepted"
        assert outcome.problems, case
    if (kind == "flip" and where < PAGE) or case == "truncated to nothing":
        assert outcome.refused is RegisterCorrupt, f"{case}: page 1 is read at every open"


def test_damaged_salt_is_refused_with_restore_advice(reg: Path) -> None:
    """The first 16 bytes are SQLCipher's salt: with them damaged no page fits the key,
    which looks exactly like another register's slot file. Either message says restore."""
    original = reg.read_bytes()
    for offset in (0, 7, 15):
        reg.write_bytes(_flip(original, offset))
        outcome = _attempt(reg)
        assert outcome.crash is None, outcome.crash
        assert outcome.refused in (RegisterCorrupt, RegisterMismatch), (offset, outcome)
        assert "terug" in outcome.message
        assert not outcome.changed_by_failed_open
        assert not outcome.lock_left_held


def test_cli_verify_reports_damage_with_a_non_zero_exit(reg: Path) -> None:
    original = reg.read_bytes()
    # Damage in the last page: the open succeeds, verify must fail.
    reg.write_bytes(_flip(original, len(original) - 100))
    late = run_cli("verify", str(reg))
    assert late.returncode == 3, (late.returncode, late.stdout, late.stderr)
    assert "Register beschadigd" in late.stderr
    # The log was not read: that is said, not "NIET in orde: niet gecontroleerd".
    assert "logboek is daarom niet gecontroleerd" in late.stderr
    assert "NIET in orde" not in late.stderr
    assert "Traceback" not in late.stderr + late.stdout
    assert "ERROR" not in late.stderr, "SQLCipher's own log reached the terminal"
    # Damage in page 1: the open itself refuses.
    reg.write_bytes(_flip(original, 200))
    early = run_cli("verify", str(reg))
    assert early.returncode == 1, (early.returncode, early.stdout, early.stderr)
    assert early.stderr.startswith("Register beschadigd"), early.stderr
    assert "Traceback" not in early.stderr + early.stdout
    assert reg.read_bytes() == _flip(original, 200)


def test_lock_after_finding_damage_releases_the_register(reg: Path) -> None:
    """Regression: SQLCipher reports a bad page on a write as SQLITE_NOMEM (MemoryError);
    lock() then crashed and kept the process lock, so the register stayed 'in use'."""
    original = reg.read_bytes()
    reg.write_bytes(_flip(original, len(original) - 100))
    register = Register.unlock(reg, USER, PASSPHRASE)
    assert not register.verify().ok
    with pytest.raises(RegisterCorrupt):
        team_members(register)  # reading the damaged page
    register.lock()  # must not raise
    assert _lock_is_free(reg)
    register = Register.unlock(reg, USER, PASSPHRASE)  # the same process may open it again
    register.lock()


def _mutate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    size = len(data)
    pages = size // PAGE
    kind = rng.choice(["bits", "bytes", "zero page", "swap pages", "copy page", "truncate"])
    out = bytearray(data)
    if kind == "bits":
        for _ in range(rng.randint(1, 4)):
            out[rng.randrange(size)] ^= 1 << rng.randrange(8)
    elif kind == "bytes":
        start = rng.randrange(size)
        for i in range(start, min(size, start + rng.randint(1, 64))):
            out[i] = rng.randrange(256)
    elif kind == "zero page":
        page = rng.randrange(pages)
        out[page * PAGE : (page + 1) * PAGE] = bytes(PAGE)
    elif kind in ("swap pages", "copy page"):
        a, b = rng.sample(range(pages), 2)
        page_a = data[a * PAGE : (a + 1) * PAGE]
        page_b = data[b * PAGE : (b + 1) * PAGE]
        out[b * PAGE : (b + 1) * PAGE] = page_a
        if kind == "swap pages":
            out[a * PAGE : (a + 1) * PAGE] = page_b
    else:
        del out[rng.randrange(size) :]
    return kind, bytes(out)


def test_random_mutations_never_crash_and_are_never_silently_accepted(reg: Path) -> None:
    rng = random.Random(20261123)
    original = reg.read_bytes()
    tried = refused = flagged = unchanged_input = 0
    crashes: list[str] = []
    silently_accepted: list[str] = []
    changed_by_failed_open: list[str] = []
    lock_held: list[str] = []
    refused_as: dict[str, int] = {}
    for _ in range(MUTATIONS):
        kind, damaged = _mutate(rng, original)
        if damaged == original:
            unchanged_input += 1
            continue
        tried += 1
        reg.write_bytes(damaged)
        outcome = _attempt(reg)
        if outcome.crash:
            crashes.append(f"{kind}: {outcome.crash}")
        elif outcome.refused is not None:
            refused += 1
            refused_as[outcome.refused.__name__] = refused_as.get(outcome.refused.__name__, 0) + 1
            if outcome.changed_by_failed_open:
                changed_by_failed_open.append(kind)
        elif outcome.verify_ok:
            silently_accepted.append(kind)
        else:
            flagged += 1
        if outcome.lock_left_held:
            lock_held.append(kind)
    figures = (
        f"mutations tried {tried} (identical skipped {unchanged_input}): refused at open "
        f"{refused} {refused_as}, flagged by verify {flagged}, crashes {len(crashes)} "
        f"{crashes}, silently accepted {len(silently_accepted)} {silently_accepted}, "
        f"changed by a failed open {len(changed_by_failed_open)}, lock left held "
        f"{len(lock_held)}"
    )
    assert not crashes, figures
    assert not silently_accepted, figures
    assert not changed_by_failed_open, figures
    assert not lock_held, figures
    assert set(refused_as) <= {"RegisterCorrupt", "RegisterMismatch"}, figures
    assert tried >= MUTATIONS - 5 and refused + flagged == tried, figures


# --- 2. the slot file ----------------------------------------------------------------


def test_missing_slot_file_gives_its_dutch_message(reg: Path) -> None:
    slots = slots_path_for(reg)
    kept = slots.read_bytes()
    before = sha256(reg)
    slots.unlink()
    with pytest.raises(KeyFileMissing) as caught:
        Register.unlock(reg, USER, PASSPHRASE)
    message = str(caught.value)
    assert "sleutelbestand" in message and "ontbreekt" in message, message
    assert slots.name in message
    cli = run_cli("verify", str(reg))
    assert cli.returncode == 1 and "ontbreekt" in cli.stderr, cli.stderr
    assert "Traceback" not in cli.stderr
    assert sha256(reg) == before
    assert not slots.exists(), "nothing may invent a new slot file"
    slots.write_bytes(kept)
    Register.unlock(reg, USER, PASSPHRASE).lock()


def _slot_doc(reg: Path) -> dict[str, object]:
    doc: dict[str, object] = json.loads(slots_path_for(reg).read_text("utf-8"))
    return doc


def _with_first_slot(reg: Path, change: str) -> bytes:
    doc = _slot_doc(reg)
    slots = doc["slots"]
    assert isinstance(slots, list)
    first = slots[0]
    if change == "bad salt":
        first["kdf"]["salt"] = "!!geen base64!!"
    elif change == "zero time cost":
        first["kdf"]["time_cost"] = 0
    elif change == "huge memory cost":
        first["kdf"]["memory_cost"] = 2**40
    elif change == "no salt":
        del first["kdf"]["salt"]
    elif change == "slot is null":
        slots[0] = None
    return json.dumps(doc).encode("utf-8")


DAMAGED_SLOT_FILES = [
    "garbage",
    "truncated JSON",
    "empty",
    "JSON null",
    "JSON list",
    "bad salt",
    "zero time cost",
    "huge memory cost",
    "no salt",
    "slot is null",
]


@pytest.mark.parametrize("damage", DAMAGED_SLOT_FILES)
def test_damaged_slot_file_gives_key_file_damaged(reg: Path, damage: str) -> None:
    slots = slots_path_for(reg)
    good = slots.read_bytes()
    whole = {
        "garbage": bytes(random.Random(7).randrange(256) for _ in range(900)),
        "truncated JSON": good[: len(good) // 2],
        "empty": b"",
        "JSON null": b"null",
        "JSON list": b"[1, 2, 3]",
    }
    content = whole[damage] if damage in whole else _with_first_slot(reg, damage)
    slots.write_bytes(content)
    before = sha256(reg)
    with pytest.raises(KeyFileDamaged) as caught:
        Register.unlock(reg, USER, PASSPHRASE)
    message = str(caught.value)
    assert "sleutelbestand" in message.lower() and "beschadigd" in message, message
    assert "back-up" in message
    assert sha256(reg) == before
    assert slots.read_bytes() == content, "a failed open must not rewrite the slot file"
    assert _lock_is_free(reg)
    slots.write_bytes(good)
    Register.unlock(reg, USER, PASSPHRASE).lock()


def test_slot_file_of_another_register_gives_register_mismatch(reg: Path, tmp_path: Path) -> None:
    with cheap_kdf():
        other = create_register(tmp_path / "ander", name="Ander team")  # same user, passphrase
    slots = slots_path_for(reg)
    own = slots.read_bytes()
    before = sha256(reg)
    shutil.copyfile(slots_path_for(other), slots)
    with pytest.raises(RegisterMismatch) as caught:
        Register.unlock(reg, USER, PASSPHRASE)
    assert "hoort niet bij dit register" in str(caught.value)
    assert sha256(reg) == before
    assert _lock_is_free(reg)
    cli = run_cli("verify", str(reg))
    assert cli.returncode == 1 and "hoort niet bij dit register" in cli.stderr, cli.stderr
    assert sha256(reg) == before
    slots.write_bytes(own)
    register = Register.unlock(reg, USER, PASSPHRASE)
    try:
        assert register.verify().ok
        assert len(team_members(register)) == len(MEMBERS)
    finally:
        register.lock()


# --- 7. wrong passphrases ------------------------------------------------------------


def test_wrong_passphrases_change_nothing_but_are_logged_later(reg: Path) -> None:
    before = sha256(reg)
    slots_before = sha256(slots_path_for(reg))
    wrong = [
        "zeven zwanen zwemmen in de maas",  # Caps Lock the other way
        PASSPHRASE + " ",
        "Zeven zwanen zwemmen in de Maas'\"@/:%#?é ✓",
    ]
    for attempt in wrong:
        with pytest.raises(WrongPassphrase) as caught:
            Register.unlock(reg, USER, attempt)
        assert str(caught.value).startswith("De wachtwoordzin klopt niet"), str(caught.value)
    with pytest.raises(WrongPassphrase):
        Register.unlock(reg, "Niemand Bekend", PASSPHRASE)
    assert sha256(reg) == before, "a wrong passphrase changed the register file"
    assert sha256(slots_path_for(reg)) == slots_before
    pending = read_pending(reg)
    # A name the register does not have is not written down, not even beside it.
    claimed = [c.user for c in pending.claims]
    assert claimed == [USER] * len(wrong) + [UNKNOWN_USER], claimed
    assert _lock_is_free(reg)

    register = Register.unlock(reg, USER, PASSPHRASE)
    try:
        with register.session() as session:
            failed = access_log.query(session, LogFilter(actions=[Action.UNLOCK_FAILED]))
            logged = sorted(e.user_name for e in failed)
            # Written with the time of writing: not before the first claimed attempt.
            assert all(e.at >= pending.claims[0].at for e in failed)
        assert logged == sorted(claimed)
        assert register.verify().ok
    finally:
        register.lock()
    assert not pending_path_for(reg).exists(), "the attempts were logged; the note must go"
