"""A team register on PostgreSQL as a `Register` (issue 17): the casework runs on it unchanged.

`open_team_register(url, user, password)` is the one way in (the CLI, and the GUI's
"Teamregister openen…"). What the casework uses is the same as on the local register:
`session()` (one short transaction, Dutch errors), `audit()` (here through the server's
`bz_log` function: the server writes the time, the database role and the chain),
`user` and `role()` (from the register's user table; the login role is the user's name),
`require_teamleider`, `name()`, `users()`, `verify()`, `lock()`.

What belongs to the encrypted file only (key slots, passphrases, remembered computers,
rekeying, file back-ups) is refused with a Dutch sentence that says where it is done for a
team register: users through `bemoeizorg team`, back-ups by the server's administrator.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from sqlalchemy import Connection, Engine, event, func, select, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bemoeizorg.domain.people import Role
from bemoeizorg.store.access_log import (
    MISSING_HEAD,
    PROGRAM,
    AccessLog,
    Action,
    ChainVerdict,
    CodeVerdict,
    format_code,
    machine_name,
    parse_code,
)
from bemoeizorg.store.concurrency import CaseChangedMeanwhile
from bemoeizorg.store.errors import (
    ProgramError,
    RegisterError,
    RegisterLocked,
)
from bemoeizorg.store.keyslots import Slot
from bemoeizorg.store.register import (
    Register,
    RegisterInfo,
    UserInfo,
    VerifyReport,
    keep_a_teamleider,
)
from bemoeizorg.store.schema import (
    AccessLogEntry,
    AccessLogHead,
    Case,
    Meta,
    User,
    number_key,
)
from bemoeizorg.store.server import (
    READ_WINDOW_SECONDS,
    ServerError,
    ServerUnreachable,
    display_address,
    open_server_engine,
)

WAY_SERVER = "teamregister"
SEPARATOR = "\x1f"  # chr(31), as bz_log_hash joins the fields


class NotForTeamRegister(ServerError):
    def __init__(self, what: str, where: str) -> None:
        super().__init__(f"{what} kan niet bij een teamregister. {where}")


class NotATeamRegister(ServerError):
    def __init__(self) -> None:
        super().__init__(
            "Deze database is (nog) geen teamregister. De teamleider richt hem in met "
            "'bemoeizorg team init'."
        )


class TeamRegisterOutdated(ServerError):
    def __init__(self) -> None:
        super().__init__(
            "Het teamregister heeft een andere versie dan dit programma. Vraag de teamleider "
            "'bemoeizorg team init' opnieuw te draaien met deze versie van het programma."
        )


class NotAUser(ServerError):
    def __init__(self) -> None:
        super().__init__(
            "Deze databasegebruiker is geen gebruiker van het teamregister. Vraag uw teamleider."
        )


class SavedAtOnce(ServerError):
    def __init__(self) -> None:
        super().__init__(
            "Een collega sloeg op hetzelfde moment iets op. Er is niets gewijzigd; probeer het "
            "opnieuw."
        )


class ConnectionLost(ServerUnreachable):
    """The server went away while the register was open (a restart, the network): the
    pool connects again by itself at the next try (pre-ping)."""

    def __init__(self) -> None:
        RegisterError.__init__(
            self,
            "De verbinding met de server van het teamregister is weggevallen. Er is niets "
            "opgeslagen; wat u typte staat nog in het venster. Probeer het opnieuw zodra de "
            "server weer bereikbaar is: het programma maakt dan zelf weer verbinding.",
        )


class ServerNotAllowed(RegisterError):
    def __init__(self) -> None:
        super().__init__(
            "De server van het teamregister staat dit deze gebruiker niet toe. Er is niets "
            "gewijzigd."
        )


def server_error(exc: BaseException) -> RegisterError:
    """A Dutch error for what the server or the connection said; its text is never shown."""
    if isinstance(exc, RegisterError):
        return exc
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, psycopg.errors.InsufficientPrivilege):
        return ServerNotAllowed()
    if isinstance(orig, psycopg.errors.SerializationFailure | psycopg.errors.DeadlockDetected):
        return SavedAtOnce()
    if isinstance(orig, psycopg.errors.UniqueViolation):
        # Two workers took the same next number (a case number) at the same moment.
        return SavedAtOnce()
    if isinstance(orig, psycopg.errors.LockNotAvailable):
        return SavedAtOnce()
    if isinstance(orig, psycopg.OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    ):
        return ServerUnreachable()
    return ProgramError()


CASE_NUMBER_LOCK = (7513, 2)  # bz_log's chain uses (7513, 1)


@event.listens_for(Case, "before_insert")
def _case_number_once(_mapper: object, connection: Connection, case: Case) -> None:
    """On a team register two workers may take the same next case number at the same
    moment (casework/intake reads the year's highest): a new case takes a lock held to the
    end of its transaction, and a number taken meanwhile by a colleague's committed case
    becomes the year's next free one. After store/schema's own listener (number_key)."""
    if connection.dialect.name != "postgresql":
        return
    connection.execute(select(func.pg_advisory_xact_lock(*CASE_NUMBER_LOCK)))
    if connection.scalar(select(Case.id).where(Case.number == case.number)) is None:
        return
    year = case.number.partition("-")[0]
    last = connection.scalar(select(func.max(Case.number_key)).where(Case.number.like(f"{year}-%")))
    case.number = f"{year}-{int(last or 0) % 10_000_000 + 1:04d}"
    case.number_key = number_key(case.number)


CHANGES_CHANNEL = "bz_changes"  # server_sql/guards.sql, bz_log
WATCH_RETRY_SECONDS = 5.0
_LOGGED = "bz_logged"  # in Connection.info: this transaction wrote an entry
_MAY_READ_UNTIL = "bz_may_read_until"  # in Connection.info: time.monotonic() of the grant's end
READ_FIRST = "lezen"  # the detail of the entry committed before reading (see below)


def _entry_before_reading(engine: Engine) -> Callable[[Action, str], None]:
    """The server answers a connection's reads of case data only within READ_WINDOW_SECONDS
    after the connection committed a log entry (server_sql/guards.sql). Every logged action
    of the program renews that; a transaction that begins on a connection whose last entry
    is older than half the window first commits an entry of its own: VIEW, no case, detail
    "lezen" (at most one a minute while a worker is busy). The casework's own entry (which
    case, what) follows in the transaction as always.

    Returns `enter(action, detail)`: commits that entry now as `action` (the unlock)."""
    renew = READ_WINDOW_SECONDS / 2
    first: list[tuple[Action, str]] = []

    def begin(conn: Connection) -> None:
        conn.info.pop(_LOGGED, None)
        if not first and conn.info.get(_MAY_READ_UNTIL, 0.0) > time.monotonic():
            return
        action, detail = first.pop() if first else (Action.VIEW, READ_FIRST)
        raw = conn.connection.dbapi_connection
        assert raw is not None
        # Before SQLAlchemy's transaction sends anything: its own, committed at once.
        cursor = raw.cursor()
        try:
            cursor.execute(
                "SELECT bz_log(%s, NULL, %s, %s, %s)",
                (action.value, PROGRAM, machine_name(), detail),
            )
        finally:
            cursor.close()
        raw.commit()
        conn.info[_MAY_READ_UNTIL] = time.monotonic() + renew

    def before(
        conn: Connection,
        _cursor: object,
        statement: str,
        _parameters: object,
        _context: object,
        _executemany: bool,
    ) -> None:
        if "bz_log(" in statement:
            conn.info[_LOGGED] = True

    def commit(conn: Connection) -> None:
        if conn.info.pop(_LOGGED, None):
            conn.info[_MAY_READ_UNTIL] = time.monotonic() + renew

    def rollback(conn: Connection) -> None:
        conn.info.pop(_LOGGED, None)

    def enter(action: Action, detail: str) -> None:
        first.append((action, detail))
        with engine.begin():
            pass  # `begin` commits the entry

    event.listen(engine, "begin", begin)
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", commit)
    event.listen(engine, "rollback", rollback)
    return enter


def _psycopg(session: Session) -> psycopg.Connection[tuple[object, ...]]:
    """The session's own psycopg connection: server functions in its transaction."""
    raw = session.connection().connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    return raw


def _entry_hash(prev: str, entry: AccessLogEntry) -> str:
    """The server's bz_log_hash, computed here to check the chain without a round trip each."""
    fields = (
        prev,
        str(entry.id),
        entry.at,
        entry.user_name,
        entry.action,
        "" if entry.case_id is None else str(entry.case_id),
        entry.program,
        entry.machine,
        entry.detail or "",
    )
    return hashlib.sha256(SEPARATOR.join(fields).encode()).hexdigest()


class ServerAccessLog(AccessLog):
    """The access log of a team register: written only by the server's `bz_log` (the login
    roles cannot write the table), a plain SHA-256 chain the server keeps under a lock.

    The chain has no key: what protects it is that no role can change the table (privileges
    and a trigger, see server_sql/guards.sql); the chain shows whether rows were changed by
    someone who got around that (a superuser, a restored dump)."""

    def __init__(self, register_id: str) -> None:
        super().__init__(b"", register_id)

    def start_chain(self, session: Session) -> None:
        return None  # bz_log starts it at the first entry

    def ready(self, session: Session) -> bool:
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
        # `user` and `at` are the server's (session_user, its clock), never the program's.
        entry_id = session.scalar(
            select(func.bz_log(action.value, case_id, PROGRAM, machine_name(), detail[:200]))
        )
        entry = session.get(AccessLogEntry, entry_id)
        assert entry is not None
        return entry

    def record_many(
        self, session: Session, user: str, entries: Sequence[tuple[Action, int | None]]
    ) -> None:
        """Many entries in one statement (a bulk import's thousands), in order."""
        if not entries:
            return
        session.execute(
            text(
                "SELECT bz_log(a, c, :program, :machine, '') FROM unnest("
                "CAST(:actions AS text[]), CAST(:cases AS integer[])) WITH ORDINALITY "
                "AS t(a, c, n) ORDER BY n"
            ),
            {
                "program": PROGRAM,
                "machine": machine_name(),
                "actions": [a.value for a, _ in entries],
                "cases": [c for _, c in entries],
            },
        )

    def check_code(self, session: Session, code: str) -> CodeVerdict:
        """Does today's log still hold the state `code` described, grown only since?"""
        parsed = parse_code(code)
        if parsed is None:
            return CodeVerdict(
                False,
                f"'{code.strip()[:40]}' is geen controlecode: een controlecode ziet eruit als "
                f"{format_code(1234, 'ab12cd34ef56ab12cd34')}.",
            )
        number, mac = parsed
        shown = format_code(number, mac)
        chain = self.verify(session)
        if not chain.ok:
            return CodeVerdict(False, f"Controlecode niet bevestigd. {chain.problem}")
        entry = session.get(AccessLogEntry, number)
        if entry is None or not entry.mac.startswith(mac):
            return CodeVerdict(
                False,
                f"Controlecode {shown} klopt NIET: het logboek bevat die stand niet. De code "
                "hoort bij een ander register, of het logboek is gewijzigd.",
            )
        added = chain.last_id - number
        return CodeVerdict(
            True,
            f"Controlecode {shown} klopt: het logboek bevat die stand nog en is daarna alleen "
            f"aangevuld ({added} {'regel' if added == 1 else 'regels'} erbij).",
        )

    def verify(self, session: Session) -> ChainVerdict:
        head = session.get(AccessLogHead, 1)
        if head is None:
            if session.scalar(select(func.count()).select_from(AccessLogEntry)):
                return ChainVerdict(False, 0, MISSING_HEAD, "")
            return ChainVerdict(True, 0, None, "", 0)
        prev, expected, count = head.first_prev_mac, head.first_id, 0
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        for entry in rows:
            if entry.id != expected:
                return ChainVerdict(
                    False, count, f"Regel {expected} ontbreekt of staat verkeerd.", head.last_mac
                )
            if entry.mac != _entry_hash(prev, entry):
                return ChainVerdict(
                    False, count, f"Regel {entry.id} is gewijzigd of verplaatst.", head.last_mac
                )
            prev, expected, count = entry.mac, expected + 1, count + 1
        if expected - 1 != head.last_id or prev != head.last_mac:
            return ChainVerdict(
                False, count, "De laatste regels van het logboek ontbreken.", head.last_mac
            )
        return ChainVerdict(True, count, None, head.last_mac, head.last_id)


class TeamRegister(Register):
    """A `Register` on a team register's server. No key, slot file or process lock: the
    server authenticates the user and enforces what each role may do."""

    on_server = True

    def __init__(self, url: str, engine: Engine, user: str, register_id: str) -> None:
        # Not Register.__init__: that one is about a key and a file.
        database = urlsplit(url).path.lstrip("/") or "teamregister"
        self.path = Path(database)  # .name / .stem: in messages, as a file's name is
        self.address = display_address(url)
        self.user = user
        self._engine = engine
        self._register_id = register_id
        self._key = None
        self._log_key = None
        self._backup_key = None
        self._log = ServerAccessLog(register_id)
        self._mutex = threading.RLock()
        # The backends of this program's own connections: their changes are known here.
        self._own_backends: set[int] = set()

        def checked_out(
            dbapi_connection: psycopg.Connection[tuple[object, ...]], *_record: object
        ) -> None:
            self._own_backends.add(dbapi_connection.info.backend_pid)

        event.listen(engine, "checkout", checked_out)
        self.backup_before_migration = None

    @property
    def register_id(self) -> str:
        return self._register_id

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        with self._mutex:
            if self._engine is None:
                raise RegisterLocked()
            try:
                with Session(self._engine, expire_on_commit=False) as session, session.begin():
                    yield session
            except ServerUnreachable:  # no new connection (the pool's creator)
                raise ConnectionLost() from None
            except RegisterError:
                raise
            except StaleDataError:  # store/concurrency: a case changed by another meanwhile
                raise CaseChangedMeanwhile() from None
            except (SQLAlchemyError, psycopg.Error) as exc:
                error = server_error(exc)
                if isinstance(error, ServerUnreachable):
                    error = ConnectionLost()
                raise error from None

    def name(self) -> str:
        with self.session() as session:
            row = session.get(Meta, "name")
            return row.value if row else self.path.name

    def role(self) -> Role:
        # The user's row by its exact name: the login role is the name, case and all.
        with self.session() as session:
            value = session.scalar(select(User.role).where(User.name == self.user))
        return Role(value) if value else Role.BEMOEIZORGER

    def info(self) -> RegisterInfo:
        return RegisterInfo(path=self.path, users=[], has_recovery=False, device_slots={})

    def after_bulk_write(self) -> None:
        """ANALYZE: without fresh statistics the planner reads every case for a page of
        them until autovacuum comes by. The owner's right; for anyone else the server
        skips it with a warning, and autovacuum does it later."""
        with self.session() as session:
            session.execute(text("ANALYZE"))

    def server_tls(self) -> bool:
        """Whether this register's connection runs over TLS (for its settings page)."""
        with self.session() as session:
            return bool(
                session.scalar(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
            )

    # --- what the encrypted file has and a team register has not ----------------------------

    def _require_key(self) -> bytearray:
        raise NotForTeamRegister(
            "Dit", "Back-ups van een teamregister maakt de beheerder van de server."
        )

    def open_copy(self, path: Path) -> Engine:
        self._require_key()
        raise AssertionError  # pragma: no cover

    def backup_mac(self, data: bytes) -> str:
        self._require_key()
        raise AssertionError  # pragma: no cover

    # --- users: login roles on the server, in the same screens as for a file -------------

    def users(self) -> list[UserInfo]:
        """Who can log in: a removed user's row stays (their log entries name them), their
        login role can no longer log in."""
        with self.session() as session:
            rows = session.execute(
                text(
                    'SELECT u.name, u.role FROM "user" u JOIN pg_roles r ON r.rolname = u.name '
                    "WHERE r.rolcanlogin ORDER BY u.name"
                )
            )
            return [UserInfo(name, Role(role)) for name, role in rows]

    def add_user(self, name: str, role: Role, passphrase: str) -> None:
        """A login role with this password in the role's group (server_setup.create_login)."""
        from bemoeizorg.store import server_setup  # alembic with it: only when used

        self.require_teamleider("gebruikers toevoegen")
        with self.session() as session:
            server_setup.create_login(_psycopg(session), name, role, passphrase)
            self.audit(session, Action.USER_ADDED)

    def remove_user(self, name: str) -> None:
        """The login role can no longer log in; no key to renew (the server checks)."""
        from bemoeizorg.store import server_setup

        self.require_teamleider("gebruikers verwijderen")
        with self.session() as session:
            row = session.scalar(select(User).where(User.name == name))
            if row is not None and row.role == Role.TEAMLEIDER.value:
                keep_a_teamleider(session, row, "verwijderd")
            server_setup.disable_login(_psycopg(session), name)
            self.audit(session, Action.USER_REMOVED, detail=name)

    def _role_changed(self, session: Session, name: str, role: Role) -> None:
        """The login role into the group of its new role on the server."""
        from bemoeizorg.store import server_setup

        server_setup.move_to_group(_psycopg(session), name, role)

    def change_passphrase(self, old: str, new: str, *, rekey: bool = False) -> None:
        raise NotForTeamRegister(
            "Een wachtwoordzin wijzigen",
            "Het wachtwoord van een teamregister wijzigt de beheerder van de server.",
        )

    def new_recovery_code(self) -> str:
        raise NotForTeamRegister("Een herstelcode", "De server beheert de toegang.")

    def add_device_slot(self, secret: bytes) -> Slot:
        raise NotForTeamRegister(
            "Deze computer onthouden", "Het wachtwoord kan in de sleutelbos van het systeem."
        )

    def remove_device_slot(self, slot_id: str) -> None:
        return None  # a team register has no remembered computers of its own

    def rekey(self) -> None:
        raise NotForTeamRegister("Een nieuwe sleutel", "De server versleutelt zijn eigen schijf.")

    def _rekey(self, slots: object, change: Callable[[Session], None] | None) -> None:
        self.rekey()

    def vacuum(self) -> None:
        return None  # the server's autovacuum gives space back

    def verify(self) -> VerifyReport:
        # The pages are the server's duty (checksums, back-ups); the chain is checked here.
        with self.session() as session:
            return VerifyReport([], self._log.verify(session))

    def watch_changes(self, changed: Callable[[], None]) -> Callable[[], None]:
        """Call `changed` (from a thread of its own) when another connection's change to a
        case commits (bz_log's NOTIFY on `bz_changes`); this program's own connections are
        left out. A server that goes away is listened to again once it is back. Returns
        how to stop; stopping takes at most a second."""
        stop = threading.Event()
        engine = self._engine
        assert engine is not None
        own = self._own_backends

        def listen() -> None:
            while not stop.is_set():
                try:
                    raw = engine.raw_connection()
                except Exception:  # the server away (or the register locked): later
                    stop.wait(WATCH_RETRY_SECONDS)
                    continue
                try:
                    conn = raw.driver_connection
                    assert isinstance(conn, psycopg.Connection)
                    conn.rollback()
                    conn.autocommit = True
                    conn.execute(f"LISTEN {CHANGES_CHANNEL}")
                    while not stop.is_set():
                        if any(n.pid not in own for n in conn.notifies(timeout=1.0)):
                            changed()
                except psycopg.Error:
                    stop.wait(WATCH_RETRY_SECONDS)
                finally:
                    raw.invalidate()  # listening, autocommit: never back into the pool

        threading.Thread(target=listen, name="teamregister-wijzigingen", daemon=True).start()
        return stop.set

    def lock(self, *, log: bool = True) -> None:
        with self._mutex:
            if self._engine is None:
                return
            if log:
                with contextlib.suppress(RegisterError):
                    with self.session() as session:
                        self.audit(session, Action.LOCK)
            engine, self._engine = self._engine, None
            engine.dispose()

    close = lock


def open_team_register(
    url: str, user: str | None = None, password: str | None = None
) -> TeamRegister:
    """Open the team register at `url` as `user` (else the URL's, PGUSER or the OS user) with
    `password` (else the URL's, PGPASSWORD or ~/.pgpass): the one way in for the CLI and
    the GUI. Logged as an unlock by the server."""
    engine = open_server_engine(url, user=user, password=password)
    try:
        with engine.connect() as conn:
            present = conn.scalar(text("SELECT to_regclass('public.meta') IS NOT NULL"))
            if not present:
                raise NotATeamRegister()
            from bemoeizorg.store import migrate  # alembic: only once a register opens

            if migrate.current_revision(engine) != migrate.head_revision():
                raise TeamRegisterOutdated()
            login = str(conn.scalar(text("SELECT session_user")))
            register_id = conn.scalar(select(Meta.value).where(Meta.key == "register_id"))
            if register_id is None:
                raise NotATeamRegister()
            if conn.scalar(select(User.id).where(User.name == login)) is None:
                raise NotAUser()
        register = TeamRegister(url, engine, login, register_id)
        # The unlock's entry is the connection's first: it opens the reading too.
        _entry_before_reading(engine)(Action.UNLOCK, WAY_SERVER)
        return register
    except BaseException as exc:
        engine.dispose()
        if isinstance(exc, SQLAlchemyError | psycopg.Error):
            raise server_error(exc) from None
        raise
