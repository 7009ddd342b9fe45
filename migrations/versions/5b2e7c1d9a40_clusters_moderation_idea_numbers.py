"""clusters with titles, moderation, ideas numbered within their workshop

A cluster's `label` becomes its `title`; workshops get a `moderation` setting; ideas get a
`pending` flag (waiting for approval) and a `number` within their workshop, filled in here
for the ideas already stored, in the order they were posted.

Revision ID: 5b2e7c1d9a40
Revises: bd65c48db03c
Create Date: 2026-12-01 17:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b2e7c1d9a40'
down_revision = 'bd65c48db03c'
branch_labels = None
depends_on = None


def upgrade():
    # Each of these is an ALTER TABLE that SQLite does in place: no table is copied again.
    op.alter_column('clusters', 'label', new_column_name='title',
                    existing_type=sa.String(200), existing_nullable=False)
    op.add_column('workshops', sa.Column('moderation', sa.Boolean(), nullable=False,
                                         server_default=sa.false()))
    op.add_column('ideas', sa.Column('number', sa.Integer(), nullable=True))
    op.add_column('ideas', sa.Column('pending', sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    op.create_index('ix_ideas_workshop_number', 'ideas', ['workshop_id', 'number'],
                    unique=True)

    ideas = sa.table('ideas', sa.column('id', sa.Integer), sa.column('workshop_id', sa.Integer),
                     sa.column('number', sa.Integer))
    connection = op.get_bind()
    counters: dict[int, int] = {}
    for idea_id, workshop_id in connection.execute(
            sa.select(ideas.c.id, ideas.c.workshop_id).order_by(ideas.c.id)).all():
        counters[workshop_id] = counters.get(workshop_id, 0) + 1
        connection.execute(ideas.update().where(ideas.c.id == idea_id)
                           .values(number=counters[workshop_id]))


def downgrade():
    op.drop_index('ix_ideas_workshop_number', table_name='ideas')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_column('pending')
        batch_op.drop_column('number')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('moderation')
    op.alter_column('clusters', 'title', new_column_name='label',
                    existing_type=sa.String(200), existing_nullable=False)
