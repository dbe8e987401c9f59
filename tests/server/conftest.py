"""A real PostgreSQL server for the team register's tests (issue 17).

`.ci/start_postgres` starts one and sets BEMOEIZORG_TEST_PG (an admin URL) and
BEMOEIZORG_TEST_PG_CA; without them these tests skip with that reason.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from bemoeizorg.store import server_setup

ADMIN_URL = os.environ.get("BEMOEIZORG_TEST_PG", "")
CA = os.environ.get("BEMOEIZORG_TEST_PG_CA", "")

NO_SERVER = "geen PostgreSQL-testserver: start .ci/start_postgres (BEMOEIZORG_TEST_PG)"


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + database))


@pytest.fixture
def pg_admin_url() -> str:
    if not ADMIN_URL:
        pytest.skip(NO_SERVER)
    return ADMIN_URL


@pytest.fixture
def pg_database(pg_admin_url: str) -> Iterator[str]:
    """A fresh, empty database for one test; dropped after."""
    name = "bz_t_" + secrets.token_hex(6)
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield with_database(pg_admin_url, name)
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def with_user(url: str, user: str, password: str) -> str:
    """`url` for another login role, over verified TLS with the test CA."""
    from urllib.parse import quote

    parts = urlsplit(url)
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{parts.hostname}:{parts.port}"
    query = f"sslmode=verify-full&sslrootcert={quote(CA)}" if CA else ""
    return urlunsplit(parts._replace(netloc=netloc, query=query))


@contextlib.contextmanager
def lead_database(pg_admin_url: str) -> Iterator[str]:
    """A database owned by a fresh team lead role (CREATEROLE, not a superuser): its URL."""
    lead = "lead_" + secrets.token_hex(4)
    password = secrets.token_hex(12)
    name = "bz_t_" + secrets.token_hex(6)
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                sql.Identifier(lead), sql.Literal(password)
            )
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(lead)
            )
        )
    yield with_user(with_database(pg_admin_url, name), lead, password)
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        # Roles are cluster-wide: drop what this test made (the register's group roles and
        # their members, the lead's users).
        groups = server_setup.group_roles(name)
        rows = conn.execute(
            "SELECT DISTINCT r.rolname FROM pg_roles r JOIN pg_auth_members m "
            "ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid "
            "WHERE g.rolname = ANY(%s) AND r.rolname <> ALL(%s)",
            (list(groups.values()), [lead, *groups.values()]),
        ).fetchall()
        for role in [*(r[0] for r in rows), *groups.values(), lead]:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.fixture
def lead_url(pg_admin_url: str) -> Iterator[str]:
    with lead_database(pg_admin_url) as url:
        yield url


@pytest.fixture
def other_lead_url(pg_admin_url: str) -> Iterator[str]:
    """A second team register on the same server, with its own lead."""
    with lead_database(pg_admin_url) as url:
        yield url
