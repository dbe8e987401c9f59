"""Failed unlocks cannot be written into a register that is still locked, so they wait in
a small file beside it and enter the access log at the next successful unlock."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from pathlib import Path

from bemoeizorg.store.files import write_bytes_atomic

MAX_KEPT = 1000


def pending_path_for(register_path: Path) -> Path:
    return register_path.with_name(register_path.name + ".pogingen")


def note_failed_unlock(register_path: Path, user: str) -> None:
    path = pending_path_for(register_path)
    attempts = read_pending(register_path)
    attempts.append({"at": datetime.now(UTC).isoformat(timespec="microseconds"), "user": user})
    # Losing the note must never stop the user from trying again.
    with contextlib.suppress(OSError):
        write_bytes_atomic(path, json.dumps(attempts[-MAX_KEPT:]).encode("utf-8"))


def read_pending(register_path: Path) -> list[dict[str, str]]:
    try:
        doc = json.loads(pending_path_for(register_path).read_text("utf-8"))
        return [{"at": str(a["at"]), "user": str(a["user"])} for a in doc]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def clear_pending(register_path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        pending_path_for(register_path).unlink()
