"""Corrections with a trail, a person's history, merges and network contacts, who triaged,
a meeting's time and place, and what each pack held.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_event") as batch:
        batch.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("superseded_at", sa.String(length=40), nullable=True))
        batch.add_column(
            sa.Column("superseded_by", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("supersede_reason", sa.Text(), nullable=False, server_default="")
        )
        batch.create_index("ix_case_event_corrects_id", ["corrects_id"])
        batch.create_foreign_key("fk_case_event_corrects", "case_event", ["corrects_id"], ["id"])
    with op.batch_alter_table("zrm_score") as batch:
        batch.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch.create_index("ix_zrm_score_event_id", ["event_id"])
        batch.create_foreign_key("fk_zrm_score_event", "case_event", ["event_id"], ["id"])
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.create_index("ix_person_merged_into_id", ["merged_into_id"])
        batch.create_foreign_key("fk_person_merged_into", "person", ["merged_into_id"], ["id"])
    with op.batch_alter_table("report") as batch:
        batch.add_column(
            sa.Column("triaged_by", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(
            sa.Column("starts_at", sa.String(length=5), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("place", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("disclosure") as batch:
        batch.add_column(sa.Column("pack_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("shared", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("password_protected", sa.Boolean(), nullable=True))

    op.create_table(
        "person_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("changed_at", sa.String(length=40), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
    )
    op.create_index("ix_person_history_person_id", "person_history", ["person_id"])
    op.create_table(
        "person_merge",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kept_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("merged_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("merged_at", sa.String(length=40), nullable=False),
        sa.Column("merged_by", sa.String(length=200), nullable=False),
        sa.Column("moved", sa.Text(), nullable=False),
        sa.Column("undone_at", sa.String(length=40), nullable=True),
        sa.Column("undone_by", sa.String(length=200), nullable=False),
    )
    op.create_index("ix_person_merge_kept_id", "person_merge", ["kept_id"])
    op.create_index("ix_person_merge_merged_id", "person_merge", ["merged_id"])
    op.create_table(
        "person_contact",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("relation", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
    )
    op.create_index("ix_person_contact_person_id", "person_contact", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_person_contact_person_id", table_name="person_contact")
    op.drop_table("person_contact")
    op.drop_index("ix_person_merge_merged_id", table_name="person_merge")
    op.drop_index("ix_person_merge_kept_id", table_name="person_merge")
    op.drop_table("person_merge")
    op.drop_index("ix_person_history_person_id", table_name="person_history")
    op.drop_table("person_history")
    with op.batch_alter_table("disclosure") as batch:
        batch.drop_column("password_protected")
        batch.drop_column("shared")
        batch.drop_column("pack_date")
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("place")
        batch.drop_column("starts_at")
    with op.batch_alter_table("report") as batch:
        batch.drop_column("triaged_by")
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint("fk_person_merged_into", type_="foreignkey")
        batch.drop_index("ix_person_merged_into_id")
        batch.drop_column("merged_into_id")
    with op.batch_alter_table("zrm_score") as batch:
        batch.drop_constraint("fk_zrm_score_event", type_="foreignkey")
        batch.drop_index("ix_zrm_score_event_id")
        batch.drop_column("event_id")
    with op.batch_alter_table("case_event") as batch:
        batch.drop_constraint("fk_case_event_corrects", type_="foreignkey")
        batch.drop_index("ix_case_event_corrects_id")
        batch.drop_column("supersede_reason")
        batch.drop_column("superseded_by")
        batch.drop_column("superseded_at")
        batch.drop_column("corrects_id")
