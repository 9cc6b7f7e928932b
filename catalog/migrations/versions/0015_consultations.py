"""Pojok Romantik, the consultation desk (issue 18): the desk's settings, local closures,
officers on duty, bookable slots with their seats, consultations with their append-only
events, follow-ups, satisfaction surveys and in-app notifications

Revision ID: 0015_consultations
Revises: 0014_quality
"""

import sqlalchemy as sa
from alembic import op

from catalog.models.base import UTCDateTime

revision = "0015_consultations"
down_revision = "0014_quality"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity_per_officer", sa.Integer(), nullable=False),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_settings")),
    )
    op.create_table(
        "desk_slots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.CheckConstraint("booked >= 0", name=op.f("ck_desk_slots_booked_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_slots")),
        sa.UniqueConstraint("day", "starts", name="uq_desk_slots_day_starts"),
    )
    op.create_index(op.f("ix_desk_slots_day"), "desk_slots", ["day"], unique=False)
    op.create_table(
        "consultations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("requester_id", sa.String(length=36), nullable=True),
        sa.Column("officer_id", sa.String(length=36), nullable=True),
        sa.Column("topic", sa.String(length=50), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("dataset_ids", sa.JSON(), nullable=False),
        sa.Column("activity_name", sa.String(length=300), nullable=True),
        sa.Column("activity_year", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("meeting_link", sa.String(length=1000), nullable=True),
        sa.Column("slot_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("held_at", UTCDateTime(), nullable=True),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
        sa.Column("survey_requested_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["users.id"],
            name=op.f("fk_consultations_officer_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_consultations_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["users.id"],
            name=op.f("fk_consultations_requester_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"], ["desk_slots.id"], name=op.f("fk_consultations_slot_id_desk_slots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
    )
    op.create_index(
        op.f("ix_consultations_created_at"), "consultations", ["created_at"], unique=False
    )
    op.create_index(op.f("ix_consultations_day"), "consultations", ["day"], unique=False)
    op.create_index(
        "ix_consultations_org_status", "consultations", ["organization_id", "status"], unique=False
    )
    op.create_index(op.f("ix_consultations_slot_id"), "consultations", ["slot_id"], unique=False)
    op.create_index(op.f("ix_consultations_status"), "consultations", ["status"], unique=False)
    op.create_table(
        "desk_closures",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_desk_closures_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_desk_closures")),
    )
    op.create_table(
        "desk_duties",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("assigned_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_by"],
            ["users.id"],
            name=op.f("fk_desk_duties_assigned_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["users.id"],
            name=op.f("fk_desk_duties_officer_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_duties")),
        sa.UniqueConstraint("day", "officer_id", name="uq_desk_duties_day_officer"),
    )
    op.create_index(op.f("ix_desk_duties_day"), "desk_duties", ["day"], unique=False)
    op.create_table(
        "consultation_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_consultation_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_events_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_events")),
    )
    op.create_index(
        op.f("ix_consultation_events_consultation_id"),
        "consultation_events",
        ["consultation_id"],
        unique=False,
    )
    op.create_table(
        "consultation_followups",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("party", sa.String(length=10), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("done_by", sa.String(length=36), nullable=True),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_followups_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["done_by"],
            ["users.id"],
            name=op.f("fk_consultation_followups_done_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_followups")),
    )
    op.create_index(
        op.f("ix_consultation_followups_consultation_id"),
        "consultation_followups",
        ["consultation_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_consultation_followups_due_on"), "consultation_followups", ["due_on"], unique=False
    )
    op.create_table(
        "consultation_surveys",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=True),
        sa.Column("respondent_id", sa.String(length=36), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_surveys_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["users.id"],
            name=op.f("fk_consultation_surveys_officer_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_consultation_surveys_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["users.id"],
            name=op.f("fk_consultation_surveys_respondent_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_surveys")),
        sa.UniqueConstraint(
            "consultation_id", name=op.f("uq_consultation_surveys_consultation_id")
        ),
    )
    op.create_index(
        op.f("ix_consultation_surveys_created_at"),
        "consultation_surveys",
        ["created_at"],
        unique=False,
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("consultation_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_notifications_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_user_read", "notifications", ["user_id", "read_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_notifications_user_read", table_name="notifications")
    op.drop_table("notifications")
    op.drop_index("ix_consultation_surveys_created_at", table_name="consultation_surveys")
    op.drop_table("consultation_surveys")
    op.drop_index("ix_consultation_followups_consultation_id", table_name="consultation_followups")
    op.drop_index("ix_consultation_followups_due_on", table_name="consultation_followups")
    op.drop_table("consultation_followups")
    op.drop_index("ix_consultation_events_consultation_id", table_name="consultation_events")
    op.drop_table("consultation_events")
    op.drop_index("ix_desk_duties_day", table_name="desk_duties")
    op.drop_table("desk_duties")
    op.drop_table("desk_closures")
    op.drop_index("ix_consultations_created_at", table_name="consultations")
    op.drop_index("ix_consultations_day", table_name="consultations")
    op.drop_index("ix_consultations_org_status", table_name="consultations")
    op.drop_index("ix_consultations_slot_id", table_name="consultations")
    op.drop_index("ix_consultations_status", table_name="consultations")
    op.drop_table("consultations")
    op.drop_index("ix_desk_slots_day", table_name="desk_slots")
    op.drop_table("desk_slots")
    op.drop_table("desk_settings")
