"""Schema migrations with alembic, run on open, with a backup made first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from bemoeizorg.store.files import copy_file_atomic

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    return rev


def upgrade(
    engine: Engine, target: str = "head", *, first: Callable[[Connection], None] | None = None
) -> None:
    """Migrate in one transaction; `first` runs at its start (a team register logs the
    update there, which also lets the migration read the rows the server guards)."""
    cfg = _config()
    with engine.begin() as conn:
        if first is not None:
            first(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def backup_path_for(register_path: Path, from_revision: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return register_path.with_name(f"{register_path.name}.voor-update-{from_revision}-{stamp}")


def upgrade_if_needed(engine: Engine, register_path: Path) -> str | None:
    """Bring an existing register to the newest schema; returns the backup's path if made.

    The backup is a byte copy of the encrypted file, so it opens with the same keys.
    """
    current = current_revision(engine)
    if current == head_revision():
        return None
    backup: Path | None = None
    if current is not None:
        backup = backup_path_for(register_path, current)
        copy_file_atomic(register_path, backup)
    upgrade(engine)
    return str(backup) if backup else None
