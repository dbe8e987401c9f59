"""The key derivation's cost, the one subject for which the tests use the shipped Argon2id
parameters (`full_kdf`): every other test writes cheap slots (tests/conftest.py), which
must not hide what the program writes."""

from __future__ import annotations

from pathlib import Path

from bemoeizorg.store.keyslots import KeySlots, SlotKind, slots_path_for
from bemoeizorg.store.register import Register
from tests.builders import CHEAP_ARGON2, LEAD, STRONG, new_register


def _argon2_slots(path: Path) -> dict[SlotKind, dict[str, object]]:
    slots = KeySlots.load(slots_path_for(path)).slots
    return {s.kind: s.kdf for s in slots if s.kdf.get("name") == "argon2id"}


def test_the_program_writes_rfc9106_argon2id_slots_and_opens_them(
    full_kdf: None, tmp_path: Path
) -> None:
    path = tmp_path / "team.bzregister"
    register = new_register(path)
    register.lock()
    slots = _argon2_slots(path)
    assert set(slots) == {SlotKind.PASSPHRASE, SlotKind.RECOVERY}
    for kdf in slots.values():
        # RFC 9106's second recommended setting: 64 MiB, 3 passes, 4 lanes.
        assert (kdf["time_cost"], kdf["memory_cost"], kdf["parallelism"]) == (3, 64 * 1024, 4)
    Register.unlock(path, LEAD, STRONG).lock()


def test_other_tests_write_cheap_slots_that_open_the_whole_real_way(tmp_path: Path) -> None:
    path = tmp_path / "team.bzregister"
    new_register(path).lock()
    for kdf in _argon2_slots(path).values():
        assert (kdf["time_cost"], kdf["memory_cost"]) == CHEAP_ARGON2
    Register.unlock(path, LEAD, STRONG).lock()
