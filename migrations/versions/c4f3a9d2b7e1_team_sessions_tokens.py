"""the team, session versions, token expiry and revocation, sign-in attempts

A workshop's co-facilitators (workshop_team); who added a paper ballot and a cap on them;
the expected head count; a session version per user, so signing out ends every cookie;
an API token's expiry and revocation; sign-in attempts kept for admins.

Revision ID: c4f3a9d2b7e1
Revises: 5a1d00e0c0de
Create Date: 2026-12-01 17:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f3a9d2b7e1'
down_revision = '5a1d00e0c0de'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('workshop_team',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_workshop_team_added_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_workshop_team_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_team_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'user_id', name=op.f('pk_workshop_team'))
    )
    with op.batch_alter_table('workshop_team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_team_user_id'), ['user_id'], unique=False)

    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.Column('delay', sa.Double(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_attempts_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_attempts_email'), ['email'], unique=False)

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expected_participants', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('paper_ballot_limit', sa.Integer(), nullable=False,
                                      server_default='300'))

    # Every column is added in place: a batch that has to copy a table (for a foreign key on
    # SQLite) drops the old one, and that cascades to its dots. SQLite's own ALTER TABLE
    # adds a column with its reference (Alembic's would want a batch for it).
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE participants ADD COLUMN added_by_id INTEGER '
                   'CONSTRAINT fk_participants_added_by_id_users REFERENCES users (id)')
    else:
        op.add_column('participants', sa.Column('added_by_id', sa.Integer(), sa.ForeignKey(
            'users.id', name=op.f('fk_participants_added_by_id_users')), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                                      server_default='1'))

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('added_by_id')

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('paper_ballot_limit')
        batch_op.drop_column('expected_participants')

    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_email'))
        batch_op.drop_index(batch_op.f('ix_login_attempts_created_at'))
    op.drop_table('login_attempts')

    with op.batch_alter_table('workshop_team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_team_user_id'))
    op.drop_table('workshop_team')
