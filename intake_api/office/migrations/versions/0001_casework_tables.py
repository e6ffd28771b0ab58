"""Casework tables: cases, their events, accounts, the access log, the queue's import state.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("receipts", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index("ix_access_log_at", ["at"], unique=False)

    op.create_table(
        "cases",
        sa.Column("receipt", sa.String(length=12), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("original", sa.Text(), nullable=False),
        sa.Column("queue_line", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.Column("employer", sa.String(length=200), nullable=False),
        sa.Column("project", sa.String(length=200), nullable=True),
        sa.Column("work_location", sa.String(length=200), nullable=False),
        sa.Column("workers_affected", sa.Integer(), nullable=False),
        sa.Column("amount_owed", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("owed_since", sa.String(length=7), nullable=False),
        sa.Column("months_owed", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reported_elsewhere", sa.Boolean(), nullable=False),
        sa.Column("rural_low_income", sa.Boolean(), nullable=False),
        sa.Column("possible_duplicate_of", sa.String(length=12), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("unit_id", sa.String(length=40), nullable=True),
        sa.Column("person", sa.String(length=100), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("leader", sa.String(length=100), nullable=True),
        sa.Column("assigned_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("amount_recovered", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("duplicate_of", sa.String(length=12), nullable=True),
        sa.Column("invalid_reason", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("receipt"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_channel"), ["channel"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_employer"), ["employer"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_id_number"), ["id_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_phone"), ["phone"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "queue_problems",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("found_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("line"),
    )
    op.create_table(
        "queue_segments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("end", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "queue_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("device", sa.BigInteger(), nullable=False),
        sa.Column("inode", sa.BigInteger(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("tail_sha256", sa.String(length=64), nullable=False),
        sa.Column("synced_at", sa.String(length=32), nullable=False),
        sa.Column("refused", sa.Text(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(
        'INSERT INTO queue_state (id, path, device, inode, "offset", lines, '
        "tail_sha256, synced_at, refused, turn) VALUES (1, '', 0, 0, 0, 0, '', '', '', 0)"
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("unit_id", sa.String(length=40), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("receipt", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["receipt"],
            ["cases.receipt"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receipt", "version"),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_events_receipt"), ["receipt"], unique=False)


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_receipt"))

    op.drop_table("case_events")
    op.drop_table("users")
    op.drop_table("queue_state")
    op.drop_table("queue_segments")
    op.drop_table("queue_problems")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_unit_id"))
        batch_op.drop_index(batch_op.f("ix_cases_status"))
        batch_op.drop_index(batch_op.f("ix_cases_received_on"))
        batch_op.drop_index(batch_op.f("ix_cases_phone"))
        batch_op.drop_index(batch_op.f("ix_cases_name"))
        batch_op.drop_index(batch_op.f("ix_cases_id_number"))
        batch_op.drop_index(batch_op.f("ix_cases_employer"))
        batch_op.drop_index(batch_op.f("ix_cases_deadline"))
        batch_op.drop_index(batch_op.f("ix_cases_channel"))

    op.drop_table("cases")
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_access_log_at")

    op.drop_table("access_log")
