"""The same alembic migrations build the schema on PostgreSQL, both ways (issue 17)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bemoeizorg.store import migrate
from bemoeizorg.store.schema import Base


def _engine(url: str):  # type: ignore[no-untyped-def]
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


def _diff(engine) -> list[object]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))


def test_upgrade_matches_the_models_and_downgrade_to_base_and_up_again(pg_database: str) -> None:
    engine = _engine(pg_database)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert _diff(engine) == []
    _downgrade(engine)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert _diff(engine) == []
    engine.dispose()


def _downgrade(engine) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    cfg = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
