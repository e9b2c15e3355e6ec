"""Alembic's entry point: run the migrations on the connection service/migrations passes in.

That connection already holds the migration lock inside its open transaction,
so the migrations run in it (alembic joins an external transaction) and the
caller commits.
"""

from alembic import context

context.configure(connection=context.config.attributes["connection"], render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
