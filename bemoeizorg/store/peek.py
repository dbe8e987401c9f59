"""What can be known of a register before it is unlocked, read from its key-slot file.

Its own module, without SQLAlchemy or the schema, so the unlock screen can show a register's
users without loading the store's database side (issue 16: start-up). `store/register`
re-exports all three names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bemoeizorg.store.errors import RegisterNotFound
from bemoeizorg.store.keyslots import KeySlots, SlotKind, slots_path_for
from bemoeizorg.store.restore_swap import finish_interrupted

REGISTER_SUFFIX = ".bzregister"


@dataclass(frozen=True, slots=True)
class RegisterInfo:
    """What can be known of a register before it is unlocked (from its slot file)."""

    path: Path
    users: list[str]
    has_recovery: bool
    device_slots: dict[str, str]  # slot id -> user


def peek(path: Path) -> RegisterInfo:
    path = Path(path)
    finish_interrupted(path)  # a restore killed half-way is completed before any read
    if not path.exists():
        raise RegisterNotFound(path.name)
    slots = KeySlots.load(slots_path_for(path))
    return RegisterInfo(
        path=path,
        users=slots.users(),
        has_recovery=slots.has_recovery(),
        device_slots={s.id: s.user for s in slots.slots if s.kind is SlotKind.DEVICE},
    )
