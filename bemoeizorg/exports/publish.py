"""The one way a file leaves the laptop: write it carefully, then log that it left.

The file is written first (owner-only, fsync, atomic replace: a file that failed to write
was not handed out), then its access-log entries, and for a meeting pack its
verstrekkingenlog rows, in one register transaction. When that transaction fails the file
is removed again: nothing leaves without its entries. Disk problems come out in Dutch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import from_os_error
from bemoeizorg.store.files import write_bytes_atomic
from bemoeizorg.store.register import Register


def write_file(path: Path, data: bytes) -> Path:
    """Write carefully without logging: only for what no register knows of (team files
    merged on the command line, with no register open)."""
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise from_os_error(exc) from None
    return path


def log_export(register: Register, session: Session, case_ids: Sequence[int] | None) -> None:
    """One EXPORT entry per case handed out; for counts and other aggregates (None) one
    entry without a case."""
    for case_id in (None,) if case_ids is None else case_ids:
        register.audit(session, Action.EXPORT, case_id)


def publish_file(
    register: Register,
    path: Path,
    data: bytes,
    *,
    case_ids: Sequence[int] | None = None,
    record: Callable[[Session], None] | None = None,
) -> Path:
    """Write `data` to `path`, then log the export (and `record`'s rows) in one transaction;
    remove the file again when that fails. `case_ids` as in `log_export`."""
    write_file(path, data)
    try:
        with register.session() as session:
            if record is not None:
                record(session)
            log_export(register, session, case_ids)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
