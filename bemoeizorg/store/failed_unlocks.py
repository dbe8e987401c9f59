"""Failed unlocks cannot be written into a register that is still locked, so they wait in
a small file beside it and enter the access log at the next successful unlock.

That file is a claim, not a log: anyone who can write in the register's folder can write
it. So it is read as input from a stranger. It is refused unread above `MAX_FILE_BYTES`
(checked before parsing); at most `MAX_RECORDS` claims become entries, the rest only a
count; a user name counts only when it is one of the register's own users (else
`UNKNOWN_USER`); and every entry is written with the time the program writes it. The time
the file claims is kept only as a detail, clamped between the register's creation and now.
What it cannot do: prove that attempts were made, or that none were (a deleted file leaves
no trace; nothing can be written into a locked register).

A growing delay after repeated wrong passphrases (`delay_after`): from the third failed
attempt within `RECENT`, each failure waits 1 s before its error comes back, doubling up
to 30 s, whether it came from the windows, the command line or a program using the store.
It counts the claims in the file and, as a floor, this process's own failures (kept in
memory, so deleting the file does not reset it for the program that is running).
What it protects against: guessing at the program's own unlock screen or in a loop of
commands by someone who cannot (or does not) touch the register's folder. What it does
not: the file is untrusted input, so whoever can write in the folder deletes it (or
back-dates its claims) and each new process starts without a delay; and nobody needs the
program at all to try passphrases against a copied slot file: there only Argon2id's cost
(store/keyslots.py) and a strong passphrase help. It never stops anyone for good: the
rightful user can always try again after the wait.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from bemoeizorg.store.access_log import AccessLog, Action
from bemoeizorg.store.files import write_bytes_atomic

MAX_RECORDS = 100
MAX_FILE_BYTES = 64 * 1024  # 100 records of the longest user name fit four times over
MAX_DROPPED = 10**9
MAX_USER_CHARS = 200
UNKNOWN_USER = "onbekend"
CLI_USER = "(opdrachtregel)"  # the command line asks no name: the passphrase says who
RECOVERY_USER = "herstelcode"
# Who an attempt may be from besides the register's users: the program's own labels.
PROGRAM_USERS = (CLI_USER, RECOVERY_USER)
# The delay: failures within RECENT count; from the FREE_ATTEMPTS + 1st on, each waits
# FIRST_DELAY, doubling, at most MAX_DELAY seconds.
RECENT = timedelta(minutes=15)
FREE_ATTEMPTS = 2
FIRST_DELAY = 1.0
MAX_DELAY = 30.0
WAITING = "Even wachten na meerdere mislukte pogingen…"

# This process's own recent failures per register (times), a floor under the file's count.
_own_failures: dict[str, list[datetime]] = {}
_own_lock = threading.Lock()


def _sleep(seconds: float) -> None:
    """The wait itself; a test replaces it to see the delays without waiting."""
    time.sleep(seconds)


def delay_after(failures: int) -> float:
    """Seconds to wait after the `failures`-th recent failed attempt: none for the first
    FREE_ATTEMPTS, then 1 s, 2 s, 4 s ... at most 30 s."""
    if failures <= FREE_ATTEMPTS:
        return 0.0
    return min(MAX_DELAY, FIRST_DELAY * 2.0 ** min(failures - FREE_ATTEMPTS - 1, 16))


def _recent(times: Iterable[datetime], now: datetime) -> int:
    return sum(1 for at in times if now - RECENT <= at <= now + timedelta(minutes=1))


def recent_failures(register_path: Path, now: datetime | None = None) -> int:
    """How many failed attempts on this register were recent: the file's claims with a
    time in the last RECENT, at least this process's own."""
    now = now or datetime.now(UTC)
    claimed: list[datetime] = []
    for claim in read_pending(register_path).claims:
        with contextlib.suppress(ValueError):
            at = datetime.fromisoformat(claim.at)
            claimed.append(at if at.tzinfo else at.replace(tzinfo=UTC))
    with _own_lock:
        own = list(_own_failures.get(_key(register_path), []))
    return max(_recent(claimed, now), _recent(own, now))


def next_delay(register_path: Path) -> float:
    """The wait a wrong passphrase would cost now (for the unlock screen to say so)."""
    return delay_after(recent_failures(register_path) + 1)


def _key(register_path: Path) -> str:
    return os.path.abspath(register_path)


@dataclass(frozen=True, slots=True)
class Claim:
    user: str
    at: str


@dataclass(slots=True)
class Pending:
    """What the file claims: the kept attempts, how many more were not kept one by one,
    and whether a file was there that could not be read."""

    claims: list[Claim] = field(default_factory=list)
    dropped: int = 0
    unreadable: bool = False

    @property
    def empty(self) -> bool:
        return not (self.claims or self.dropped or self.unreadable)


def pending_path_for(register_path: Path) -> Path:
    return register_path.with_name(register_path.name + ".pogingen")


def note_failed_unlock(register_path: Path, user: str) -> None:
    """Note a failed attempt, then wait as long as `delay_after` says before the caller
    reports the failure (so the next attempt comes that much later too).

    `user`: the slot's own name, a program label, or UNKNOWN_USER (the caller never
    passes a name typed for a user the register does not have)."""
    now = datetime.now(UTC)
    with _own_lock:
        own = _own_failures.setdefault(_key(register_path), [])
        own[:] = [at for at in own if now - RECENT <= at <= now][-MAX_RECORDS:] + [now]
    _record(register_path, user)
    delay = delay_after(recent_failures(register_path, now))
    if delay > 0:
        _sleep(delay)


def _record(register_path: Path, user: str) -> None:
    pending = read_pending(register_path)
    pending.claims.append(Claim(_bounded_user(user), _now()))
    overflow = len(pending.claims) - MAX_RECORDS
    if overflow > 0:
        pending.claims = pending.claims[overflow:]
        pending.dropped = min(pending.dropped + overflow, MAX_DROPPED)
    doc = {
        "attempts": [{"at": c.at, "user": c.user} for c in pending.claims],
        "dropped": pending.dropped,
        "unreadable": pending.unreadable,
    }
    # Losing the note must never stop the user from trying again.
    with contextlib.suppress(OSError):
        write_bytes_atomic(pending_path_for(register_path), json.dumps(doc).encode("utf-8"))


def read_pending(register_path: Path) -> Pending:
    path = pending_path_for(register_path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return Pending()
    except OSError:  # a symlink, no permission, ...
        return Pending(unreadable=True)
    try:
        info = os.fstat(fd)
        # Only a plain file, and a small one: a fifo would block, a big file is no note.
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return Pending(unreadable=True)
        raw = b""
        while len(raw) <= MAX_FILE_BYTES and (chunk := os.read(fd, MAX_FILE_BYTES + 1)):
            raw += chunk
    except OSError:
        return Pending(unreadable=True)
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:  # grew between the check and the read
        return Pending(unreadable=True)
    try:
        return _parse(json.loads(raw.decode("utf-8")))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return Pending(unreadable=True)


def _parse(doc: object) -> Pending:
    if isinstance(doc, list):  # as earlier versions wrote it: a plain list
        doc = {"attempts": doc}
    if not isinstance(doc, dict):
        raise ValueError("no attempts")
    attempts = doc.get("attempts", [])
    if not isinstance(attempts, list):
        raise ValueError("no attempts")
    dropped = doc.get("dropped", 0)
    if not isinstance(dropped, int) or isinstance(dropped, bool) or dropped < 0:
        dropped = 0
    extra = max(0, len(attempts) - MAX_RECORDS)
    claims = [
        Claim(_bounded_user(a.get("user")), str(a.get("at"))[:40] if a.get("at") else "")
        for a in attempts[extra:]
        if isinstance(a, dict)
    ]
    return Pending(
        claims,
        min(dropped + extra, MAX_DROPPED),
        doc.get("unreadable") is True,
    )


def _bounded_user(user: object) -> str:
    if not isinstance(user, str) or len(user) > MAX_USER_CHARS:
        return UNKNOWN_USER
    return user


def clear_pending(register_path: Path) -> None:
    # Already logged; a path that cannot be removed (a planted folder) is logged again as
    # unreadable next time, which is bounded, rather than failing the unlock. An unlock
    # succeeded: the delay starts afresh.
    with _own_lock:
        _own_failures.pop(_key(register_path), None)
    with contextlib.suppress(OSError):
        pending_path_for(register_path).unlink()


def _normalise(name: str) -> str:
    return " ".join(name.split()).casefold()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _clamped(claimed: str, since: datetime | None, now: datetime) -> str | None:
    """The claimed time, moved into [since, now]; None when it is no time at all."""
    try:
        at = datetime.fromisoformat(claimed)
    except ValueError:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    at = min(max(at, since), now) if since is not None else min(at, now)
    return at.astimezone(UTC).isoformat(timespec="seconds")


def log_pending(
    session: Session,
    log: AccessLog,
    pending: Pending,
    users: Iterable[str],
    created_at: str | None,
) -> int:
    """Write the claims into the log as "ontgrendelen mislukt" entries, each with the time
    of writing; returns how many entries were written (at most MAX_RECORDS + 2).

    `users`: the register's own user names; `created_at`: when the register was made (the
    earliest a claimed time may say)."""
    known = {_normalise(u): u for u in users}
    known.update({_normalise(u): u for u in PROGRAM_USERS})
    now = datetime.now(UTC)
    since: datetime | None = None
    if created_at:
        with contextlib.suppress(ValueError):
            since = datetime.fromisoformat(created_at)
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
    written = 0
    for claim in pending.claims[-MAX_RECORDS:]:
        user = known.get(_normalise(claim.user), UNKNOWN_USER)
        claimed = _clamped(claim.at, since, now)
        detail = (
            f"tijdstip volgens pogingenbestand (niet gecontroleerd): {claimed}"
            if claimed
            else "tijdstip onbekend"
        )
        log.record(session, user, Action.UNLOCK_FAILED, detail=detail)
        written += 1
    if pending.dropped:
        log.record(
            session,
            UNKNOWN_USER,
            Action.UNLOCK_FAILED,
            detail=(
                f"nog {min(pending.dropped, MAX_DROPPED)} mislukte pogingen volgens het "
                "pogingenbestand, niet afzonderlijk bewaard"
            ),
        )
        written += 1
    if pending.unreadable:
        log.record(
            session,
            UNKNOWN_USER,
            Action.UNLOCK_FAILED,
            detail="pogingenbestand te groot of onleesbaar: niet gelezen",
        )
        written += 1
    return written
