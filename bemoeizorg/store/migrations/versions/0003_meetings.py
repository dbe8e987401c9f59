"""Network meetings: meetings, their agendas, the disclosure log, and actions agreed there.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("chair", sa.String(length=200), nullable=False),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("agreements_recorded_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_meeting_municipality_code", "meeting", ["municipality_code"])
    op.create_index("ix_meeting_held_on", "meeting", ["held_on"])
    op.create_table(
        "meeting_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asked_of", sa.Text(), nullable=False),
        sa.Column("shared", sa.Text(), nullable=False),
        sa.Column("holder_after", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "case_id"),
    )
    op.create_index("ix_meeting_case_meeting_id", "meeting_case", ["meeting_id"])
    op.create_index("ix_meeting_case_case_id", "meeting_case", ["case_id"])
    op.create_table(
        "disclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("made_at", sa.String(length=40), nullable=False),
        sa.Column("made_by", sa.String(length=200), nullable=False),
        sa.Column("organisations", sa.Text(), nullable=False),
        sa.Column("pack_digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_disclosure_meeting_id", "disclosure", ["meeting_id"])
    op.create_index("ix_disclosure_case_id", "disclosure", ["case_id"])
    # batch mode: SQLite cannot add a foreign key to an existing table in place.
    with op.batch_alter_table("case_action") as batch:
        batch.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("organisation", sa.String(length=200), nullable=False, server_default="")
        )
        batch.create_index("ix_case_action_meeting_id", ["meeting_id"])
        batch.create_foreign_key("fk_case_action_meeting", "meeting", ["meeting_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("case_action") as batch:
        batch.drop_constraint("fk_case_action_meeting", type_="foreignkey")
        batch.drop_index("ix_case_action_meeting_id")
        batch.drop_column("organisation")
        batch.drop_column("meeting_id")
    op.drop_table("disclosure")
    op.drop_table("meeting_case")
    op.drop_table("meeting")
