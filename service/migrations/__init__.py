"""The database schema's history, as Alembic migrations (versions/), and how the service applies them.

`runlift db upgrade` applies them; gunicorn's master does the same once at
start-up, before it forks any worker, so workers never race to change the
schema; each worker only checks that the schema is the one its code expects.
Two instances starting together on one PostgreSQL serialise on an advisory
lock; on SQLite the write lock does the same.

A database made before migrations existed (tables created directly, no
`alembic_version`) is adopted: it is stamped as the first revision, whose
tables it already has, and upgraded from there, keeping every row.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, func, inspect, select

HERE = Path(__file__).resolve().parent
BASELINE = "0001"  # the tables as `create_all` made them before migrations
_LOCK = 0x72756E6C  # "runl": the PostgreSQL advisory lock held while migrating


class SchemaOutOfDate(RuntimeError):
    """The database is not at the revision this code needs."""


def upgrade(url: str) -> str:
    """Bring the database at `url` to the latest revision; returns it."""
    # Imported here: store imports nothing from us, and engines are made in one place.
    from service.store import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _lock(conn)
            config = _config(conn)
            tables = set(inspect(conn).get_table_names())
            if "alembic_version" not in tables and "plans" in tables:
                command.stamp(config, BASELINE)
            command.upgrade(config, "head")
            conn.commit()
        return head()
    finally:
        engine.dispose()


def head() -> str:
    return ScriptDirectory.from_config(_config(None)).get_current_head() or ""


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def require_current(engine: Engine) -> None:
    found, needed = current(engine), head()
    if found != needed:
        raise SchemaOutOfDate(
            f"the database schema is at revision {found or 'none'}, this runlift needs {needed}: "
            "run `runlift db upgrade` (gunicorn's master does it at start-up)"
        )


def _lock(conn: Connection) -> None:
    # Two masters or `runlift db upgrade` runs at once must not both find a revision missing.
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_LOCK)))


def _config(conn: Connection | None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = conn
    return config
