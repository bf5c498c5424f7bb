"""Indexes for the form lists: forms by last change (the default order), and the
evaluations' dashboard columns as a covering index (a list page then never reads the
evaluation JSON kept in the same row).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SUMMARY = [
    "version_id",
    "scheme",
    "score_total",
    "score_upper",
    "grade",
    "grade_upper",
    "pending",
    "errors",
    "warnings",
    "infos",
    "met",
    "not_met",
    "undetermined",
    "execution_rate",
]


def upgrade() -> None:
    with op.batch_alter_table("forms", schema=None) as batch_op:
        batch_op.create_index("ix_forms_updated_at", ["updated_at", "id"], unique=False)
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.create_index("ix_evaluations_summary", SUMMARY, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluations_summary")
    with op.batch_alter_table("forms", schema=None) as batch_op:
        batch_op.drop_index("ix_forms_updated_at")
