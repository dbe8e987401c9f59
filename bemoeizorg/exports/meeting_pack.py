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

from bemoeizorg.domain.privacy_guard import (
    OVERRIDE_DETAIL,
    GuardContext,
    Hit,
    OverrideReason,
    check_text,
)
from bemoeizorg.exports.pack_pages import Pack
from bemoeizorg.exports.publish import log_export, publish_coded
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Disclosure


@dataclass(frozen=True, slots=True)
class PackWritten:
    path: Path
    cases: int
    protected: bool
    control_code: str = ""  # the access log's, including this pack's EXPORT entries


@dataclass(frozen=True, slots=True)
class PackHit:
    """A stretch of typed text in the pack that looks identifying: on which page and line,
    which case it is about, and why (never the text itself)."""

    page: int
    line: int
    case_id: int | None
    label: str
    hit: Hit

    def where(self, pack: Pack) -> str:
        """ "Casus 2, Vraag aan het netwerk": the agenda item and the field, nothing typed."""
        position = pack.case_ids.index(self.case_id) + 1 if self.case_id in pack.case_ids else 0
        case = f"Casus {position}, " if position else ""
        field = self.label if self.label and not self.label.startswith("Casus") else "agenda"
        return f"{case}{field}"


def pack_hits(pack: Pack, context: GuardContext) -> list[PackHit]:
    """Every hit of the privacy guard in the typed lines of the pack."""
    found: list[PackHit] = []
    for page_index, page in enumerate(pack.pages):
        for line_index, line in enumerate(page.lines):
            if not line.typed:
                continue
            case_id = line.case_id if line.case_id is not None else page.case_id
            if case_id is not None:
                owners = [context.own.get(case_id)]
            else:  # the meeting's own lines (place, chair, participants): every case's person
                owners = [None, *context.own.values()]
            hits: dict[tuple[int, int], PackHit] = {}
            for own in owners:
                for hit in check_text(line.text, own, context.names):
                    where = (hit.start, hit.end)
                    hits.setdefault(
                        where, PackHit(page_index, line_index, case_id, line.label, hit)
                    )
            found += sorted(hits.values(), key=lambda h: h.hit.start)
    return found


HITS_TEXT = (
    "Het pakket bevat mogelijk identificerende gegevens: {where}. Haal ze weg uit de "
    "getypte tekst, of laat een teamleider de waarschuwing met een reden overslaan."
)


class PackHasHits(InvalidInput):
    """The privacy guard found something in the typed text of the pack."""

    def __init__(self, pack: Pack, hits: list[PackHit]) -> None:
        self.hits = hits
        where = "; ".join(dict.fromkeys(f"{h.where(pack)} ({h.hit.reason})" for h in hits))
        super().__init__(HITS_TEXT.format(where=where))


def add_disclosures(
    session: Session, made_by: str, pack: Pack, digest: str, protected: bool = False
) -> None:
    """One verstrekkingenlog row per case in the pack: the meeting date printed on it, the
    organisations, what it shared of this case and whether it had a password."""
    made_at = datetime.now(UTC).isoformat(timespec="seconds")
    organisations = json.dumps(list(pack.participants), ensure_ascii=False)
    shared = pack.shared_by_case()
    for case_id in pack.case_ids:
        session.add(
            Disclosure(
                meeting_id=pack.meeting_id,
                case_id=case_id,
                made_at=made_at,
                made_by=made_by,
                organisations=organisations,
                pack_digest=digest,
                pack_date=pack.held_on,
                shared=json.dumps(list(shared.get(case_id, ())), ensure_ascii=False),
                password_protected=protected,
            )
        )


def record_disclosure(register: Register, pack: Pack, digest: str) -> None:
    """One verstrekkingenlog row and one EXPORT access-log entry per case in the pack."""
    with register.session() as session:
        add_disclosures(session, register.user, pack, digest)
        log_export(register, session, pack.case_ids)


def write_pack(
    register: Register,
    pack: Pack,
    path: Path,
    password: str | None = None,
    *,
    guard: GuardContext | None = None,
    override: OverrideReason | None = None,
) -> PackWritten:
    """Render the pack and publish it: its EXPORT entries, the pack with the log's control
    code (the state including those entries) in its footer, written carefully, and its
    disclosure, all in one transaction; a pack whose entries cannot be written is removed
    again. A pack the privacy guard finds something in (`guard`: from
    `casework.pack_guard.guard_context`; the UI and the command line always give it, without
    it only the generic patterns are looked for) is refused (`PackHasHits`) unless a teamleider
    overrides it with a reason, logged per case with the export."""
    from bemoeizorg.exports.pack_pdf import render_pack  # reportlab loads only when needed

    hits = pack_hits(pack, guard or GuardContext())
    if hits and override is None:
        raise PackHasHits(pack, hits)
    overridden: list[int] = []
    if hits and override is not None:
        register.require_teamleider("de privacywaarschuwing overslaan")
        overridden = list(dict.fromkeys(h.case_id for h in hits if h.case_id is not None))

    digests: list[str] = []

    def build(code: str) -> bytes:
        plain = render_pack(pack, control_code=code)
        digests.append(hashlib.sha256(plain).hexdigest())
        return render_pack(pack, password=password, control_code=code) if password else plain

    def record(session: Session) -> None:
        add_disclosures(session, register.user, pack, digests[-1], bool(password))
        for case_id in overridden:  # the reason's fixed text, never what was typed
            detail = OVERRIDE_DETAIL.format(reason=override.value if override else "")
            register.audit(session, Action.CHANGE, case_id, detail=detail)

    code = publish_coded(
        register,
        path,
        build,
        case_ids=pack.case_ids,
        record=record,
    )
    return PackWritten(path, len(pack.case_ids), bool(password), code)
