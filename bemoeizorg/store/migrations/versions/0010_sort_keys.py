"""Sort keys with indexes: a person's name key (Casussen sorted by name walks an index
instead of sorting every case: issue 16, 111 ms at 100,000 reports) and a case number's
key (past 9999 a year the number's text sorts "2026-10000" before "2026-9999").

Both are filled here from the rows as they are, with the same functions that keep them
(store/schema.name_key, number_key).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bemoeizorg.store.schema import name_key, number_key

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_person = sa.table(
    "person",
    sa.column("id", sa.Integer),
    sa.column("family_name", sa.String),
    sa.column("given_names", sa.String),
    sa.column("name_key", sa.String),
)
_case = sa.table(
    "case_file",
    sa.column("id", sa.Integer),
    sa.column("number", sa.String),
    sa.column("number_key", sa.BigInteger),
)


def upgrade() -> None:
    op.add_column(
        "person", sa.Column("name_key", sa.String(length=420), nullable=False, server_default="")
    )
    op.add_column(
        "case_file", sa.Column("number_key", sa.BigInteger(), nullable=False, server_default="0")
    )
    conn = op.get_bind()
    people = conn.execute(sa.select(_person.c.id, _person.c.family_name, _person.c.given_names))
    keys = [{"pid": i, "key": name_key(f, g or "")} for i, f, g in people]
    if keys:
        conn.execute(
            _person.update()
            .where(_person.c.id == sa.bindparam("pid"))
            .values(name_key=sa.bindparam("key")),
            keys,
        )
    numbers = [
        {"cid": i, "key": number_key(n)}
        for i, n in conn.execute(sa.select(_case.c.id, _case.c.number))
    ]
    if numbers:
        conn.execute(
            _case.update()
            .where(_case.c.id == sa.bindparam("cid"))
            .values(number_key=sa.bindparam("key")),
            numbers,
        )
    op.create_index("ix_person_name_key", "person", ["name_key"])
    op.create_index("ix_case_file_number_key", "case_file", ["number_key"])


def downgrade() -> None:
    op.drop_index("ix_case_file_number_key", table_name="case_file")
    op.drop_index("ix_person_name_key", table_name="person")
    with op.batch_alter_table("case_file") as batch:
        batch.drop_column("number_key")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("name_key")
