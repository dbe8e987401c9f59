"""Setting up a team register on PostgreSQL (issue 17): schema, roles, the server's guards.

`init_team_register` runs as the team lead's database role (CREATEROLE, owner of an empty
database the server's administrator made): the alembic migrations, then server_sql/guards.sql
(group roles, privileges, the append-only log and its writer `bz_log`, row-level security on
the reporter). Login roles carry the user's name exactly, so `session_user` is the user.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from importlib.resources import files

import psycopg
from psycopg import sql
from sqlalchemy import Connection, text

from bemoeizorg.domain.people import Role
from bemoeizorg.store import migrate
from bemoeizorg.store.access_log import PROGRAM, Action, machine_name
from bemoeizorg.store.errors import NotAllowed, RegisterError
from bemoeizorg.store.server import READ_WINDOW_SECONDS, connect, open_server_engine

MAX_NAME = 63  # PostgreSQL's identifier limit


def group_roles(database: str) -> dict[Role, str]:
    """The group roles of one team register, named after its database.

    Roles are server-wide: with one pair per database, a worker of team register A is in
    none of B's groups, and B's CONNECT is granted to its own groups only. A name that would
    pass the identifier limit takes a hash of the database name instead.
    """
    stem = database
    if len(f"bz_{stem}_bemoeizorger".encode()) > MAX_NAME:
        stem = hashlib.sha256(database.encode()).hexdigest()[:16]
    return {role: f"bz_{stem}_{role.value}" for role in Role}


def database_groups(conn: psycopg.Connection[tuple[object, ...]]) -> dict[Role, str]:
    """The group roles of the database `conn` is connected to."""
    return group_roles(str(_scalar(conn, "SELECT current_database()")))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def guards_sql(database: str) -> sql.Composed:
    """server_sql/guards.sql with this database's group roles and name filled in."""
    text = (files("bemoeizorg.store.server_sql") / "guards.sql").read_text(encoding="utf-8")
    groups = group_roles(database)
    worker, lead = groups[Role.BEMOEIZORGER], groups[Role.TEAMLEIDER]
    return sql.SQL(text).format(  # our own file, not user text
        worker=sql.Identifier(worker),
        lead=sql.Identifier(lead),
        worker_name=sql.Literal(worker),
        lead_name=sql.Literal(lead),
        database=sql.Identifier(database),
        read_window=sql.SQL(str(READ_WINDOW_SECONDS)),
    )


def init_team_register(url: str, register_name: str) -> str:
    """Create the schema and guards; the acting role becomes the first teamleider.

    Returns the acting role's name. Running it again only re-applies the guards.
    """
    name = register_name.strip()
    if not name:
        raise RegisterError("Geef het teamregister een naam.")
    engine = open_server_engine(url)
    try:
        migrate.upgrade(engine, first=_log_update)
    finally:
        engine.dispose()
    with connect(url) as conn:
        try:
            database = str(_scalar(conn, "SELECT current_database()"))
            conn.execute(guards_sql(database))
            lead = str(_scalar(conn, "SELECT session_user"))
            conn.execute(
                sql.SQL("GRANT {} TO {}").format(
                    sql.Identifier(group_roles(database)[Role.TEAMLEIDER]), sql.Identifier(lead)
                )
            )
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('register_id', %s), ('name', %s), "
                "('created_at', %s) ON CONFLICT (key) DO NOTHING",
                (uuid.uuid4().hex, name, _now()),
            )
            conn.execute(
                'INSERT INTO "user" (name, role, created_at) VALUES (%s, %s, %s) '
                "ON CONFLICT (name) DO NOTHING",
                (lead, Role.TEAMLEIDER.value, _now()),
            )
        except psycopg.errors.InsufficientPrivilege:
            raise RegisterError(
                "Deze databasegebruiker mag het teamregister niet inrichten: hij moet eigenaar "
                "van de database zijn en rollen mogen maken (CREATEROLE)."
            ) from None
    return lead


def _log_update(conn: Connection) -> None:
    """A register already set up logs its update, first: the entry also lets the migration
    read the rows the server answers only after one (server_sql/guards.sql)."""
    if conn.scalar(text("SELECT to_regproc('bz_log')")) is None:
        return  # a new register: no guards yet
    if conn.scalar(text("SELECT version_num FROM alembic_version")) == migrate.head_revision():
        return
    conn.execute(
        text("SELECT bz_log(:action, NULL, :program, :machine, '')"),
        {"action": Action.MIGRATED.value, "program": PROGRAM, "machine": machine_name()},
    )


def _scalar(conn: psycopg.Connection[tuple[object, ...]], query: str) -> object:
    row = conn.execute(query).fetchone()
    assert row is not None
    return row[0]


def _check_name(user: str) -> str:
    user = user.strip()
    if not user or len(user.encode()) > MAX_NAME or any(ord(c) < 32 for c in user):
        raise RegisterError("Een gebruikersnaam is 1 tot 63 tekens, zonder stuurtekens.")
    return user


Conn = psycopg.Connection[tuple[object, ...]]


def add_user(url: str, user: str, role: Role, password: str) -> None:
    """`create_login` on its own connection (the CLI's `team add-user`)."""
    with connect(url) as conn:
        create_login(conn, user, role, password)


def create_login(conn: Conn, user: str, role: Role, password: str) -> None:
    """A login role (SCRAM-SHA-256, hashed here so the password never reaches the server's
    logs) in the role's group, and the user's row, in `conn`'s transaction: through the
    server's bz_add_login, so any teamleider can (the server refuses anyone else)."""
    user = _check_name(user)
    verifier = conn.pgconn.encrypt_password(
        password.encode(), user.encode(), b"scram-sha-256"
    ).decode()
    try:
        conn.execute("SELECT bz_add_login(%s, %s, %s)", (user, verifier, role is Role.TEAMLEIDER))
    except psycopg.errors.DuplicateObject:
        raise RegisterError("Er is al een databasegebruiker met deze naam.") from None
    except psycopg.errors.InsufficientPrivilege:
        raise NotAllowed("gebruikers toevoegen") from None


def remove_user(url: str, user: str) -> None:
    """`disable_login` on its own connection (the CLI's `team remove-user`)."""
    with connect(url) as conn:
        disable_login(conn, user)


def disable_login(conn: Conn, user: str) -> None:
    """The login role can no longer log in (NOLOGIN, through the server's bz_disable_login);
    the user's row and log entries stay (the team register lists only who can log in)."""
    user = _check_name(user)
    try:
        conn.execute("SELECT bz_disable_login(%s)", (user,))
    except psycopg.errors.InvalidParameterValue:
        raise RegisterError("U kunt uzelf niet verwijderen.") from None
    except psycopg.errors.UndefinedObject:
        raise RegisterError("Deze gebruiker bestaat niet in het teamregister.") from None
    except psycopg.errors.InsufficientPrivilege:
        raise NotAllowed("gebruikers verwijderen") from None


def move_to_group(conn: Conn, user: str, role: Role) -> None:
    """The login role into `role`'s group and out of the other (a role changed), through
    the server's bz_move_login."""
    try:
        conn.execute("SELECT bz_move_login(%s, %s)", (user, role is Role.TEAMLEIDER))
    except psycopg.errors.UndefinedObject:
        raise RegisterError("Deze gebruiker bestaat niet in het teamregister.") from None
    except psycopg.errors.InsufficientPrivilege:
        raise NotAllowed("rollen wijzigen") from None
