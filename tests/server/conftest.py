"""A real PostgreSQL server for the team register's tests (issue 17).

`.ci/start_postgres` starts one and sets BEMOEIZORG_TEST_PG (an admin URL) and
BEMOEIZORG_TEST_PG_CA; without them these tests skip with that reason.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

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
