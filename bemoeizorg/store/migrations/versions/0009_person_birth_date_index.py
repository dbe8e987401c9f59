"""An index on a person's birth date: the Casussen search finds a birth date typed in
through it, not by reading every person (issue 16: 90-116 ms at 100,000 reports).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_person_birth_date", "person", ["birth_date"])


def downgrade() -> None:
    op.drop_index("ix_person_birth_date", table_name="person")
