"""An index on case events by kind, case and date, for the annual counts.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_case_event_kind_case", "case_event", ["kind", "case_id", "on_date"])


def downgrade() -> None:
    op.drop_index("ix_case_event_kind_case", table_name="case_event")
