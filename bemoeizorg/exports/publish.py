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


def log_export(
    register: Register, session: Session, case_ids: Sequence[int] | None, detail: str = ""
) -> None:
    """One EXPORT entry per case handed out; for counts and other aggregates (None) one
    entry without a case. `detail`: the program's own word for what left (an inzage)."""
    for case_id in (None,) if case_ids is None else case_ids:
        register.audit(session, Action.EXPORT, case_id, detail=detail)


def publish_file(
    register: Register,
    path: Path,
    data: bytes,
    *,
    case_ids: Sequence[int] | None = None,
    record: Callable[[Session], None] | None = None,
    detail: str = "",
) -> Path:
    """Write `data` to `path`, then log the export (and `record`'s rows) in one transaction;
    remove the file again when that fails. `case_ids` as in `log_export`."""
    publish_coded(
        register, path, lambda _code: data, case_ids=case_ids, record=record, detail=detail
    )
    return path


def publish_coded(
    register: Register,
    path: Path,
    build: Callable[[str], bytes],
    *,
    case_ids: Sequence[int] | None = None,
    record: Callable[[Session], None] | None = None,
    detail: str = "",
) -> str:
    """Publish a file that carries the access log's control code; returns the code.

    In one transaction: the export's EXPORT entries, then the control code of the log
    *including those entries*, then `build(code)` gives the bytes, the file is written,
    and `record`'s rows are added. A file that fails to build or write leaves no entries
    (the transaction rolls back); a transaction that fails after the file was written
    removes the file again. `build` only renders: it must not open a register session."""
    written = False
    try:
        with register.session() as session:
            log_export(register, session, case_ids, detail)
            code = register.access_log.control_code(session)
            write_file(path, build(code))
            written = True
            if record is not None:
                record(session)
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise
    return code
