"""A case's version (issue 17): every change of a case row raises it, and a change made
from an older version is refused, so two workers saving the same case at once on a team
register never lose a write (optimistic concurrency; store/schema.Case, store/concurrency).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "case_file", sa.Column("version", sa.Integer(), nullable=False, server_default="0")
    )


def downgrade() -> None:
    with op.batch_alter_table("case_file") as batch:
        batch.drop_column("version")
