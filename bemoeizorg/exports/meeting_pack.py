"""Hands a meeting pack out: render it, write it carefully, and record the disclosure.

The pack's content is `pack_pages`, its PDF `pack_pdf`; this module only publishes it, so the
verstrekkingenlog and the access log always match the files that left the laptop.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bemoeizorg.exports.pack_pages import Pack
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import from_os_error
from bemoeizorg.store.files import write_bytes_atomic
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Disclosure


@dataclass(frozen=True, slots=True)
class PackWritten:
    path: Path
    cases: int
    protected: bool


def record_disclosure(register: Register, pack: Pack, digest: str) -> None:
    """One verstrekkingenlog row and one EXPORT access-log entry per case in the pack."""
    made_at = datetime.now(UTC).isoformat(timespec="seconds")
    organisations = json.dumps(list(pack.participants), ensure_ascii=False)
    with register.session() as session:
        for case_id in pack.case_ids:
            session.add(
                Disclosure(
                    meeting_id=pack.meeting_id,
                    case_id=case_id,
                    made_at=made_at,
                    made_by=register.user,
                    organisations=organisations,
                    pack_digest=digest,
                )
            )
            register.audit(session, Action.EXPORT, case_id)


def write_pack(
    register: Register, pack: Pack, path: Path, password: str | None = None
) -> PackWritten:
    """Render the pack, write it carefully (0600, fsync, atomic), then log the disclosure.

    The log is written after the file (a pack that failed to write was not handed out), and
    if the log cannot be written the file is removed again: no pack without its entries.
    """
    from bemoeizorg.exports.pack_pdf import render_pack  # reportlab loads only when needed

    plain = render_pack(pack)
    data = render_pack(pack, password=password) if password else plain
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise from_os_error(exc) from None
    try:
        record_disclosure(register, pack, hashlib.sha256(plain).hexdigest())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return PackWritten(path, len(pack.case_ids), bool(password))
