"""Opening a team register on PostgreSQL (issue 17): a `postgresql://` URL, libpq's ways.

The password comes from the URL, PGPASSWORD or ~/.pgpass (libpq reads them itself); TLS
from `sslmode` / `sslrootcert` in the URL or PGSSLMODE / PGSSLROOTCERT. A host that is not
this computer must be reached over TLS: without an sslmode we ask libpq for `verify-full`,
and a weaker one is refused before connecting. Messages never carry the password: they are
built from our own sentences, never from the server's text.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy import Engine, create_engine

from bemoeizorg.store.errors import RegisterError

SCHEMES = ("postgresql://", "postgres://")
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", ""})
TLS_MODES = frozenset({"require", "verify-ca", "verify-full"})
CONNECT_TIMEOUT_S = 10

# How long after a committed log entry a connection may read case data (server_sql/
# guards.sql; the program renews it at half this).
READ_WINDOW_SECONDS = 120


class ServerError(RegisterError):
    """A team register could not be reached or opened."""


class TlsRequired(ServerError):
    def __init__(self) -> None:
        super().__init__(
            "Een teamregister op een andere computer opent alleen via een beveiligde "
            "verbinding (TLS). Gebruik sslmode=verify-full (of require) in het adres en "
            "vraag de beheerder van de server om het certificaat van de uitgever."
        )


class ServerPasswordWrong(ServerError):
    def __init__(self) -> None:
        super().__init__(
            "De server weigert de gebruikersnaam of het wachtwoord. Controleer beide, of "
            "vraag uw teamleider of de gebruiker nog actief is."
        )


class ServerUnreachable(ServerError):
    def __init__(self) -> None:
        super().__init__(
            "De server van het teamregister is niet bereikbaar. Controleer het adres, de "
            "poort en de netwerkverbinding, of probeer het later opnieuw."
        )


class ServerNoTls(ServerError):
    def __init__(self) -> None:
        super().__init__(
            "De server biedt geen beveiligde verbinding (TLS) aan, of het certificaat klopt "
            "niet. Vraag de beheerder van de server om TLS en het juiste certificaat."
        )


class ServerUserDisabled(ServerError):
    def __init__(self) -> None:
        super().__init__(
            "Deze gebruiker is uitgezet in het teamregister en kan het niet meer openen. "
            "Vraag uw teamleider."
        )


class ServerRefused(ServerError):
    def __init__(self) -> None:
        super().__init__(
            "De server van het teamregister weigert de verbinding. Vraag de beheerder of "
            "deze gebruiker deze database mag openen."
        )


def is_server_url(text: str) -> bool:
    return text.startswith(SCHEMES)


def _is_local(host: str) -> bool:
    # A socket folder (starts with "/") is this computer as well.
    hosts = host.split(",") if host else [""]
    return all(h in LOCAL_HOSTS or h.startswith("/") for h in hosts)


def conninfo(url: str, *, user: str | None = None, password: str | None = None) -> str:
    """The libpq connection string for `url`, TLS made obligatory for a remote host;
    `user` and `password` (the GUI's fields) in place of the URL's own when given."""
    if not is_server_url(url):
        raise ServerError("Het adres van een teamregister begint met postgresql://.")
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise ServerError("Het adres van het teamregister is niet te lezen.") from None
    host = str(params.get("host") or os.environ.get("PGHOST", ""))
    mode = str(params.get("sslmode") or os.environ.get("PGSSLMODE", ""))
    if not _is_local(host):
        if not mode:
            params["sslmode"] = "verify-full"
        elif mode not in TLS_MODES:
            raise TlsRequired()
    if user:
        params["user"] = user
    if password:
        params["password"] = password
    params.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    params.setdefault("application_name", "bemoeizorg")
    return make_conninfo("", **params)


def _translate(exc: psycopg.OperationalError) -> ServerError:
    """Our own sentence for a failed connection; libpq's text is matched, never shown."""
    text = str(exc).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return ServerPasswordWrong()
    if "not permitted to log in" in text:
        return ServerUserDisabled()
    if "ssl" in text or "certificate" in text or "no encryption" in text:
        return ServerNoTls()
    if "pg_hba.conf" in text or "permission denied" in text or "does not exist" in text:
        return ServerRefused()
    return ServerUnreachable()


def connect(
    url: str,
    *,
    autocommit: bool = False,
    user: str | None = None,
    password: str | None = None,
) -> psycopg.Connection[tuple[object, ...]]:
    """One plain psycopg connection, with Dutch errors."""
    info = conninfo(url, user=user, password=password)
    try:
        return psycopg.connect(info, autocommit=autocommit)
    except psycopg.OperationalError as exc:
        raise _translate(exc) from None


def open_server_engine(url: str, *, user: str | None = None, password: str | None = None) -> Engine:
    """A SQLAlchemy engine (postgresql+psycopg) on the team register; connects once to check."""
    info = conninfo(url, user=user, password=password)
    connect(url, user=user, password=password).close()  # the Dutch message now

    def creator() -> psycopg.Connection[tuple[object, ...]]:
        try:
            return psycopg.connect(info)
        except psycopg.OperationalError as exc:
            raise _translate(exc) from None

    # LIFO: the connection used last is used again, so its reading stays open (guards.sql).
    return create_engine(
        "postgresql+psycopg://", creator=creator, pool_pre_ping=True, pool_use_lifo=True
    )


def display_address(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return f"postgresql://{user}{host}{port}{parts.path}"


def tls_in_use(conn: psycopg.Connection[tuple[object, ...]]) -> bool:
    """Whether this connection runs over TLS, as the server sees it."""
    row = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    return bool(row and row[0])
