"""the door: a workshop can stop taking new participants

Revision ID: 5a1d00e0c0de
Revises: e054aac0f669
Create Date: 2026-12-01 17:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a1d00e0c0de'
down_revision = 'e054aac0f669'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        # A plain '1' default (not sa.true()) lets SQLite add the column in place: a default
        # given as an expression makes the batch copy the table, and dropping the old table
        # would cascade to every idea and dot. PostgreSQL reads '1' as true.
        batch_op.add_column(sa.Column('joining_open', sa.Boolean(), nullable=False,
                                      server_default='1'))
    # Nothing is left for a newcomer at results or after: those workshops' doors are closed,
    # as moving to results closes it from now on.
    op.execute("UPDATE workshops SET joining_open = false WHERE phase IN ('results', 'closed')")


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('joining_open')
