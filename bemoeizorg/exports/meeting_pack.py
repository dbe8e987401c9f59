"""Hands a meeting pack out: render it, then publish it with its disclosure.

The pack's content is `pack_pages`, its PDF `pack_pdf`; this module only publishes it
(through `publish.publish_file`), so the verstrekkingenlog and the access log always match
the files that left the laptop.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from bemoeizorg.exports.pack_pages import Pack
from bemoeizorg.exports.publish import log_export, publish_coded
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Disclosure


@dataclass(frozen=True, slots=True)
class PackWritten:
    path: Path
    cases: int
    protected: bool
    control_code: str = ""  # the access log's, including this pack's EXPORT entries


def add_disclosures(session: Session, made_by: str, pack: Pack, digest: str) -> None:
    """One verstrekkingenlog row per case in the pack."""
    made_at = datetime.now(UTC).isoformat(timespec="seconds")
    organisations = json.dumps(list(pack.participants), ensure_ascii=False)
    for case_id in pack.case_ids:
        session.add(
            Disclosure(
                meeting_id=pack.meeting_id,
                case_id=case_id,
                made_at=made_at,
                made_by=made_by,
                organisations=organisations,
                pack_digest=digest,
            )
        )


def record_disclosure(register: Register, pack: Pack, digest: str) -> None:
    """One verstrekkingenlog row and one EXPORT access-log entry per case in the pack."""
    with register.session() as session:
        add_disclosures(session, register.user, pack, digest)
        log_export(register, session, pack.case_ids)


def write_pack(
    register: Register, pack: Pack, path: Path, password: str | None = None
) -> PackWritten:
    """Render the pack and publish it: its EXPORT entries, the pack with the log's control
    code (the state including those entries) in its footer, written carefully, and its
    disclosure, all in one transaction; a pack whose entries cannot be written is removed
    again."""
    from bemoeizorg.exports.pack_pdf import render_pack  # reportlab loads only when needed

    digests: list[str] = []

    def build(code: str) -> bytes:
        plain = render_pack(pack, control_code=code)
        digests.append(hashlib.sha256(plain).hexdigest())
        return render_pack(pack, password=password, control_code=code) if password else plain

    code = publish_coded(
        register,
        path,
        build,
        case_ids=pack.case_ids,
        record=lambda session: add_disclosures(session, register.user, pack, digests[-1]),
    )
    return PackWritten(path, len(pack.case_ids), bool(password), code)
