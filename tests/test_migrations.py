"""Schema migrations on real encrypted registers.

The models and the migrations must describe the same schema; opening a register at the
newest schema makes no backup; opening an older one makes a backup first. Because the
program has one revision so far, "older" is made honestly: a copy of the real migrations
folder plus one extra real revision, so the register made today is one step behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.store import migrate
from bemoeizorg.store.engine import open_engine
from bemoeizorg.store.keyslots import new_data_key
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Base

STRONG = "Zeven zwanen zwemmen in de Maas"
LEAD = "Anna de Vries"


def _diffs(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs: list[object] = list(compare_metadata(context, Base.metadata))
        conn.rollback()
    return diffs


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def _downgrade(engine: Engine, target: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, target)


def test_migrations_give_exactly_the_models_schema(tmp_path: Path) -> None:
    engine = open_engine(tmp_path / "leeg.bzregister", new_data_key())
    try:
        assert _diffs(engine) != []  # the comparison sees a missing schema...
        migrate.upgrade(engine)
        assert _diffs(engine) == []  # ...and no difference after the migrations
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert _tables(engine) == set(Base.metadata.tables)
    finally:
        engine.dispose()
    assert not (tmp_path / "leeg.bzregister").read_bytes().startswith(b"SQLite format 3")


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    engine = open_engine(tmp_path / "heen-en-weer.bzregister", new_data_key())
    try:
        migrate.upgrade(engine)
        _downgrade(engine, "base")
        assert migrate.current_revision(engine) is None
        assert _tables(engine) == set()
        migrate.upgrade(engine)
        assert _diffs(engine) == []
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_opening_a_current_register_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "actueel.bzregister"
    Register.create(path, "Team", LEAD, Role.TEAMLEIDER, STRONG)[0].lock()
    register = Register.unlock(path, LEAD, STRONG)
    try:
        assert register.backup_before_migration is None
        with register.session() as session:
            actions = list(
                session.scalars(select(AccessLogEntry.action).order_by(AccessLogEntry.id))
            )
        assert "register bijgewerkt" not in actions
    finally:
        register.lock()
    assert list(tmp_path.glob("*.voor-update-*")) == []


_EXTRA_REVISION = '''"""A later schema: one more table (test only).

Revision ID: 9999
Revises: {down}
"""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("later_table", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("later_table")
'''


def test_opening_an_older_register_backs_it_up_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "registers"
    folder.mkdir()
    path = folder / "ouder.bzregister"
    register, _code = Register.create(path, "Team", LEAD, Role.TEAMLEIDER, STRONG)
    reference_data.save_team_member(
        register, TeamMemberData(name="Carla Smeets", specialism=Specialism.JEUGD)
    )
    register.lock()
    before = path.read_bytes()

    old_head = _install_newer_program(tmp_path, monkeypatch)
    register = Register.unlock(path, LEAD, STRONG)
    try:
        backup = register.backup_before_migration
        assert backup is not None
        with register.session() as session:
            assert session.execute(text("SELECT count(*) FROM later_table")).scalar() == 0
            actions = list(
                session.scalars(select(AccessLogEntry.action).order_by(AccessLogEntry.id))
            )
        assert actions[-2:] == ["register bijgewerkt", "ontgrendelen"]
        assert actions.count("register bijgewerkt") == 1
        assert [m.name for m in reference_data.team_members(register)] == ["Carla Smeets"]
        assert register.verify().ok
    finally:
        register.lock()

    backups = list(folder.glob("ouder.bzregister.voor-update-*"))
    assert [str(b) for b in backups] == [backup]
    assert f".voor-update-{old_head}-" in backups[0].name
    assert backups[0].read_bytes() == before  # a byte copy: opens with the same keys
    assert (backups[0].stat().st_mode & 0o777) == 0o600


def _install_newer_program(tmp_path: Path, mp: pytest.MonkeyPatch) -> str:
    """The real migrations plus one later revision, as the next program version would ship."""
    folder = tmp_path / "migraties"
    shutil.copytree(
        migrate.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    current_head = migrate.head_revision()
    (folder / "versions" / "9999_later.py").write_text(
        _EXTRA_REVISION.format(down=current_head), encoding="utf-8"
    )
    mp.setattr(migrate, "MIGRATIONS", folder)
    assert migrate.head_revision() == "9999"
    return current_head


def test_0010_fills_the_sort_keys_from_the_rows_already_there(tmp_path: Path) -> None:
    """A register from before schema 0010 gets every person's name key and every case's
    number key, so Casussen sorts its old cases by name and by number straight away."""
    engine = open_engine(tmp_path / "oud.bzregister", new_data_key())
    try:
        migrate.upgrade(engine, "0009")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO person (id, family_name, prefix, given_names, alias, bsn, "
                    "address, postcode, city, municipality_code, search_text, created_at) "
                    "VALUES (1, 'Özdemir', '', 'Ayşe', '', '', '', '', '', 'GM0957', '', '')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO case_file (id, number, person_id, municipality_code, "
                    "specialism, phase, phase_since, opened_on) VALUES "
                    "(1, '2025-10000', 1, 'GM0957', 'volwassenen', 'vinden', '2025-12-01', "
                    "'2025-12-01'), (2, '2025-9999', 1, 'GM0957', 'volwassenen', 'vinden', "
                    "'2025-11-01', '2025-11-01')"
                )
            )
        migrate.upgrade(engine)
        with engine.connect() as conn:
            keys = conn.execute(text("SELECT name_key FROM person")).scalars().all()
            order = conn.execute(text("SELECT number FROM case_file ORDER BY number_key"))
            numbers = order.scalars().all()
    finally:
        engine.dispose()
    assert keys == ["ozdemir\tayse"]
    assert numbers == ["2025-9999", "2025-10000"]
