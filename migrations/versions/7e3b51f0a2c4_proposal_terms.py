"""proposal terms for the proposal list's search

Each proposal's title and summary become terms (facilitation.terms), one row per
(term, proposal), filled in here for the proposals already stored, in their workshop's
language (Estonian where a proposal has no workshop). The proposal list searches them, and
its source ideas' idea_terms, by prefix ranges, as the backlog does (code-point collation
on PostgreSQL).

Revision ID: 7e3b51f0a2c4
Revises: 1932d8cc4d27
Create Date: 2026-12-01 22:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '7e3b51f0a2c4'
down_revision = '1932d8cc4d27'
branch_labels = None
depends_on = None

TERM_LENGTH = 64  # facilitation.terms.MAX_TERM_LENGTH as of this revision
BATCH = 500

proposals = sa.table('proposals', sa.column('id', sa.Integer), sa.column('workshop_id', sa.Integer),
                     sa.column('title', sa.String), sa.column('summary', sa.Text))
workshops = sa.table('workshops', sa.column('id', sa.Integer), sa.column('language', sa.String))
terms_table = sa.table('proposal_terms', sa.column('term', sa.String),
                       sa.column('proposal_id', sa.Integer))


def upgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    op.create_table(
        'proposal_terms',
        sa.Column('term', sa.String(length=TERM_LENGTH, collation='C' if postgres else None),
                  nullable=False),
        sa.Column('proposal_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'],
                                name=op.f('fk_proposal_terms_proposal_id_proposals'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('term', 'proposal_id', name=op.f('pk_proposal_terms')),
    )
    op.create_index(op.f('ix_proposal_terms_proposal_id'), 'proposal_terms', ['proposal_id'],
                    unique=False)
    _fill_terms()


def _fill_terms():
    """Every stored proposal's terms, in batches by id, analysed as the app does on a write."""
    connection = op.get_bind()
    query = (sa.select(proposals.c.id, proposals.c.title, proposals.c.summary,
                       workshops.c.language)
             .outerjoin(workshops, workshops.c.id == proposals.c.workshop_id)
             .order_by(proposals.c.id).limit(BATCH))
    last = 0
    while True:
        rows = connection.execute(query.where(proposals.c.id > last)).all()
        if not rows:
            return
        # Imported only when there is something to analyse: the dictionaries take seconds.
        from facilitation.terms import idea_terms as terms_of

        values = [{'term': term, 'proposal_id': row.id} for row in rows
                  for term in terms_of(f'{row.title} {row.summary or ""}', row.language or 'et')]
        if values:
            connection.execute(terms_table.insert(), values)
        last = rows[-1].id


def downgrade():
    op.drop_index(op.f('ix_proposal_terms_proposal_id'), table_name='proposal_terms')
    op.drop_table('proposal_terms')
