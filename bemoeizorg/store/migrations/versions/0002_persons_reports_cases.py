"""The work: persons, reports (with their reporters kept apart), cases, timeline events,
ZRM scores, actions and drafts.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_draft_user_name"), "draft", ["user_name"], unique=False)
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=40), nullable=False),
        sa.Column("given_names", sa.String(length=200), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_year_estimate", sa.Integer(), nullable=True),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("search_text", sa.String(length=700), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_person_bsn"), "person", ["bsn"], unique=False)
    op.create_index(
        op.f("ix_person_municipality_code"), "person", ["municipality_code"], unique=False
    )
    op.create_index(op.f("ix_person_search_text"), "person", ["search_text"], unique=False)
    op.create_table(
        "case_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("specialism", sa.String(length=20), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("phase_since", sa.Date(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("last_contact_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["team_member.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_index(op.f("ix_case_file_closed_on"), "case_file", ["closed_on"], unique=False)
    op.create_index(
        op.f("ix_case_file_municipality_code"), "case_file", ["municipality_code"], unique=False
    )
    op.create_index(op.f("ix_case_file_opened_on"), "case_file", ["opened_on"], unique=False)
    op.create_index(op.f("ix_case_file_person_id"), "case_file", ["person_id"], unique=False)
    op.create_index(op.f("ix_case_file_phase"), "case_file", ["phase"], unique=False)
    op.create_table(
        "case_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("responsible", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_case_action_case_id"), "case_action", ["case_id"], unique=False)
    op.create_index(op.f("ix_case_action_due_on"), "case_action", ["due_on"], unique=False)
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("reporter_kind", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("urgency", sa.String(length=20), nullable=False),
        sa.Column("triage", sa.String(length=30), nullable=False),
        sa.Column("triage_note", sa.Text(), nullable=False),
        sa.Column("triaged_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_report_case_id"), "report", ["case_id"], unique=False)
    op.create_index(
        op.f("ix_report_municipality_code"), "report", ["municipality_code"], unique=False
    )
    op.create_index(op.f("ix_report_person_id"), "report", ["person_id"], unique=False)
    op.create_index(op.f("ix_report_received_on"), "report", ["received_on"], unique=False)
    op.create_index(op.f("ix_report_reporter_kind"), "report", ["reporter_kind"], unique=False)
    op.create_index(op.f("ix_report_triage"), "report", ["triage"], unique=False)
    op.create_table(
        "zrm_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_zrm_score_case_id"), "zrm_score", ["case_id"], unique=False)
    op.create_table(
        "case_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("contact_kind", sa.String(length=30), nullable=True),
        sa.Column("contact_with", sa.String(length=200), nullable=False),
        sa.Column("contact_made", sa.Boolean(), nullable=True),
        sa.Column("phase_from", sa.String(length=20), nullable=True),
        sa.Column("phase_to", sa.String(length=20), nullable=True),
        sa.Column("referral_target", sa.String(length=40), nullable=True),
        sa.Column("referral_accepted", sa.Boolean(), nullable=True),
        sa.Column("measure", sa.String(length=40), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_case_event_case_id"), "case_event", ["case_id"], unique=False)
    op.create_table(
        "report_concern",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("concern", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
        ),
        sa.PrimaryKeyConstraint("report_id", "concern"),
    )
    op.create_index(op.f("ix_report_concern_concern"), "report_concern", ["concern"], unique=False)
    op.create_table(
        "reporter",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
        ),
        sa.PrimaryKeyConstraint("report_id"),
    )


def downgrade() -> None:
    op.drop_table("reporter")
    op.drop_index(op.f("ix_report_concern_concern"), table_name="report_concern")
    op.drop_table("report_concern")
    op.drop_index(op.f("ix_case_event_case_id"), table_name="case_event")
    op.drop_table("case_event")
    op.drop_index(op.f("ix_zrm_score_case_id"), table_name="zrm_score")
    op.drop_table("zrm_score")
    op.drop_index(op.f("ix_report_triage"), table_name="report")
    op.drop_index(op.f("ix_report_reporter_kind"), table_name="report")
    op.drop_index(op.f("ix_report_received_on"), table_name="report")
    op.drop_index(op.f("ix_report_person_id"), table_name="report")
    op.drop_index(op.f("ix_report_municipality_code"), table_name="report")
    op.drop_index(op.f("ix_report_case_id"), table_name="report")
    op.drop_table("report")
    op.drop_index(op.f("ix_case_action_due_on"), table_name="case_action")
    op.drop_index(op.f("ix_case_action_case_id"), table_name="case_action")
    op.drop_table("case_action")
    op.drop_index(op.f("ix_case_file_phase"), table_name="case_file")
    op.drop_index(op.f("ix_case_file_person_id"), table_name="case_file")
    op.drop_index(op.f("ix_case_file_opened_on"), table_name="case_file")
    op.drop_index(op.f("ix_case_file_municipality_code"), table_name="case_file")
    op.drop_index(op.f("ix_case_file_closed_on"), table_name="case_file")
    op.drop_table("case_file")
    op.drop_index(op.f("ix_person_search_text"), table_name="person")
    op.drop_index(op.f("ix_person_municipality_code"), table_name="person")
    op.drop_index(op.f("ix_person_bsn"), table_name="person")
    op.drop_table("person")
    op.drop_index(op.f("ix_draft_user_name"), table_name="draft")
    op.drop_table("draft")
