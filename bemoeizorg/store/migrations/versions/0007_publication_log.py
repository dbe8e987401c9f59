"""The publication log: what counts the register has published, so that a new publication
is protected together with the earlier ones whose periods overlap or nest.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publication_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("published_at", sa.String(length=40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("per_municipality", sa.Boolean(), nullable=False),
        sa.Column("cells", sa.Text(), nullable=False),
    )
    op.create_index("ix_publication_log_period_start", "publication_log", ["period_start"])
    op.create_index("ix_publication_log_period_end", "publication_log", ["period_end"])


def downgrade() -> None:
    op.drop_index("ix_publication_log_period_end", table_name="publication_log")
    op.drop_index("ix_publication_log_period_start", table_name="publication_log")
    op.drop_table("publication_log")
