"""The access log (NEN 7513): the one place that writes it, and its check.

Every read or write of a case, every unlock, failed unlock, settings change and export
passes through `record()` inside the same transaction as the work itself, so the work
and its entry land together or not at all. Entries hold no names of clients and no
free text: who (the worker), when, what, which case id, which program and machine, and
at most a short detail the program writes itself (never text a user typed).

What is authenticated with the log key, and why:
- every entry, over its content and the previous entry's MAC (the chain);
- the head row (where the chain starts and ends), over its fields and the register id, so
  that cutting entries off either end and rewriting the head to match does not pass
  `verify` without the key.
A chain that does not start at entry 1 is sound only when retention cut it there: an entry
in the (verified) chain must be the removal record retention writes with the cut
(`RemovedStart.detail`: Action.DELETE, "logboekregels A t/m B verwijderd (N): geschreven
vóór D, bewaartermijn Y jaar") with B the entry just before today's start and N = B-A+1,
and the ages must fit: D at least ACCESS_LOG_YEARS years (less a day, for the time zone)
before the record's own time, the first entry kept written on or after D - 1 day (the
removed ones were written before D, the kept start not), and the register made (its
`created_at`) before D + 1 day (no entry is older than the register). Without such a record
`verify` and `check_code` say that the start was removed without a bewaartermijn record;
and `remove_start` removes nothing more from such a log (it would hide the cut). Someone
with the log key can still write such a record; it then stands in the log for everyone to
read: `verify` names the last removal (which entries, when, by whom), and `check_code`
says when entries were removed after the code was printed.

Entries written before migration 0006 carry a MAC without the detail ("v1"); every entry
written since carries the newer MAC ("v2"). A head from before 0006 has no MAC of its own:
it is sealed once, at the first unlock after the migration, and only while the whole chain
is still made of v1 entries that agree with it (see `ready`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple, Protocol, TypeVar

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from bemoeizorg import __version__
from bemoeizorg.domain.formats import date_text, stored_moment_text
from bemoeizorg.domain.retention import ACCESS_LOG_YEARS, years_before
from bemoeizorg.store.engine import insert_rows
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.schema import AccessLogEntry, AccessLogHead, Case, Meta

DETAIL_CHARS = 200
# Meta key of the state the chain was last checked sound up to (`AccessLog.mark_checked`).
CHECKED_ANCHOR = "log_checked_to"
# The head's MAC column when the head is known not to be sound: never a valid MAC, so the
# log keeps saying so after later entries (the program never seals a head it did not see
# sound; only the key could).
UNSOUND = ""
MISSING_HEAD = (
    "Logboek beschadigd: de kop van het logboek (waar de keten begint en eindigt) ontbreekt. "
    "Zet de nieuwste goede back-up terug."
)
UNSOUND_HEAD = (
    "De kop van het logboek klopt niet: er zijn regels aan het begin of eind weggehaald, of "
    "begin en einde van de keten zijn gewijzigd."
)


class LogDamaged(RegisterError):
    """The log cannot be written (its head is gone): nothing that needs an entry can be done."""

    def __init__(self) -> None:
        super().__init__(
            "Het logboek van dit register is beschadigd: er kan niets worden vastgelegd, dus "
            "dit kan nu niet. Controleer het register en zet zo nodig een back-up terug."
        )


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
    RESTORED = "back-up teruggezet"
    USER_REMOVED = "gebruiker verwijderd"
    ROLE_CHANGED = "rol gewijzigd"
    REKEYED = "sleutel vervangen"

    @property
    def label(self) -> str:
        return self.value.capitalize()


PROGRAM = f"Bemoeizorg Register {__version__}"


def machine_name() -> str:
    return socket.gethostname()[:100]


def log_key(data_key: bytearray) -> bytearray:
    """A key for the chain MACs, separate from the database key. Derived straight into a
    bytearray (no bytes copy of either key), which the register zeroes when it locks."""
    key = bytearray(32)
    HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"bemoeizorg-access-log"
    ).derive_into(data_key, key)
    return key


def genesis_mac(key: bytes | bytearray, register_id: str) -> str:
    return hmac.new(key, f"genesis:{register_id}".encode(), hashlib.sha256).hexdigest()


class _EntryFields(Protocol):
    """What a MAC covers: an `AccessLogEntry` or a plain row of its columns (`_Entry`; the
    checks read plain rows, which cost a fraction of ORM objects at 30,000 entries)."""

    @property
    def id(self) -> int: ...
    @property
    def at(self) -> str: ...
    @property
    def user_name(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def case_id(self) -> int | None: ...
    @property
    def program(self) -> str: ...
    @property
    def machine(self) -> str: ...
    @property
    def detail(self) -> str: ...
    @property
    def mac(self) -> str: ...


class _Entry(NamedTuple):
    """An entry as a plain row, in the order of `_ENTRY_SQL`."""

    id: int
    at: str
    user_name: str
    action: str
    case_id: int | None
    program: str
    machine: str
    detail: str
    mac: str


_ENTRY_COLUMNS = (
    AccessLogEntry.id,
    AccessLogEntry.at,
    AccessLogEntry.user_name,
    AccessLogEntry.action,
    AccessLogEntry.case_id,
    AccessLogEntry.program,
    AccessLogEntry.machine,
    AccessLogEntry.detail,
    AccessLogEntry.mac,
)


def _plain_entries(session: Session, from_id: int = 0) -> Iterator[_Entry]:
    """The entries (from `from_id` on) in order, as plain tuples straight from the
    database connection: no ORM objects, no SQLAlchemy rows (a chain of 30,000 entries is
    checked in every back-up)."""
    stmt = select(*_ENTRY_COLUMNS).where(AccessLogEntry.id >= from_id).order_by(AccessLogEntry.id)
    connection = session.connection()
    sql = str(stmt.compile(connection, compile_kwargs={"literal_binds": True}))
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(4096):
            yield from map(_Entry._make, rows)
    finally:
        cursor.close()


def _v1_sound(key: bytes | bytearray, prev_mac: str, entry: _EntryFields) -> bool:
    """An entry from before migration 0006: its MAC does not cover a detail, so it has none."""
    return entry.detail == "" and hmac.compare_digest(
        entry.mac, _entry_mac_v1(key, prev_mac, entry)
    )


def _entry_mac_v1(key: bytes | bytearray, prev_mac: str, entry: _EntryFields) -> str:
    """The MAC of entries written before migration 0006 (they have no detail)."""
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


def _entry_mac(key: bytes | bytearray, prev_mac: str, entry: _EntryFields) -> str:
    return _mac_v2(
        key,
        prev_mac,
        entry.id,
        entry.at,
        entry.user_name,
        entry.action,
        entry.case_id,
        entry.program,
        entry.machine,
        entry.detail,
    )


def _mac_v2(
    key: bytes | bytearray,
    prev_mac: str,
    entry_id: int,
    at: str,
    user: str,
    action: str,
    case_id: int | None,
    program: str,
    machine: str,
    detail: str,
) -> str:
    content = _JSON.encode(
        ["v2", entry_id, at, user, action, case_id, program, machine, detail, prev_mac]
    )
    return hmac.digest(key, content.encode("utf-8"), "sha256").hex()


# The text every MAC covers, as json.dumps(..., ensure_ascii=False, separators=(",", ":"))
# writes it: one encoder for all (json.dumps makes a new one per call with these options,
# a third of the time of a chain check).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _head_mac(key: bytes | bytearray, register_id: str, head: AccessLogHead) -> str:
    content = json.dumps(
        ["head", register_id, head.first_id, head.first_prev_mac, head.last_id, head.last_mac],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hmac.new(key, content.encode("utf-8"), hashlib.sha256).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class RemovedStart:
    """Entries removed from the start of the chain (retention): how many, which ids."""

    count: int
    first_id: int
    last_id: int

    def detail(self, before: date, years: int = ACCESS_LOG_YEARS) -> str:
        """The removal record's detail (casework/retention.py writes it with the cut, in
        the same transaction): `verify` reads it back (`_REMOVAL`) to accept the cut."""
        return (
            f"logboekregels {self.first_id} t/m {self.last_id} verwijderd ({self.count}): "
            f"geschreven vóór {date_text(before)}, bewaartermijn {years} jaar"
        )


_REMOVAL = re.compile(
    r"logboekregels (?P<first>\d{1,12}) t/m (?P<last>\d{1,12}) verwijderd "
    r"\((?P<count>\d{1,12})\): geschreven vóór (?P<d>\d{2})-(?P<m>\d{2})-(?P<y>\d{4}), "
    r"bewaartermijn (?P<years>\d{1,3}) jaar"
)
# A day either way between the local date retention reckons in and the UTC times stored.
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class StartCheck:
    """Whether the chain's start is entry 1 or a cut retention recorded (see the module)."""

    problem: str | None = None
    record: AccessLogEntry | None = None  # the removal record that accounts for the start
    removed: RemovedStart | None = None

    def text(self) -> str:
        """The removal in a sentence (empty when the log starts at entry 1)."""
        if self.record is None or self.removed is None:
            return ""
        return (
            f"Regels {self.removed.first_id} t/m {self.removed.last_id} zijn volgens de "
            f"bewaartermijn verwijderd (regel {self.record.id}, "
            f"{stored_moment_text(self.record.at)}, {self.record.user_name})."
        )


def _parse_removal(entry: AccessLogEntry) -> tuple[RemovedStart, date] | None:
    match = _REMOVAL.match(entry.detail or "")
    if match is None:
        return None
    try:
        before = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    removed = RemovedStart(int(match["count"]), int(match["first"]), int(match["last"]))
    return removed, before


def _written_on(at: str) -> date | None:
    try:
        return datetime.fromisoformat(at).date()
    except ValueError:
        return None


class AccessLog:
    """Writes and checks the chain; one instance per unlocked register."""

    def __init__(self, key: bytes | bytearray, register_id: str) -> None:
        self._key = key
        self._register_id = register_id
        # The head as this log last sealed it, fields and MAC: a head equal to it is sound
        # without computing its MAC again (a bulk import writes thousands of entries).
        self._sealed: tuple[int, str, int, str, str | None] | None = None

    def start_chain(self, session: Session) -> None:
        genesis = genesis_mac(self._key, self._register_id)
        head = AccessLogHead(id=1, first_id=1, first_prev_mac=genesis, last_id=0, last_mac=genesis)
        head.mac = _head_mac(self._key, self._register_id, head)
        session.add(head)
        session.flush()

    @staticmethod
    def _state(head: AccessLogHead) -> tuple[int, str, int, str, str | None]:
        return (head.first_id, head.first_prev_mac, head.last_id, head.last_mac, head.mac)

    def _sound(self, head: AccessLogHead) -> bool:
        if self._sealed is not None and self._state(head) == self._sealed:
            return True
        return head.mac is not None and hmac.compare_digest(
            head.mac, _head_mac(self._key, self._register_id, head)
        )

    def _reseal(self, head: AccessLogHead, was_sound: bool) -> None:
        head.mac = _head_mac(self._key, self._register_id, head) if was_sound else UNSOUND
        if was_sound:
            self._sealed = self._state(head)

    def ready(self, session: Session) -> bool:
        """At unlock, before anything is logged: can the log be written at all?

        False when the head row is gone: there is no end of the chain to extend (and
        guessing one from the entries would hide what was cut off), so nothing is logged
        and every logged action refuses with `LogDamaged`; `verify` says what is wrong.

        A head without a MAC comes from a register made before migration 0006, when the
        head was not authenticated at all; it is sealed here, once. That adds no trust that
        was not there: whatever the head said before, it said unauthenticated, and from
        now on it cannot change without the key. It is sealed only while every entry still
        carries the old (v1) MAC, the chain agrees with the head and is not empty: every
        entry written since 0006 is v2, so blanking the MAC of a newer register's head does
        not get a cut-off chain sealed (its head stays unsound, and `verify` says so).
        """
        head = session.get(AccessLogHead, 1)
        if head is None:
            return False
        if head.mac is None:
            problem, count = self._walk(session, head, legacy=True)
            if problem is None and count > 0:
                head.mac = _head_mac(self._key, self._register_id, head)
            else:
                head.mac = UNSOUND
            session.flush()
        return True

    def record(
        self,
        session: Session,
        user: str,
        action: Action,
        case_id: int | None = None,
        *,
        detail: str = "",
        at: str | None = None,
    ) -> AccessLogEntry:
        """Append one entry, written now; `detail` is a short text of the program's own.

        The program always writes the time of writing: nothing read from outside the
        register sets `at` (tests that need an old entry pass one)."""
        head = session.get(AccessLogHead, 1)
        if head is None:
            raise LogDamaged()
        sound = self._sound(head)
        entry = AccessLogEntry(
            id=head.last_id + 1,
            at=at or _now(),
            user_name=user,
            action=action.value,
            case_id=case_id,
            program=PROGRAM,
            machine=machine_name(),
            detail=detail[:DETAIL_CHARS],
        )
        entry.mac = _entry_mac(self._key, head.last_mac, entry)
        session.add(entry)
        head.last_id = entry.id
        head.last_mac = entry.mac
        self._reseal(head, sound)
        session.flush()
        return entry

    def record_many(
        self, session: Session, user: str, entries: Sequence[tuple[Action, int | None]]
    ) -> None:
        """Append many entries at once, each as `record` would write it (no detail): one
        insert and one head update for a bulk write of thousands (import, demo), in the
        caller's transaction."""
        if not entries:
            return
        head = session.get(AccessLogHead, 1)
        if head is None:
            raise LogDamaged()
        sound = self._sound(head)
        program, machine = PROGRAM, machine_name()
        prev, entry_id = head.last_mac, head.last_id
        rows: list[dict[str, object]] = []
        for action, case_id in entries:
            entry_id += 1
            at = _now()
            prev = _mac_v2(
                self._key, prev, entry_id, at, user, action.value, case_id, program, machine, ""
            )
            rows.append(
                {
                    "id": entry_id,
                    "at": at,
                    "user_name": user,
                    "action": action.value,
                    "case_id": case_id,
                    "program": program,
                    "machine": machine,
                    "detail": "",
                    "mac": prev,
                }
            )
        insert_rows(session.connection(), AccessLogEntry, rows)  # no ORM objects
        head.last_id = entry_id
        head.last_mac = prev
        self._reseal(head, sound)
        session.flush()

    def _first_young(self, session: Session, before: str) -> int | None:
        return session.scalar(
            select(func.min(AccessLogEntry.id)).where(AccessLogEntry.at >= before)
        )

    def old_start(self, session: Session, before: str) -> int:
        """How many entries at the start of the chain were written before `before` (an ISO
        date or time): the entries up to, not including, the first one written since. An
        old date further on (a clock that was wrong once) removes nothing after it."""
        head = session.get(AccessLogHead, 1)
        if head is None or not self._sound(head) or self.check_start(session, head).problem:
            return 0
        stmt = select(func.count()).select_from(AccessLogEntry)
        if (first_young := self._first_young(session, before)) is not None:
            stmt = stmt.where(AccessLogEntry.id < first_young)
        return int(session.scalar(stmt) or 0)

    def remove_start(self, session: Session, before: str) -> RemovedStart | None:
        """Remove the old start of the chain (see `old_start`) and move the chain's start,
        under the head's MAC, to the first entry kept. Nothing is removed when the head is
        not sound or the entries to remove do not verify: a damaged log is kept whole for
        whoever has to find out what happened; so is a log whose start was cut without a
        record (a new cut and its record would hide it). The caller writes the removal
        record (`RemovedStart.detail`) in the same transaction: without it, `verify`
        calls the cut unrecorded."""
        head = session.get(AccessLogHead, 1)
        if head is None or not self._sound(head) or self.check_start(session, head).problem:
            return None
        stmt = select(*_ENTRY_COLUMNS).order_by(AccessLogEntry.id)
        if (first_young := self._first_young(session, before)) is not None:
            stmt = stmt.where(AccessLogEntry.id < first_young)
        prev = head.first_prev_mac
        expected = head.first_id
        entries: Iterator[_EntryFields] = iter(session.execute(stmt))
        for entry in entries:
            if entry.id != expected or not self._mac_ok(entry, prev):
                return None
            prev = entry.mac
            expected += 1
        if expected == head.first_id:
            return None
        first, last = head.first_id, expected - 1
        session.execute(delete(AccessLogEntry).where(AccessLogEntry.id <= last))
        head.first_id = last + 1
        head.first_prev_mac = prev
        self._reseal(head, True)
        session.flush()
        return RemovedStart(last - first + 1, first, last)

    def check_start(self, session: Session, head: AccessLogHead) -> StartCheck:
        """Is the chain's start entry 1, or a cut that retention recorded (see the module
        docstring for the rule)? The entries are not verified here: call it on a chain
        that `_walk` found sound, so the record found is one the key wrote."""
        if head.first_id <= 1:
            return StartCheck()
        records = session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.id >= head.first_id)
            .where(AccessLogEntry.action == Action.DELETE.value)
            .where(AccessLogEntry.detail.like("logboekregels %"))
            .order_by(AccessLogEntry.id.desc())
        )
        for record in records:
            parsed = _parse_removal(record)
            if parsed is None:
                continue
            removed, before = parsed
            if removed.last_id != head.first_id - 1:
                continue  # an earlier cut's record, since cut further
            first = session.get(AccessLogEntry, head.first_id)
            written = _written_on(record.at)
            kept_from = _written_on(first.at) if first is not None else None
            made = session.get(Meta, "created_at")
            created = _written_on(made.value) if made is not None else None
            fits = (
                removed.count == removed.last_id - removed.first_id + 1
                and removed.first_id >= 1
                and written is not None
                and before <= years_before(written, ACCESS_LOG_YEARS) + _DAY
                and kept_from is not None
                and kept_from >= before - _DAY
                # Entries written before D exist only in a register made before D.
                and (created is None or created < before + _DAY)
            )
            if not fits:
                return StartCheck(
                    f"Het begin van het logboek is weggehaald buiten de bewaartermijn: volgens "
                    f"regel {record.id} zijn regels {removed.first_id} t/m {removed.last_id} "
                    f"verwijderd als geschreven vóór {date_text(before)}, maar dat past niet "
                    f"bij een bewaartermijn van {ACCESS_LOG_YEARS} jaar (de regel zelf of de "
                    "eerste bewaarde regel is daarvoor te jong of te oud).",
                    record,
                    removed,
                )
            return StartCheck(None, record, removed)
        return StartCheck(
            f"Het begin van het logboek is weggehaald zonder regel van de bewaartermijn: het "
            f"logboek begint bij regel {head.first_id}, maar geen regel legt vast dat de "
            "regels daarvoor volgens de bewaartermijn zijn verwijderd."
        )

    def _mac_ok(self, entry: _EntryFields, prev: str) -> bool:
        return hmac.compare_digest(entry.mac, _entry_mac(self._key, prev, entry)) or _v1_sound(
            self._key, prev, entry
        )

    def _walk(
        self, session: Session, head: AccessLogHead, *, legacy: bool
    ) -> tuple[str | None, int]:
        """Follow the chain from the head's start to its end: the first problem, and how
        many entries were sound. `legacy`: only v1 entries count as sound."""
        prev = head.first_prev_mac
        if head.first_id == 1 and prev != genesis_mac(self._key, self._register_id):
            return "Het begin van het logboek is gewijzigd.", 0
        expected_id = head.first_id
        count = 0
        v1_allowed = True
        for entry in _plain_entries(session):
            if entry.id != expected_id:
                return f"Regel {expected_id} ontbreekt of staat verkeerd.", count
            if legacy:
                sound = _v1_sound(self._key, prev, entry)
            elif hmac.compare_digest(entry.mac, _mac_v2(self._key, prev, *entry[:8])):
                sound, v1_allowed = True, False  # once v2, always v2
            else:
                sound = v1_allowed and _v1_sound(self._key, prev, entry)
            if not sound:
                return f"Regel {entry.id} is gewijzigd of verplaatst.", count
            prev = entry.mac
            expected_id += 1
            count += 1
        if expected_id - 1 != head.last_id or prev != head.last_mac:
            return "De laatste regels van het logboek ontbreken.", count
        return None, count

    def control_code(self, session: Session) -> str:
        """The log's state now, as a short printable code (see `format_code`): print it on
        whatever leaves the laptop, and `check_code` later tells whether the log still
        holds that state and has only grown since."""
        head = session.get(AccessLogHead, 1)
        if head is None:
            raise LogDamaged()
        return format_code(head.last_id, head.last_mac)

    def check_code(self, session: Session, code: str) -> CodeVerdict:
        """Does today's log still contain the state `code` described, grown only by
        appending? The entry the code names must still be there with that MAC, every
        entry from it to today's end must verify, and the head must be the program's.
        When it does not and a restore replaced a register with that state, say so."""
        verdict = self._check_code(session, code)
        parsed = parse_code(code)
        if verdict.ok or parsed is None:
            return verdict
        number, _mac = parsed
        shown = format_code(*parsed)
        restores = session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.action == Action.RESTORED.value)
            .order_by(AccessLogEntry.id.desc())
        )
        for restored in restores:
            state = _RESTORED_STATE.search(restored.detail or "")
            if state is None:
                continue
            replaced_code, replaced_last = state["code"], int(state["id"])
            when = stored_moment_text(restored.at)
            if replaced_code == shown:
                return CodeVerdict(
                    False,
                    f"{verdict.message} Het logboek bevat die stand niet: volgens regel "
                    f"{restored.id} ({when}) is toen een back-up teruggezet in de plaats van "
                    "het register met deze stand. Wat tussen die back-up en deze stand is "
                    "vastgelegd, staat niet in dit logboek; het vervangen register is opzij "
                    "gezet en bevat het nog.",
                )
            # The back-up's own log ended before the restore's entries (a MIGRATED one
            # may come first); a code after that and up to the replaced register's last
            # entry was printed by the replaced register, on the chain the restore cut.
            end = restored.id - 1
            before = session.get(AccessLogEntry, end)
            if before is not None and before.action == Action.MIGRATED.value:
                end -= 1
            if end < number <= replaced_last:
                return CodeVerdict(
                    False,
                    f"{verdict.message} Deze code is waarschijnlijk gemaakt in het register dat "
                    f"bij het terugzetten is vervangen: volgens regel {restored.id} ({when}) is "
                    f"de back-up teruggezet; die eindigde bij regel {end}, het vervangen "
                    f"register stond op regel {replaced_last} (controlecode {replaced_code}). "
                    "Wat na de back-up is vastgelegd, staat niet in dit logboek; het vervangen "
                    "register is opzij gezet en kan deze code nog bevestigen.",
                )
        return verdict

    def _check_code(self, session: Session, code: str) -> CodeVerdict:
        parsed = parse_code(code)
        if parsed is None:
            return CodeVerdict(
                False,
                f"'{code.strip()[:40]}' is geen controlecode: een controlecode ziet eruit als "
                f"{format_code(1234, 'ab12cd34ef56ab12cd34')}.",
            )
        number, mac = parsed
        head = session.get(AccessLogHead, 1)
        if head is None:
            return CodeVerdict(False, MISSING_HEAD)
        if not self._sound(head):
            return CodeVerdict(False, f"Controlecode niet bevestigd. {UNSOUND_HEAD}")
        cut = self.check_start(session, head)
        if cut.problem is not None:
            return CodeVerdict(False, f"Controlecode niet bevestigd. {cut.problem}")
        shown = format_code(number, mac)
        if number > head.last_id:
            return CodeVerdict(
                False,
                f"Controlecode {shown} klopt NIET: het logboek eindigt nu bij regel "
                f"{head.last_id}, vóór regel {number}. Er zijn regels weggehaald, of de code "
                "hoort bij een ander register.",
            )
        if number < head.first_id:
            if number == head.first_id - 1 and number > 0:
                # The entry itself went by retention, but the chain still starts on its MAC.
                anchored = hmac.compare_digest(head.first_prev_mac[:CODE_HEX], mac)
            else:
                anchored = (
                    number == 0
                    and head.first_id == 1
                    and hmac.compare_digest(
                        genesis_mac(self._key, self._register_id)[:CODE_HEX], mac
                    )
                )
            if not anchored:
                return CodeVerdict(
                    False,
                    f"Controlecode {shown} kan niet meer worden nagegaan: regel {number} is "
                    "volgens de bewaartermijn uit het logboek verwijderd (het logboek begint nu "
                    f"bij regel {head.first_id}). Een oudere back-up kan dit nog bevestigen.",
                )
            prev, start = head.first_prev_mac, head.first_id
        else:
            entry = session.get(AccessLogEntry, number)
            if entry is None:
                return CodeVerdict(
                    False,
                    f"Controlecode {shown} klopt NIET: regel {number} ontbreekt in het logboek.",
                )
            prev = entry.mac
            if not hmac.compare_digest(prev[:CODE_HEX], mac):
                return CodeVerdict(
                    False,
                    f"Controlecode {shown} klopt NIET: regel {number} is niet meer dezelfde als "
                    "toen de code werd gemaakt. Het logboek is herschreven, of de code hoort "
                    "bij een ander register.",
                )
            if number == head.first_id:
                entry_prev: str | None = head.first_prev_mac
            else:
                before = session.get(AccessLogEntry, number - 1)
                entry_prev = before.mac if before is not None else None
            if entry_prev is None or not self._mac_ok(entry, entry_prev):
                return CodeVerdict(
                    False, f"Controlecode {shown} klopt NIET: regel {number} is gewijzigd."
                )
            start = number + 1
        expected = start
        for row in _plain_entries(session, start):
            if row.id != expected or not self._mac_ok(row, prev):
                return CodeVerdict(
                    False,
                    f"Controlecode {shown} klopt NIET: na de code is regel {expected} gewijzigd "
                    "of weggehaald.",
                )
            prev = row.mac
            expected += 1
        if expected - 1 != head.last_id or prev != head.last_mac:
            return CodeVerdict(
                False,
                f"Controlecode {shown} klopt NIET: de laatste regels van het logboek ontbreken.",
            )
        added = head.last_id - max(number, 0)
        since = ""
        if cut.record is not None and cut.record.id > number:
            since = f" Daarna: {cut.text()}"
        return CodeVerdict(
            True,
            f"Controlecode {shown} klopt: het logboek bevat die stand nog en is daarna alleen "
            f"aangevuld ({added} {'regel' if added == 1 else 'regels'} erbij).{since}",
        )

    def _anchor_mac(self, code: str) -> str:
        content = json.dumps(["checked", self._register_id, code], separators=(",", ":"))
        return hmac.new(self._key, content.encode("utf-8"), hashlib.sha256).hexdigest()

    def mark_checked(self, session: Session, verdict: ChainVerdict) -> None:
        """Remember, under the log key, that the chain up to `verdict` was found sound: the
        next `verify_since` starts there. (A row under the log key: only the key moves it.)"""
        if not verdict.ok:
            return
        value = f"{verdict.code} {self._anchor_mac(verdict.code)}"
        row = session.get(Meta, CHECKED_ANCHOR)
        if row is None:
            session.add(Meta(key=CHECKED_ANCHOR, value=value))
        else:
            row.value = value
        session.flush()

    def _checked_anchor(self, session: Session) -> str | None:
        row = session.get(Meta, CHECKED_ANCHOR)
        code, _, mac = (row.value if row is not None else "").partition(" ")
        if not code or not hmac.compare_digest(mac, self._anchor_mac(code)):
            return None
        return code

    def verify_since(self, session: Session) -> ChainVerdict:
        """The chain since the state an earlier `verify` found sound (`mark_checked`), with
        that state's control code as the anchor, as `check_code` checks a printed one: the
        anchor entry must still carry its MAC, and every entry after it must verify. No
        anchor, or one that no longer holds: the whole chain, so a problem is always
        named by `verify`."""
        code = self._checked_anchor(session)
        head = session.get(AccessLogHead, 1)
        if code is None or head is None or not self._check_code(session, code).ok:
            return self.verify(session)
        start = self.check_start(session, head)
        entries = int(session.scalar(select(func.count()).select_from(AccessLogEntry)) or 0)
        return ChainVerdict(True, entries, None, head.last_mac, head.last_id, start.text())

    def verify(self, session: Session) -> ChainVerdict:
        head = session.get(AccessLogHead, 1)
        if head is None:
            return ChainVerdict(False, 0, MISSING_HEAD, "")
        problem, count = self._walk(session, head, legacy=False)
        if problem is not None:
            return ChainVerdict(False, count, problem, head.last_mac, head.last_id)
        if not self._sound(head):
            # The entries agree with the head, but the head itself was not written by the
            # program: entries cut off at an end, and the head rewritten to match.
            return ChainVerdict(False, count, UNSOUND_HEAD, head.last_mac, head.last_id)
        start = self.check_start(session, head)
        if start.problem is not None:
            return ChainVerdict(False, count, start.problem, head.last_mac, head.last_id)
        return ChainVerdict(True, count, None, head.last_mac, head.last_id, start.text())


# The replaced register's state in a restore entry (store/backup.py `Replaced.text`).
_RESTORED_STATE = re.compile(
    r"vervangen register: controlecode (?P<code>(?P<id>\d{1,12})(?:-[0-9a-f]{5}){4}), "
)

# A control code: the last entry's number and the first 80 bits of its MAC, in groups of
# five hex digits ("1234-ab12c-d34ef-56a1b-2c3d4"). 80 bits cannot be guessed or made
# without the log key; the number says where in the chain to look.
CODE_HEX = 20
_CODE_GROUP = 5
_CODE = re.compile(rf"(?P<id>\d{{1,12}})-(?P<mac>[0-9a-f]{{{CODE_HEX}}})")


def format_code(last_id: int, last_mac: str) -> str:
    mac = last_mac[:CODE_HEX]
    groups = [mac[i : i + _CODE_GROUP] for i in range(0, CODE_HEX, _CODE_GROUP)]
    return "-".join([str(last_id), *groups])


def code_line(code: str) -> str:
    """How a control code is printed on whatever leaves the laptop."""
    return f"Controlecode logboek: {code}"


def parse_code(text: str) -> tuple[int, str] | None:
    """A control code as typed or copied: spaces, case and the dashes between the groups
    do not matter. None when it is not a control code at all."""
    cleaned = "-".join(text.split()).lower()
    number, _, rest = cleaned.partition("-")
    match = _CODE.fullmatch(f"{number}-{rest.replace('-', '')}")
    if match is None:
        return None
    return int(match["id"]), match["mac"]


@dataclass(frozen=True, slots=True)
class CodeVerdict:
    """Whether today's log still holds the state an earlier control code described."""

    ok: bool
    message: str


@dataclass(frozen=True, slots=True)
class ChainVerdict:
    ok: bool
    entries: int
    problem: str | None
    head: str  # the last MAC
    last_id: int = 0  # the last entry's number: with `head`, the control code
    removed: str = ""  # the retention cut that accounts for the start, in a sentence

    @property
    def code(self) -> str:
        """The control code of the state checked (see `format_code`)."""
        return format_code(self.last_id, self.head)

    @property
    def summary(self) -> str:
        if self.ok and self.removed:
            return (
                f"Het logboek is in orde: {self.entries} regels, niets gewijzigd en niets "
                f"verwijderd buiten de bewaartermijn. {self.removed} {code_line(self.code)}."
            )
        if self.ok:
            return (
                f"Het logboek is in orde: {self.entries} regels, niets gewijzigd of verwijderd. "
                f"{code_line(self.code)}."
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


DELETED_CASE = "(casus verwijderd)"


@dataclass(frozen=True, slots=True)
class LogFilter:
    user: str | None = None
    actions: Sequence[Action] = ()
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    case_number: str | None = None  # the number users see ("2025-0012"), not the id
    limit: int = 5000


def _numbered() -> Select[AccessLogEntry, str | None]:
    """Entries with their case's number: the one way the log is read with case numbers."""
    return select(AccessLogEntry, Case.number).outerjoin(Case, Case.id == AccessLogEntry.case_id)


def case_text(case_id: int | None, number: str | None) -> str:
    """A case as the log shows it: its number, empty for none, or that it was deleted."""
    return number or (DELETED_CASE if case_id is not None else "")


def query_numbered(session: Session, flt: LogFilter) -> list[tuple[AccessLogEntry, str]]:
    """The entries `flt` selects, newest first, each with its case as `case_text` shows it."""
    stmt = _numbered()
    if flt.user:
        stmt = stmt.where(AccessLogEntry.user_name == flt.user)
    if flt.actions:
        stmt = stmt.where(AccessLogEntry.action.in_([a.value for a in flt.actions]))
    if flt.since:
        stmt = stmt.where(AccessLogEntry.at >= flt.since)
    if flt.until:
        # `at` is an ISO timestamp: everything on the until-day sorts below its next char.
        stmt = stmt.where(AccessLogEntry.at < flt.until + "\uffff")
    if flt.case_number is not None and flt.case_number.strip():
        stmt = stmt.where(func.upper(Case.number) == flt.case_number.strip().upper())
    stmt = stmt.order_by(AccessLogEntry.id.desc()).limit(flt.limit)
    return [(entry, case_text(entry.case_id, number)) for entry, number in session.execute(stmt)]


def query(session: Session, flt: LogFilter) -> list[AccessLogEntry]:
    return [entry for entry, _case in query_numbered(session, flt)]


def users_in_log(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(AccessLogEntry.user_name).distinct().order_by(AccessLogEntry.user_name)
        )
    )


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AccessLogEntry)) or 0)


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One entry as the privacy officer reviews it: no names of clients, no case text; the
    case by its number (empty for entries without a case, or a case deleted since), and
    the program's own short detail (which back-up was restored, who was removed, which
    log entries went by retention)."""

    number: int
    at: str
    user: str
    action: str
    case_number: str
    detail: str = ""


def review_rows(session: Session, since: str | None, until: str | None) -> list[ReviewRow]:
    """Every entry written between `since` and `until` (ISO moments, inclusive), oldest
    first, with its case number."""
    stmt = _numbered()
    if since:
        stmt = stmt.where(AccessLogEntry.at >= since)
    if until:
        stmt = stmt.where(AccessLogEntry.at <= until)
    rows = session.execute(stmt.order_by(AccessLogEntry.id))
    return [
        ReviewRow(
            entry.id,
            entry.at,
            entry.user_name,
            entry.action,
            case_text(entry.case_id, number),
            entry.detail or "",
        )
        for entry, number in rows
    ]
