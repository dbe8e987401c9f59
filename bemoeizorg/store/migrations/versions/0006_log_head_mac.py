"""The access log: a MAC on its head row, and a short detail on each entry.

The head (where the chain starts and ends) was not authenticated before this revision: it
gets a MAC column, NULL here, which the first unlock afterwards fills (the migration has
no key; see access_log.AccessLog.ready for why sealing then is sound). Entries get a
`detail` the program writes itself (a failed unlock's claimed time, what retention
removed), covered by the entries' newer MAC.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("access_log_head", sa.Column("mac", sa.String(length=64), nullable=True))
    op.add_column(
        "access_log",
        sa.Column("detail", sa.String(length=200), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("access_log") as batch:
        batch.drop_column("detail")
    with op.batch_alter_table("access_log_head") as batch:
        batch.drop_column("mac")
