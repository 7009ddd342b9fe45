"""the door: a workshop can stop taking new participants

Revision ID: 5a1d00e0c0de
Revises: bd65c48db03c
Create Date: 2026-12-01 17:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a1d00e0c0de'
down_revision = 'bd65c48db03c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        # A plain '1' default (not sa.true()) lets SQLite add the column in place: a default
        # given as an expression makes the batch copy the table, and dropping the old table
        # would cascade to every idea and dot. PostgreSQL reads '1' as true.
        batch_op.add_column(sa.Column('joining_open', sa.Boolean(), nullable=False,
                                      server_default='1'))


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('joining_open')
