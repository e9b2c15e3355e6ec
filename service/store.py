"""Durable plan versions: SQLite by default, PostgreSQL for several service machines.

A version is never overwritten: versions are inserted, and removed only with
their whole plan when its owner deletes it. The unique key
(plan_id, version) is the arbiter between concurrent writers: when two re-plans
of the same version race, the database lets exactly one insert version n + 1 and
the other gets `VersionTaken`, which the API turns into a 409. Creating a plan
inserts the plan row and its version 1 in one transaction, so a worker killed in
the middle leaves either both rows or neither.

Quota and rate counts live here too (`owners`, `request_counts`), so limits
hold across every service instance that shares the database.
"""

import base64
import binascii
import math
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Insert,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    create_engine,
    delete,
    event,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from service.settings import bare_key_owner

# Versions beyond this are never stored; a bigger number in a URL is simply not found
# (and must not reach the database, where it would overflow the integer column).
MAX_VERSION = 2**31 - 1

# The schema as of the latest migration (service/migrations/versions/): the code's
# view of the tables. The migrations, not this, create and change them.
metadata = MetaData()

plans = Table(
    "plans",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("plans_owner_created_at", "owner", "created_at", "id"),
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

# How many plans each owner has stored: the plan quota's count, kept beside the rows it counts.
owners = Table(
    "owners",
    metadata,
    Column("owner", String(64), primary_key=True),
    Column("plan_count", Integer, nullable=False),
)

# Requests per owner and minute (minutes since the epoch): the rate limit's count, shared by all instances.
request_counts = Table(
    "request_counts",
    metadata,
    Column("owner", String(64), primary_key=True),
    Column("minute", BigInteger, primary_key=True),
    Column("count", Integer, nullable=False),
)


class VersionTaken(Exception):
    """Another writer stored this version first."""


class PlanGone(Exception):
    """The plan was deleted while a re-plan of it was being solved."""


class QuotaExceeded(Exception):
    """The owner already stores as many plans as the quota allows."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} plans per owner")
        self.limit = limit


class BadCursor(ValueError):
    """A `cursor` this store did not hand out."""


@dataclass(frozen=True)
class StoredVersion:
    plan_id: str
    version: int
    body: str  # the Plan as JSON text, exactly as stored


@dataclass(frozen=True)
class PlanSummary:
    id: str
    created_at: datetime
    latest_version: int


def owner_of(api_key: str | None) -> str:
    """The owner a bare key stores plans under (a hash: the key itself is never stored); '' for an open service."""
    return bare_key_owner(api_key) if api_key else ""


def sqlite_url(path: str) -> str:
    return f"sqlite:///{path}"


class Store:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)

    def create_plan(self, plan_id: str, owner: str, body: str, max_plans: int = 0) -> None:
        """Store a plan and its version 1; with `max_plans`, raise QuotaExceeded rather than store one more.

        The owner's count changes in the same transaction as the rows, and the
        conditional update is atomic in the database, so two instances creating
        at once cannot both take the last place.
        """
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(_insert_ignoring_duplicates(conn, owners).values(owner=owner, plan_count=0))
            room = owners.c.plan_count < max_plans if max_plans else True
            counted = conn.execute(
                update(owners).where(owners.c.owner == owner, room).values(plan_count=owners.c.plan_count + 1)
            )
            if counted.rowcount != 1:
                raise QuotaExceeded(max_plans)
            conn.execute(plans.insert().values(id=plan_id, owner=owner, created_at=now))
            conn.execute(plan_versions.insert().values(plan_id=plan_id, version=1, body=body, created_at=now))

    def add_version(self, plan_id: str, version: int, body: str) -> None:
        """Insert version n; raises VersionTaken when another writer got there first, PlanGone after a delete."""
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    plan_versions.insert().values(plan_id=plan_id, version=version, body=body, created_at=_now())
                )
        except IntegrityError as exc:
            if not self.latest_version(plan_id):
                raise PlanGone(plan_id) from exc  # the foreign key refused it: the plan is gone
            raise VersionTaken(f"plan {plan_id} already has version {version}") from exc

    def delete_plan(self, plan_id: str, owner: str) -> bool:
        """Delete a plan with every version; False when the owner has no such plan."""
        with self.engine.begin() as conn:
            mine = exists().where(plans.c.id == plan_id, plans.c.owner == owner)
            conn.execute(delete(plan_versions).where(plan_versions.c.plan_id == plan_id, mine))
            deleted = conn.execute(delete(plans).where(plans.c.id == plan_id, plans.c.owner == owner)).rowcount
            if deleted:
                conn.execute(update(owners).where(owners.c.owner == owner).values(plan_count=owners.c.plan_count - 1))
        return bool(deleted)

    def list_plans(self, owner: str, limit: int, cursor: str | None = None) -> tuple[list[PlanSummary], str | None]:
        """An owner's plans, newest first, `limit` at a time; the cursor to pass for the next page, or None."""
        latest = (
            select(func.max(plan_versions.c.version)).where(plan_versions.c.plan_id == plans.c.id).scalar_subquery()
        )
        query = (
            select(plans.c.id, plans.c.created_at, latest.label("latest_version"))
            .where(plans.c.owner == owner)
            .order_by(plans.c.created_at.desc(), plans.c.id.desc())
            .limit(limit + 1)
        )
        if cursor is not None:
            created_at, after_id = decode_cursor(cursor)
            query = query.where(
                or_(plans.c.created_at < created_at, and_(plans.c.created_at == created_at, plans.c.id < after_id))
            )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        page = [PlanSummary(row.id, _utc(row.created_at), int(row.latest_version or 0)) for row in rows[:limit]]
        more = len(rows) > limit
        return page, encode_cursor(page[-1]) if more and page else None

    def count_request(self, owner: str, limit: int, now: float | None = None) -> int | None:
        """Count one request of `owner` in this minute; past `limit`, the seconds until the next minute.

        One upsert in the database: every instance adds to the same row.
        """
        now = time.time() if now is None else now
        minute = int(now // 60)
        with self.engine.begin() as conn:
            insert = _upsert_adding_one(conn).values(owner=owner, minute=minute, count=1)
            count = conn.execute(insert.returning(request_counts.c.count)).scalar_one()
            if count == 1:  # a new minute: forget the old ones
                conn.execute(
                    delete(request_counts).where(request_counts.c.owner == owner, request_counts.c.minute < minute)
                )
        if count <= limit:
            return None
        return max(1, math.ceil((minute + 1) * 60 - now))

    def plan_count(self, owner: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(owners.c.plan_count).where(owners.c.owner == owner)).scalar() or 0)

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


def encode_cursor(last: PlanSummary) -> str:
    """Opaque to clients: where the page ended (creation time and id, the list's order)."""
    text = f"{last.created_at.isoformat()}|{last.id}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, plan_id = text.split("|", 1)
        return _utc(datetime.fromisoformat(stamp)), plan_id
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor("not a cursor this service handed out") from exc


def _insert_ignoring_duplicates(conn: Connection, table: Table) -> Insert:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


def _upsert_adding_one(conn: Connection) -> Insert:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(request_counts)
    return insert.on_conflict_do_update(
        index_elements=[request_counts.c.owner, request_counts.c.minute],
        set_={"count": request_counts.c.count + 1},
    )


def _utc(value: datetime) -> datetime:
    # SQLite gives back naive datetimes; every stored time is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def driver_url(url: str) -> str:
    """A plain postgresql:// URL (as hosting providers give them) gets the psycopg 3 driver we ship."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url.removeprefix(plain)
    return url


WAL_ATTEMPTS = 20  # about 10 s of retries in all


def make_engine(url: str) -> Engine:
    url = driver_url(url)
    if url.startswith("sqlite"):
        _create_private(url.removeprefix("sqlite:///"))
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    # pool_pre_ping: a PostgreSQL restart must cost one reconnect, not a failed request.
    return create_engine(url, pool_pre_ping=True)


def _create_private(path: str) -> None:
    """Create the SQLite file readable by its owner only: plans are people's training and health data.

    SQLite gives its -wal and -shm files the database file's permissions, so they follow.
    """
    if not path or path == ":memory:" or path.startswith("file:") or os.path.exists(path):
        return
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


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
