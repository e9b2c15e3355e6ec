"""Durable plan versions: SQLite by default, PostgreSQL for several service machines.

A version is never overwritten. Writes are inserts only, and the unique key
(plan_id, version) is the arbiter between concurrent writers: when two re-plans
of the same version race, the database lets exactly one insert version n + 1 and
the other gets `VersionTaken`, which the API turns into a 409. Creating a plan
inserts the plan row and its version 1 in one transaction, so a worker killed in
the middle leaves either both rows or neither.
"""

import hashlib
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError

# Versions beyond this are never stored; a bigger number in a URL is simply not found
# (and must not reach the database, where it would overflow the integer column).
MAX_VERSION = 2**31 - 1
# The PostgreSQL advisory lock a worker holds while it creates the schema.
_SCHEMA_LOCK = 0x72756E6C  # "runl"

metadata = MetaData()

plans = Table(
    "plans",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

plan_versions = Table(
    "plan_versions",
    metadata,
    Column("plan_id", String(64), ForeignKey("plans.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("plan_id", "version", name="plan_versions_plan_id_version_key"),
)


class VersionTaken(Exception):
    """Another writer stored this version first."""


@dataclass(frozen=True)
class StoredVersion:
    plan_id: str
    version: int
    body: str  # the Plan as JSON text, exactly as stored


def owner_of(api_key: str | None) -> str:
    """Only a hash of the key is stored; an open service (no keys) owns its plans as ''."""
    return hashlib.sha256(api_key.encode()).hexdigest() if api_key else ""


def sqlite_url(path: str) -> str:
    return f"sqlite:///{path}"


class Store:
    def __init__(self, url: str) -> None:
        self.engine = _engine(url)
        self._create_schema()

    def _create_schema(self) -> None:
        # Workers starting together must not all find a table missing and all create
        # it: take the write lock (SQLite) or an advisory lock (PostgreSQL) first.
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            elif conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(_SCHEMA_LOCK)))
            metadata.create_all(conn)
            conn.commit()

    def create_plan(self, plan_id: str, owner: str, body: str) -> None:
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(plans.insert().values(id=plan_id, owner=owner, created_at=now))
            conn.execute(plan_versions.insert().values(plan_id=plan_id, version=1, body=body, created_at=now))

    def add_version(self, plan_id: str, version: int, body: str) -> None:
        """Insert version n; raises VersionTaken when another writer got there first."""
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    plan_versions.insert().values(plan_id=plan_id, version=version, body=body, created_at=_now())
                )
        except IntegrityError as exc:
            raise VersionTaken(f"plan {plan_id} already has version {version}") from exc

    def latest(self, plan_id: str, owner: str) -> StoredVersion | None:
        return self._one(plan_id, owner, None)

    def version(self, plan_id: str, owner: str, version: int) -> StoredVersion | None:
        if not 1 <= version <= MAX_VERSION:
            return None
        return self._one(plan_id, owner, version)

    def latest_version(self, plan_id: str) -> int:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(func.max(plan_versions.c.version)).where(plan_versions.c.plan_id == plan_id)
            ).scalar()
        return int(found or 0)

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(select(func.count()).select_from(plans).where(plans.c.id == ""))

    def versions_of(self, plan_id: str) -> list[int]:
        """Every stored version number of a plan, in order (for checks and tests)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(plan_versions.c.version)
                .where(plan_versions.c.plan_id == plan_id)
                .order_by(plan_versions.c.version)
            )
            return [row.version for row in rows]

    def plan_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return [row.id for row in conn.execute(select(plans.c.id).order_by(plans.c.id))]

    def close(self) -> None:
        self.engine.dispose()

    def _one(self, plan_id: str, owner: str, version: int | None) -> StoredVersion | None:
        query = (
            select(plan_versions.c.version, plan_versions.c.body)
            .join(plans, plans.c.id == plan_versions.c.plan_id)
            .where(plans.c.id == plan_id, plans.c.owner == owner)
        )
        if version is None:
            query = query.order_by(plan_versions.c.version.desc()).limit(1)
        else:
            query = query.where(plan_versions.c.version == version)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return StoredVersion(plan_id, row.version, row.body) if row else None


def driver_url(url: str) -> str:
    """A plain postgresql:// URL (as hosting providers give them) gets the psycopg 3 driver we ship."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url.removeprefix(plain)
    return url


WAL_ATTEMPTS = 20  # about 10 s of retries in all


def _engine(url: str) -> Engine:
    url = driver_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    # pool_pre_ping: a PostgreSQL restart must cost one reconnect, not a failed request.
    return create_engine(url, pool_pre_ping=True)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Several gunicorn workers share one file: WAL lets readers run beside the one
    # writer, and busy_timeout makes a writer wait for the lock instead of failing.
    # busy_timeout comes first so that switching to WAL itself waits too.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 10000")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """WAL is a property of the file, set once. Switching needs the file to itself,
    and SQLite answers "database is locked" at once (without waiting out
    busy_timeout) when another worker opens it at the same moment, as gunicorn's
    workers do at start-up on a fresh file: so try again for a few seconds."""
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    for attempt in range(WAL_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _now() -> datetime:
    return datetime.now(UTC)
