"""idea terms for search and suggestions, in place of the folded search text

Each idea's text and details become terms (lemmas and compound parts, facilitation.terms),
one row per (term, idea), filled in here for the ideas already stored, each in its
workshop's language. The backlog searches them by prefix ranges on the primary key, which
needs the code-point ("C") collation on PostgreSQL; SQLite's default already is one.
`ideas.search_text`, which the substring search read, is dropped.

Nothing is copied: SQLite creates the table and drops the column in place (3.35+).

Revision ID: 1932d8cc4d27
Revises: c4f3a9d2b7e1
Create Date: 2026-12-02 09:00:00

"""
import unicodedata

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '1932d8cc4d27'
down_revision = 'c4f3a9d2b7e1'
branch_labels = None
depends_on = None

TERM_LENGTH = 64  # facilitation.terms.MAX_TERM_LENGTH as of this revision
BATCH = 500

ideas = sa.table('ideas', sa.column('id', sa.Integer), sa.column('workshop_id', sa.Integer),
                 sa.column('text', sa.Text), sa.column('details', sa.Text),
                 sa.column('search_text', sa.Text))
workshops = sa.table('workshops', sa.column('id', sa.Integer), sa.column('language', sa.String))
terms_table = sa.table('idea_terms', sa.column('term', sa.String), sa.column('idea_id', sa.Integer))


def upgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    op.create_table(
        'idea_terms',
        sa.Column('term', sa.String(length=TERM_LENGTH, collation='C' if postgres else None),
                  nullable=False),
        sa.Column('idea_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'],
                                name=op.f('fk_idea_terms_idea_id_ideas'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('term', 'idea_id', name=op.f('pk_idea_terms')),
    )
    op.create_index(op.f('ix_idea_terms_idea_id'), 'idea_terms', ['idea_id'], unique=False)
    _fill_terms()
    op.drop_column('ideas', 'search_text')


def _fill_terms():
    """Every stored idea's terms, in batches by id, analysed as the app does on a write."""
    connection = op.get_bind()
    query = (sa.select(ideas.c.id, ideas.c.text, ideas.c.details, workshops.c.language)
             .join(workshops, workshops.c.id == ideas.c.workshop_id)
             .order_by(ideas.c.id).limit(BATCH))
    last = 0
    while True:
        rows = connection.execute(query.where(ideas.c.id > last)).all()
        if not rows:
            return
        # Imported only when there is something to analyse: the dictionaries take seconds.
        from facilitation.terms import idea_terms as terms_of

        values = [{'term': term, 'idea_id': row.id} for row in rows
                  for term in terms_of(f'{row.text} {row.details}', row.language)]
        if values:
            connection.execute(terms_table.insert(), values)
        last = rows[-1].id


def downgrade():
    op.add_column('ideas', sa.Column('search_text', sa.Text(), nullable=False,
                                     server_default=''))
    connection = op.get_bind()
    rows = connection.execute(sa.select(ideas.c.id, ideas.c.text, ideas.c.details)).all()
    for start in range(0, len(rows), BATCH):
        connection.execute(
            ideas.update().where(ideas.c.id == sa.bindparam('idea_id'))
            .values(search_text=sa.bindparam('folded')),
            [{'idea_id': row.id,
              'folded': unicodedata.normalize('NFC', f'{row.text} {row.details}').casefold()}
             for row in rows[start:start + BATCH]])
    op.drop_index(op.f('ix_idea_terms_idea_id'), table_name='idea_terms')
    op.drop_table('idea_terms')
