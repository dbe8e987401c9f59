"""One register: create it, unlock it in one of four ways, use it, lock it.

A `Register` exists only while unlocked: it holds the data key, the connection and the
process lock. `lock()` logs, closes the connection, overwrites the key and releases the
lock; the object is then dead and a new unlock makes a new one.

Users and keys: a teamleider adds and removes users and changes roles (`require_teamleider`,
never leaving the register without a teamleider). Removing a user, forgetting a computer
and, when asked, changing a passphrase give the register a new data key (`rekey`, see
store/rekey.py): an old copy of the key-slot file then opens nothing of today's register.
The live object goes on with the new key.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bemoeizorg.domain.people import Role
from bemoeizorg.store import access_log, rekey
from bemoeizorg.store import sql_functions as _sql_functions  # noqa: F401 (one SQL, two engines)
from bemoeizorg.store.access_log import AccessLog, Action, ChainVerdict, LogDamaged
from bemoeizorg.store.concurrency import CaseChangedMeanwhile
from bemoeizorg.store.engine import integrity_problems, key_fits_no_page, open_engine, vacuum
from bemoeizorg.store.errors import (
    InvalidInput,
    NotAllowed,
    RegisterCorrupt,
    RegisterError,
    RegisterExists,
    RegisterLocked,
    RegisterMismatch,
    WrongPassphrase,
    WrongRecoveryCode,
    from_database_error,
    from_os_error,
)
from bemoeizorg.store.failed_unlocks import (
    CLI_USER,
    UNKNOWN_USER,
    clear_pending,
    log_pending,
    note_failed_unlock,
    read_pending,
)
from bemoeizorg.store.files import private_dir, sweep_temp_files
from bemoeizorg.store.keyslots import (
    KeySlots,
    Slot,
    SlotKind,
    new_data_key,
    new_recovery_code,
    slots_path_for,
)
from bemoeizorg.store.peek import REGISTER_SUFFIX as REGISTER_SUFFIX  # moved: no SQLAlchemy
from bemoeizorg.store.peek import RegisterInfo as RegisterInfo
from bemoeizorg.store.peek import peek as peek
from bemoeizorg.store.process_lock import ProcessLock
from bemoeizorg.store.schema import Meta, User
from bemoeizorg.store.secret_memory import harden_process, scrub, zero

RECOVERY_USER = "herstelcode"
WAY_PASSPHRASE = "met wachtwoordzin"
WAY_DEVICE = "met onthouden computer"
WAY_RECOVERY = "met herstelcode"
_RESERVED_NAMES = frozenset(n.casefold() for n in (UNKNOWN_USER, CLI_USER, RECOVERY_USER))


@dataclass(frozen=True, slots=True)
class UserInfo:
    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class VerifyReport:
    integrity_problems: list[str]
    chain: ChainVerdict

    @property
    def ok(self) -> bool:
        return not self.integrity_problems and self.chain.ok


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput("Vul een naam in.")
    if cleaned.casefold() in _RESERVED_NAMES:
        # The log writes these for failed unlocks; a user by that name would make it ambiguous.
        raise InvalidInput(f"De naam '{cleaned}' gebruikt het programma zelf. Kies een andere.")
    if len(cleaned) > 200:
        raise InvalidInput("Een naam mag hoogstens 200 tekens lang zijn.")
    return cleaned


def _require_strong(passphrase: str, *context: str) -> None:
    # zxcvbn (11 MB of word lists) loads when a passphrase is judged, not at start.
    from bemoeizorg.domain.passphrase_policy import assess

    strength = assess(passphrase, tuple(context))
    if not strength.acceptable:
        raise InvalidInput(strength.reason)


class Register:
    # A team register on a server (store/team_register) says so: no file to unlock again,
    # no recent-files entry, the password instead of a passphrase.
    on_server = False

    def __init__(
        self,
        path: Path,
        slots: KeySlots,
        data_key: bytearray,
        user: str,
        engine: Engine,
        process_lock: ProcessLock,
    ) -> None:
        self.path = path
        self._slots = slots
        self._key: bytearray | None = data_key
        self.user = user
        self._engine: Engine | None = engine
        self._process_lock = process_lock
        self._log_key: bytearray | None = access_log.log_key(data_key)
        self._log = AccessLog(self._log_key, slots.register_id)
        # The back-up description key a rekey stored (store/rekey.py); None: derived from
        # the data key when needed, as before any rekey.
        self._backup_key: bytearray | None = None
        self._mutex = threading.RLock()
        self.backup_before_migration: str | None = None

    # --- creating ------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path, register_name: str, user: str, role: Role, passphrase: str
    ) -> tuple[Register, str]:
        """Make a new empty register; returns it unlocked and its recovery code (once)."""
        harden_process()
        path = Path(path)
        register_name = _clean_name(register_name)
        user = _clean_name(user)
        _require_strong(passphrase, user, register_name)
        slots_path = slots_path_for(path)
        if path.exists() or slots_path.exists():
            raise RegisterExists(path.name)
        if not path.parent.is_dir():
            raise InvalidInput("De gekozen map bestaat niet.")
        lock = ProcessLock(path)
        lock.acquire()
        data_key = new_data_key()
        slots = KeySlots.new()
        recovery_code = new_recovery_code()
        engine: Engine | None = None
        register: Register | None = None
        try:
            slots.add_passphrase(user, passphrase, data_key)
            slots.set_recovery(recovery_code, data_key)
            slots.save(slots_path)
            # Owner-only from the first byte; SQLite gives its journal the same mode.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            lock.acquire()  # the register file exists now: lock it too (process_lock)
            engine = open_engine(path, data_key)
            # Here, not at the top: alembic with mako and pygments is 0.2 s of imports the
            # start screen does not need.
            from bemoeizorg.store import migrate

            migrate.upgrade(engine)
            register = cls(path, slots, data_key, user, engine, lock)
            with register.session() as session:
                session.add_all(
                    [
                        Meta(key="register_id", value=slots.register_id),
                        Meta(key="name", value=register_name),
                        Meta(key="created_at", value=_now()),
                        User(name=user, role=role.value, created_at=_now()),
                    ]
                )
                register._log.start_chain(session)
                register.audit(session, Action.REGISTER_CREATED)
            return register, recovery_code
        except BaseException as exc:
            if engine is not None:
                engine.dispose()
            _forget_keys(register, data_key)
            lock.release()
            for leftover in (path, slots_path):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            if isinstance(exc, OSError):
                raise from_os_error(exc) from None
            if isinstance(exc, SQLAlchemyError):
                raise from_database_error(exc, path.name) from None
            raise

    # --- unlocking -----------------------------------------------------------------------

    @classmethod
    def unlock(cls, path: Path, user: str, passphrase: str) -> Register:
        harden_process()
        path = Path(path)
        peek(path)
        slots = KeySlots.load(slots_path_for(path))
        try:
            slot, key = slots.unwrap_passphrase(user, passphrase)
        except WrongPassphrase:
            # Only a name the register has goes into the note, never whatever was typed.
            known = slots.passphrase_slot(user)
            note_failed_unlock(path, known.user if known else UNKNOWN_USER)
            raise
        return cls._open(path, slots, key, slot.user, way_in=WAY_PASSPHRASE)

    @classmethod
    def unlock_any_user(cls, path: Path, passphrase: str) -> Register:
        """For the command line, which asks no user name: the passphrase says who."""
        harden_process()
        path = Path(path)
        peek(path)
        slots = KeySlots.load(slots_path_for(path))
        try:
            slot, key = slots.unwrap_any_passphrase(passphrase)
        except WrongPassphrase:
            note_failed_unlock(path, CLI_USER)
            raise
        return cls._open(path, slots, key, slot.user, way_in=WAY_PASSPHRASE)

    @classmethod
    def unlock_device(cls, path: Path, slot_id: str, secret: bytes) -> Register:
        harden_process()
        path = Path(path)
        peek(path)
        slots = KeySlots.load(slots_path_for(path))
        slot, key = slots.unwrap_device(slot_id, secret)
        return cls._open(path, slots, key, slot.user, way_in=f"{WAY_DEVICE} {slot.id}")

    @classmethod
    def recover(cls, path: Path, code: str, user: str, new_passphrase: str) -> Register:
        """Regain access with the recovery code: sets a new passphrase for `user`."""
        harden_process()
        path = Path(path)
        peek(path)
        slots_path = slots_path_for(path)
        slots = KeySlots.load(slots_path)
        user = _clean_name(user)
        _require_strong(new_passphrase, user)
        if slots.passphrase_slot(user) is None:
            raise InvalidInput("Deze gebruiker hoort niet bij dit register.")
        try:
            key = slots.unwrap_recovery(code)
        except WrongRecoveryCode:
            note_failed_unlock(path, RECOVERY_USER)
            raise
        register = cls._open(
            path, slots, key, user, action=Action.RECOVERY_USED, way_in=WAY_RECOVERY
        )
        try:
            register._save_passphrase(user, new_passphrase)
            with register.session() as session:
                register.audit(session, Action.PASSPHRASE_CHANGED)
        except BaseException:
            register.lock()
            raise
        return register

    @classmethod
    def _open(
        cls,
        path: Path,
        slots: KeySlots,
        key: bytearray,
        user: str,
        action: Action = Action.UNLOCK,
        way_in: str = "",
    ) -> Register:
        lock = ProcessLock(path)
        lock.acquire()
        # Only after the lock, and only this register's own: another program may be
        # writing one of another register in the same folder.
        sweep_temp_files(path.parent, slots.register_id)
        engine: Engine | None = None
        register: Register | None = None
        try:
            try:
                engine = open_engine(path, key)
            except RegisterCorrupt:
                # A key that fits no page at all: the slot file of another register.
                if key_fits_no_page(path, key):
                    raise RegisterMismatch() from None
                raise
            register = cls(path, slots, key, user, engine, lock)
            with register.session() as session:
                stored_id = session.get(Meta, "register_id")
                if stored_id is None or stored_id.value != slots.register_id:
                    raise RegisterMismatch()
                register._use_stable_keys(*rekey.read_stable_keys(session, key))
            from bemoeizorg.store import migrate  # alembic: only once a register opens

            register.backup_before_migration = migrate.upgrade_if_needed(engine, path)
            pending = read_pending(path)
            with register.session() as session:
                # Without a log head nothing can be logged: the register opens so that
                # `verify` can say so, and every logged action refuses (LogDamaged).
                if logged := register._log.ready(session):
                    created = session.get(Meta, "created_at")
                    users = set(session.scalars(select(User.name))) & set(slots.users())
                    since = created.value if created else None
                    log_pending(session, register._log, pending, users, since)
                    if register.backup_before_migration:
                        register.audit(session, Action.MIGRATED)
                    # Which way in (a remembered computer by its slot id): the log then
                    # shows an unlock through a computer it never saw remembered.
                    register.audit(session, action, detail=way_in)
                # A kill after a rekey's commit left the old pair aside: it goes now.
                rekey.sweep_replaced(path, session)
            if logged:
                clear_pending(path)
            if renewal := slots.take_renewal():
                register._renew_slot(*renewal)
            return register
        except BaseException as exc:
            if engine is not None:
                engine.dispose()
            _forget_keys(register, key)
            lock.release()
            if isinstance(exc, RegisterError):
                raise
            if isinstance(exc, SQLAlchemyError | OSError | MemoryError):
                raise from_database_error(exc, path.name) from None
            raise

    # --- using ---------------------------------------------------------------------------

    def after_bulk_write(self) -> None:
        """After thousands of rows at once (a register brought in): nothing to do for the
        file; a team register's server gathers its planner statistics again."""
        return None

    def watch_changes(self, changed: Callable[[], None]) -> Callable[[], None] | None:
        """Have `changed` called (from a thread of its own) when someone else's change to
        the register commits; returns how to stop. None: no one else writes here (the
        file's process lock); a team register says (store/team_register)."""
        return None

    @property
    def is_unlocked(self) -> bool:
        return self._engine is not None

    @property
    def register_id(self) -> str:
        return self._slots.register_id

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One short transaction: committed on success, rolled back on any error.

        Database errors come out as a RegisterError with a Dutch message.
        """
        with self._mutex:
            if self._engine is None:
                raise RegisterLocked()
            try:
                with Session(self._engine, expire_on_commit=False) as session, session.begin():
                    yield session
            except RegisterError:
                raise
            except StaleDataError:  # store/concurrency: a case changed by another meanwhile
                raise CaseChangedMeanwhile() from None
            except (SQLAlchemyError, OSError, MemoryError) as exc:
                # MemoryError: SQLCipher's SQLITE_NOMEM for a damaged page (see errors.py).
                raise from_database_error(exc, self.path.name) from None

    def audit(
        self, session: Session, action: Action, case_id: int | None = None, detail: str = ""
    ) -> None:
        """The choke point: every logged action of this user goes through here. `detail`
        is a short text of the program's own (what retention removed), never user input."""
        self._log.record(session, self.user, action, case_id, detail=detail)

    def audit_many(self, session: Session, entries: list[tuple[Action, int | None]]) -> None:
        """Many entries of this user at once, each as `audit` writes it (a bulk import's
        one entry per report and per case), in one insert."""
        self._log.record_many(session, self.user, entries)

    def log_event(self, action: Action, case_id: int | None = None) -> None:
        """Log an action that has no data of its own to write (a device setting changed)."""
        with self.session() as session:
            self.audit(session, action, case_id)

    # --- facts ---------------------------------------------------------------------------

    def name(self) -> str:
        with self.session() as session:
            row = session.get(Meta, "name")
            return row.value if row else self.path.stem

    def users(self) -> list[UserInfo]:
        with self.session() as session:
            rows = session.scalars(select(User).order_by(User.name))
            return [UserInfo(u.name, Role(u.role)) for u in rows]

    def role(self) -> Role:
        """The acting user's role, read from the encrypted register (not from the slot
        file or any setting a user could edit)."""
        for info in self.users():
            if info.name.casefold() == self.user.casefold():
                return info.role
        return Role.BEMOEIZORGER

    def require_teamleider(self, what: str) -> None:
        """Refuse (NotAllowed) unless the acting user is a teamleider. `what` completes
        "Alleen een teamleider mag ...", e.g. "gebruikers toevoegen"."""
        if self.role() is not Role.TEAMLEIDER:
            raise NotAllowed(what)

    def info(self) -> RegisterInfo:
        return peek(self.path)

    # --- keys ----------------------------------------------------------------------------

    def _require_key(self) -> bytearray:
        if self._key is None:
            raise RegisterLocked()
        return self._key

    def open_copy(self, path: Path) -> Engine:
        """An engine on a copy of this register's database (a back-up being made or read),
        opened with this register's key: the key itself never leaves the register.
        The caller disposes of the engine."""
        return open_engine(path, self._require_key())

    def backup_mac(self, data: bytes) -> str:
        """A MAC of a back-up's description, so that the back-up is recognised as this
        register's. Its key is derived from the data key under a label of its own (the key
        goes to OpenSSL's HMAC as it is, without a Python copy) and is not kept; after a
        rekey it is the one derived from the first data key, stored in the register."""
        if self._backup_key is not None:
            return hmac.new(self._backup_key, data, "sha256").hexdigest()
        derived = hmac.digest(self._require_key(), b"bemoeizorg-backup-info", "sha256")
        try:
            return hmac.new(derived, data, "sha256").hexdigest()
        finally:
            scrub(derived)  # not left behind in freed memory

    def _current_backup_key(self) -> bytearray:
        """The back-up description key in a bytearray the caller zeroes."""
        if self._backup_key is not None:
            return bytearray(self._backup_key)
        derived = hmac.digest(self._require_key(), b"bemoeizorg-backup-info", "sha256")
        try:
            return bytearray(derived)
        finally:
            scrub(derived)

    def _use_stable_keys(self, log_key: bytearray | None, backup_key: bytearray | None) -> None:
        """From a rekey on, the log and back-up keys are the stored ones (store/rekey.py)."""
        if log_key is None or backup_key is None:
            zero(log_key)
            zero(backup_key)
            return
        zero(self._log_key)
        zero(self._backup_key)
        self._log_key, self._backup_key = log_key, backup_key
        self._log = AccessLog(log_key, self._slots.register_id)

    def _renew_slot(self, old: Slot, kek: bytes) -> None:
        """Make the v1 slot just opened a v2 slot (store/keyslots.py), in the slot file as
        it is now under the lock. Best effort: the unlock has succeeded; a slot file that
        cannot be written now is renewed at a later unlock."""
        with contextlib.suppress(RegisterError, OSError):
            current = KeySlots.load(slots_path_for(self.path))
            if current.register_id == self._slots.register_id and current.renew(
                old, kek, self._require_key()
            ):
                current.save(slots_path_for(self.path))
                self._slots = current

    def _save_slots(self) -> None:
        try:
            self._slots.save(slots_path_for(self.path))
        except OSError as exc:
            # Keep memory in step with the file that is still on disk.
            self._slots = KeySlots.load(slots_path_for(self.path))
            raise from_os_error(exc) from None

    def _save_passphrase(self, user: str, passphrase: str) -> None:
        self._slots.add_passphrase(user, passphrase, self._require_key())
        self._save_slots()

    def change_passphrase(self, old: str, new: str, *, rekey: bool = False) -> None:
        """Rewrites this user's slot only; the database is not touched but for the log.

        With `rekey` the register also gets a new data key, so that an old copy of the
        slot file (with the old passphrase) no longer opens it."""
        try:
            self._slots.unwrap_passphrase(self.user, old)
        except WrongPassphrase:
            raise WrongPassphrase() from None
        self._slots.take_renewal()  # a v1 slot is replaced below anyway
        if old == new:
            raise InvalidInput("De nieuwe wachtwoordzin is dezelfde als de oude.")
        _require_strong(new, self.user)
        if rekey:
            slots = self._slots.copy()
            slots.add_passphrase(self.user, new, self._require_key())
            self._rekey(slots, lambda session: self.audit(session, Action.PASSPHRASE_CHANGED))
            return
        self._save_passphrase(self.user, new)
        with self.session() as session:
            self.audit(session, Action.PASSPHRASE_CHANGED)

    def add_user(self, name: str, role: Role, passphrase: str) -> None:
        self.require_teamleider("gebruikers toevoegen")
        name = _clean_name(name)
        if self._slots.passphrase_slot(name) is not None or name.casefold() == RECOVERY_USER:
            raise InvalidInput(f"Er is al een gebruiker met de naam '{name}'.")
        _require_strong(passphrase, name)
        with self.session() as session:
            if session.scalar(select(User).where(User.name == name)) is None:
                session.add(User(name=name, role=role.value, created_at=_now()))
            self.audit(session, Action.USER_ADDED)
            # The slot is written inside the transaction: if it fails, the user row goes too.
            self._save_passphrase(name, passphrase)

    def new_recovery_code(self) -> str:
        self.require_teamleider("een nieuwe herstelcode maken")
        code = new_recovery_code()
        self._slots.set_recovery(code, self._require_key())
        self._save_slots()
        with self.session() as session:
            self.audit(session, Action.SETTINGS)
        return code

    def add_device_slot(self, secret: bytes) -> Slot:
        slot = self._slots.add_device(self.user, secret, self._require_key())
        self._save_slots()
        with self.session() as session:
            self.audit(session, Action.DEVICE_REMEMBERED, detail=f"{WAY_DEVICE} {slot.id}")
        return slot

    def remove_device_slot(self, slot_id: str) -> None:
        """Forget a remembered computer: its slot goes and the register gets a new data
        key, so the keyring secret with an old copy of the slot file opens nothing."""
        slot = self._slots.slot(slot_id)
        if slot is None or slot.kind is not SlotKind.DEVICE:
            return
        if " ".join(slot.user.split()).casefold() != " ".join(self.user.split()).casefold():
            self.require_teamleider("de onthouden computer van een ander vergeten")
        slots = self._slots.copy()
        slots.remove(slot_id)
        self._rekey(slots, lambda session: self.audit(session, Action.DEVICE_FORGOTTEN))

    def remove_user(self, name: str) -> None:
        """Teamleider only; not oneself, not the last teamleider. The user's passphrase
        slot and device slots go, the user row goes (log entries keep the name as text),
        and the register gets a new data key: a copy of the old slot file (a back-up's,
        say) with the removed user's passphrase opens nothing of today's register."""
        self.require_teamleider("gebruikers verwijderen")
        wanted = " ".join(name.split()).casefold()
        if wanted == " ".join(self.user.split()).casefold():
            raise InvalidInput(
                "U kunt uzelf niet verwijderen. Laat een andere teamleider dat doen."
            )
        with self.session() as session:
            row = _user_row(session, name)
            if row is None and self._slots.passphrase_slot(name) is None:
                raise InvalidInput("Deze gebruiker hoort niet bij dit register.")
            if row is not None and row.role == Role.TEAMLEIDER.value:
                keep_a_teamleider(session, row, "verwijderd")
        slots = self._slots.copy()
        gone = slots.remove_user(name)
        removed = row.name if row is not None else (gone[0].user if gone else name)

        def change(session: Session) -> None:
            row = _user_row(session, name)
            if row is not None:
                session.delete(row)
            # Which user: a name the teamleider gave when adding (a colleague's, never a
            # client's), so the privacy officer can see who lost access and when.
            self.audit(session, Action.USER_REMOVED, detail=removed)

        self._rekey(slots, change)

    def set_role(self, name: str, role: Role) -> None:
        """Teamleider only; the register always keeps a teamleider. Logged."""
        self.require_teamleider("rollen wijzigen")
        with self.session() as session:
            row = _user_row(session, name)
            if row is None:
                raise InvalidInput("Deze gebruiker hoort niet bij dit register.")
            if row.role == role.value:
                return
            if row.role == Role.TEAMLEIDER.value:
                keep_a_teamleider(session, row, "bemoeizorger")
            row.role = role.value
            self._role_changed(session, row.name, role)
            self.audit(session, Action.ROLE_CHANGED, detail=f"{row.name}: {role.label.lower()}")

    def _role_changed(self, session: Session, name: str, role: Role) -> None:
        """In the same transaction as the user's row: what else follows a role (nothing in
        the file; a team register's server group)."""
        return None

    def rekey(self) -> None:
        """A new random data key for the register (any unlocked user): the database
        re-encrypted and every slot rewrapped, committed with one rename (a kill at any
        moment leaves the old key or the new one working), and the old database and slot
        file deleted. The live object goes on with the new key. See store/rekey.py."""
        self._rekey(self._slots.copy(), None)

    def _rekey(self, slots: KeySlots, change: Callable[[Session], None] | None) -> None:
        """Give the register a new data key with `slots` (this register's, changed) as its
        new slot file, and `change` (log entries, a user row removed) written in the new
        database with it: all of it is committed together, or none of it."""
        with self._mutex:
            old_key = self._require_key()
            if self._engine is None:
                raise RegisterLocked()
            new_key = new_data_key()
            new_slots: bytes = b""
            try:
                rekeyed = slots.rekeyed(old_key, new_key)
                new_slots = rekeyed.dumps()
                self._write_rekeyed(old_key, new_key, new_slots, change)
            except BaseException as exc:
                if new_slots and rekey.committed(self.path, new_slots):
                    # The new key is in place (or will be, at the next opening) but this
                    # object cannot tell its database is whole: it stops here.
                    self.lock(log=False)
                    zero(new_key)
                    raise RegisterError(
                        "Het register heeft een nieuwe sleutel gekregen, maar het afronden "
                        "lukte niet. Open het register opnieuw."
                    ) from None
                zero(new_key)
                if isinstance(exc, OSError):
                    raise from_os_error(exc) from None
                if isinstance(exc, SQLAlchemyError | MemoryError):
                    raise from_database_error(exc, self.path.name) from None
                raise
            self._switch_to(new_key, rekeyed)

    def _write_rekeyed(
        self,
        old_key: bytearray,
        new_key: bytearray,
        new_slots: bytes,
        change: Callable[[Session], None] | None,
    ) -> None:
        backup_key = self._current_backup_key()
        log_key = self._log_key
        assert log_key is not None
        try:
            with private_dir(self.path.parent, self.register_id) as work:
                engine = rekey.prepare(self.path, work, old_key, new_key, self.register_id)
                try:
                    with Session(engine, expire_on_commit=False) as session, session.begin():
                        if not self._log.ready(session):
                            raise LogDamaged()
                        rekey.write_stable_keys(session, new_key, log_key, backup_key)
                        rekey.record_replaced(session, rekey.slot_file_hash(self.path))
                        if change is not None:
                            change(session)
                        self.audit(session, Action.REKEYED)
                finally:
                    engine.dispose()
                rekey._reached("prepared")
                rekey.commit(self.path, self.register_id, work / rekey.COPY_FILE, new_slots)
        finally:
            zero(backup_key)

    def _switch_to(self, new_key: bytearray, slots: KeySlots) -> None:
        """After the commit: the live object on the new database with the new key."""
        old_engine, self._engine = self._engine, None
        if old_engine is not None:
            old_engine.dispose()
        old_key = self._key
        try:
            self._engine = open_engine(self.path, new_key)
        except BaseException:
            zero(new_key)
            self.lock(log=False)
            raise
        self._key = new_key
        zero(old_key)
        self._slots = slots
        with self.session() as session:
            self._use_stable_keys(*rekey.read_stable_keys(session, new_key))
            rekey.sweep_replaced(self.path, session)
        _relock_register_file(self._process_lock)

    # --- checking ------------------------------------------------------------------------

    def verify(self) -> VerifyReport:
        with self._mutex:
            if self._engine is None:
                raise RegisterLocked()
            try:
                problems = integrity_problems(self._engine)
            except (SQLAlchemyError, MemoryError):
                problems = ["de database kan niet volledig worden gelezen"]
        if problems:
            return VerifyReport(problems, ChainVerdict(False, 0, "niet gecontroleerd", ""))
        with self.session() as session:
            verdict = self._log.verify(session)
        return VerifyReport([], verdict)

    def vacuum(self) -> None:
        """Give freed pages back to the disk (after deleting for good)."""
        with self._mutex:
            if self._engine is None:
                raise RegisterLocked()
            vacuum(self._engine)

    def record_verification(self) -> None:
        with self.session() as session:
            self.audit(session, Action.VERIFIED)

    @property
    def access_log(self) -> AccessLog:
        return self._log

    # --- locking -------------------------------------------------------------------------

    def lock(self, *, log: bool = True) -> None:
        """Close the connection, overwrite the key, release the register. Idempotent."""
        with self._mutex:
            if self._engine is None:
                return
            if log:
                with contextlib.suppress(RegisterError):
                    with self.session() as session:
                        self.audit(session, Action.LOCK)
            engine, self._engine = self._engine, None
            engine.dispose()
            _forget_keys(self, self._key)
            self._process_lock.release()

    close = lock


def _relock_register_file(lock: ProcessLock) -> None:
    """A rekey put a new register file at the path; the process lock's second lock (on the
    register file itself, POSIX) moves to it: `acquire` while held takes just that one."""
    lock._release_register_file()
    lock.acquire()


def _user_row(session: Session, name: str) -> User | None:
    wanted = " ".join(name.split()).casefold()
    for row in session.scalars(select(User)):
        if " ".join(row.name.split()).casefold() == wanted:
            return row
    return None


def keep_a_teamleider(session: Session, leaving: User, becomes: str) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.TEAMLEIDER.value, User.id != leaving.id)
    )
    if not others:
        raise InvalidInput(
            f"{leaving.name} is de enige teamleider en kan niet {becomes} worden: maak eerst "
            "iemand anders teamleider."
        )


def _forget_keys(register: Register | None, data_key: bytearray | None) -> None:
    """Overwrite the data key and the log key in place (no copy of either was made), so
    that nothing of them is left in memory once the register is locked or failed to open."""
    zero(data_key)
    if register is not None:
        zero(register._key)
        zero(register._log_key)
        zero(register._backup_key)
        register._key = register._log_key = register._backup_key = None
        register._log = AccessLog(b"", register._slots.register_id)
