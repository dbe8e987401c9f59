"""The access log (NEN 7513): the one place that writes it, and its check.

Every read or write of a case, every unlock, failed unlock, settings change and export
passes through `record()` inside the same transaction as the work itself, so the work
and its entry land together or not at all. Entries hold no names of clients and no
free text: who (the worker), when, what, which case id, which program and machine.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bemoeizorg import __version__
from bemoeizorg.store.schema import AccessLogEntry, AccessLogHead


class Action(StrEnum):
    VIEW = "inzien"
    CREATE = "aanmaken"
    CHANGE = "wijzigen"
    DELETE = "verwijderen"
    EXPORT = "exporteren"
    PRINT = "afdrukken"
    UNLOCK = "ontgrendelen"
    UNLOCK_FAILED = "ontgrendelen mislukt"
    LOCK = "vergrendelen"
    SETTINGS = "instellingen"
    USER_ADDED = "gebruiker toegevoegd"
    PASSPHRASE_CHANGED = "wachtwoordzin gewijzigd"
    RECOVERY_USED = "herstelcode gebruikt"
    DEVICE_REMEMBERED = "apparaat onthouden"
    DEVICE_FORGOTTEN = "apparaat vergeten"
    REGISTER_CREATED = "register aangemaakt"
    MIGRATED = "register bijgewerkt"
    VERIFIED = "register gecontroleerd"

    @property
    def label(self) -> str:
        return self.value.capitalize()


PROGRAM = f"Bemoeizorg Register {__version__}"


def machine_name() -> str:
    return socket.gethostname()[:100]


def log_key(data_key: bytearray) -> bytes:
    """A key for the chain MACs, separate from the database key."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"bemoeizorg-access-log"
    ).derive(bytes(data_key))


def genesis_mac(key: bytes, register_id: str) -> str:
    return hmac.new(key, f"genesis:{register_id}".encode(), hashlib.sha256).hexdigest()


def _entry_mac(key: bytes, prev_mac: str, entry: AccessLogEntry) -> str:
    content = json.dumps(
        [
            entry.id,
            entry.at,
            entry.user_name,
            entry.action,
            entry.case_id,
            entry.program,
            entry.machine,
            prev_mac,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hmac.new(key, content.encode("utf-8"), hashlib.sha256).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class AccessLog:
    """Writes and checks the chain; one instance per unlocked register."""

    def __init__(self, key: bytes, register_id: str) -> None:
        self._key = key
        self._register_id = register_id

    def start_chain(self, session: Session) -> None:
        genesis = genesis_mac(self._key, self._register_id)
        session.add(
            AccessLogHead(id=1, first_id=1, first_prev_mac=genesis, last_id=0, last_mac=genesis)
        )
        session.flush()

    def record(
        self,
        session: Session,
        user: str,
        action: Action,
        case_id: int | None = None,
        at: str | None = None,
    ) -> AccessLogEntry:
        head = session.get(AccessLogHead, 1)
        if head is None:
            raise RuntimeError("access log has no head")
        entry = AccessLogEntry(
            id=head.last_id + 1,
            at=at or _now(),
            user_name=user,
            action=action.value,
            case_id=case_id,
            program=PROGRAM,
            machine=machine_name(),
        )
        entry.mac = _entry_mac(self._key, head.last_mac, entry)
        session.add(entry)
        head.last_id = entry.id
        head.last_mac = entry.mac
        session.flush()
        return entry

    def verify(self, session: Session) -> ChainVerdict:
        head = session.get(AccessLogHead, 1)
        if head is None:
            return ChainVerdict(False, 0, "Het logboek mist zijn begin.", "")
        prev = head.first_prev_mac
        if head.first_id == 1 and prev != genesis_mac(self._key, self._register_id):
            return ChainVerdict(False, 0, "Het begin van het logboek is gewijzigd.", head.last_mac)
        expected_id = head.first_id
        count = 0
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        for entry in rows:
            if entry.id != expected_id:
                return ChainVerdict(
                    False, count, f"Regel {expected_id} ontbreekt of staat verkeerd.", head.last_mac
                )
            if not hmac.compare_digest(entry.mac, _entry_mac(self._key, prev, entry)):
                return ChainVerdict(
                    False, count, f"Regel {entry.id} is gewijzigd of verplaatst.", head.last_mac
                )
            prev = entry.mac
            expected_id += 1
            count += 1
        if expected_id - 1 != head.last_id or prev != head.last_mac:
            return ChainVerdict(
                False, count, "De laatste regels van het logboek ontbreken.", head.last_mac
            )
        return ChainVerdict(True, count, None, head.last_mac)


@dataclass(frozen=True, slots=True)
class ChainVerdict:
    ok: bool
    entries: int
    problem: str | None
    head: str  # the last MAC: print it beside exports and backups as an outside anchor

    @property
    def summary(self) -> str:
        if self.ok:
            return (
                f"Het logboek is in orde: {self.entries} regels, niets gewijzigd of verwijderd. "
                f"Controlecode {self.head[:16]}."
            )
        return f"Het logboek is NIET in orde: {self.problem}"


class _Verdict(Protocol):
    @property
    def ok(self) -> bool: ...


_V = TypeVar("_V", bound=_Verdict, covariant=True)


class _Checkable(Protocol[_V]):
    """The register, as the check sees it (the register module imports this one)."""

    def verify(self) -> _V: ...

    def record_verification(self) -> None: ...


def verify_and_record(register: _Checkable[_V]) -> _V:
    """Check the register and its log; only a sound one gets the "checked" entry, so a
    broken chain is left exactly as it was found."""
    report = register.verify()
    if report.ok:
        register.record_verification()
    return report


@dataclass(frozen=True, slots=True)
class LogFilter:
    user: str | None = None
    actions: Sequence[Action] = ()
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    case_id: int | None = None
    limit: int = 5000


def query(session: Session, flt: LogFilter) -> list[AccessLogEntry]:
    stmt = select(AccessLogEntry)
    if flt.user:
        stmt = stmt.where(AccessLogEntry.user_name == flt.user)
    if flt.actions:
        stmt = stmt.where(AccessLogEntry.action.in_([a.value for a in flt.actions]))
    if flt.since:
        stmt = stmt.where(AccessLogEntry.at >= flt.since)
    if flt.until:
        # `at` is an ISO timestamp: everything on the until-day sorts below its next char.
        stmt = stmt.where(AccessLogEntry.at < flt.until + "\uffff")
    if flt.case_id is not None:
        stmt = stmt.where(AccessLogEntry.case_id == flt.case_id)
    stmt = stmt.order_by(AccessLogEntry.id.desc()).limit(flt.limit)
    return list(session.scalars(stmt))


def users_in_log(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(AccessLogEntry.user_name).distinct().order_by(AccessLogEntry.user_name)
        )
    )


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AccessLogEntry)) or 0)
