"""Quotas and rates per owner, kept in the database so every instance sees the same counts.

`owners.plan_count` is the number of stored plans, changed in the same
transaction as the plan rows, so a quota holds under concurrent creates on any
instance; existing plans are counted here. `request_counts` holds one row per
owner and minute. The index serves `GET /v1/plans` (an owner's plans, newest first).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "owners",
        sa.Column("owner", sa.String(64), primary_key=True),
        sa.Column("plan_count", sa.Integer, nullable=False),
    )
    op.execute("INSERT INTO owners (owner, plan_count) SELECT owner, count(*) FROM plans GROUP BY owner")
    op.create_table(
        "request_counts",
        sa.Column("owner", sa.String(64), primary_key=True),
        sa.Column("minute", sa.BigInteger, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_index("plans_owner_created_at", "plans", ["owner", "created_at", "id"])
