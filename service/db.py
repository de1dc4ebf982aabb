"""Database engine, sessions and the column types shared by every table."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, create_engine

from service.config import get_settings
from service.errors import DatabaseUnavailable
from service.logredact import quiet_engine_rows

BUSY_TIMEOUT_S = 60


def utcnow() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


def local_today(zone: ZoneInfo) -> date:
    """Today's date in `zone`; never `date.today()`, which is the server's (UTC) date."""
    return utcnow().astimezone(zone).date()


class UtcDateTime(TypeDecorator):
    """A timestamp that is always stored as UTC and always read back timezone-aware.

    SQLite has no timestamp type and drops offsets, so values are normalised to UTC on the
    way in and tagged with UTC on the way out; PostgreSQL stores timestamptz.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a timezone-aware one is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _sqlite_local_date(ts: str | None, zone: str) -> str | None:
    # SQLite stores UTC as naive text and knows no time zones; reports need the calendar date
    # where the program is, exactly, daylight saving included.
    if ts is None:
        return None
    moment = datetime.fromisoformat(ts).replace(tzinfo=UTC)
    return moment.astimezone(_zone(zone)).date().isoformat()


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Take transaction control away from pysqlite (it defers BEGIN and commits around DDL);
    # the "begin" listener below opens each transaction itself.
    dbapi_connection.isolation_level = None
    dbapi_connection.create_function(
        "convene_local_date", 2, _sqlite_local_date, deterministic=True
    )
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets readers work while one process writes.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # Writers queue rather than fail: under a burst every request waits its turn (up to a minute).
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _gated_connection_class(gate: threading.Lock) -> type[sqlite3.Connection]:
    """A connection class whose transactions take `gate`, one writer per process at a time.

    SQLite has a single writer. Left to itself, each waiting connection polls the lock with
    sleeps of up to 100 ms, so under a burst a request that could have run 2 ms after the lock
    freed waits a whole sleep. Threads of one process queue on `gate` instead and wake at once;
    other processes still meet SQLite's busy handler.
    """

    class GatedConnection(sqlite3.Connection):
        # The connection that opened the transaction gives the gate back when the transaction
        # ends, whichever way: commit, rollback (also the pool's reset on return) or close.
        holds_gate = False

        def begin_immediate(self) -> None:
            if not gate.acquire(timeout=BUSY_TIMEOUT_S):
                raise sqlite3.OperationalError("database is locked")
            self.holds_gate = True
            try:
                self.execute("BEGIN IMMEDIATE")
            except BaseException:
                self._release()
                raise

        def _release(self) -> None:
            if self.holds_gate:
                self.holds_gate = False
                gate.release()

        def commit(self) -> None:
            try:
                super().commit()
            finally:
                if not self.in_transaction:
                    self._release()

        def rollback(self) -> None:
            try:
                super().rollback()
            finally:
                self._release()

        def close(self) -> None:
            try:
                super().close()
            finally:
                self._release()

    return GatedConnection


def _sqlite_begin(conn) -> None:
    # IMMEDIATE takes the write lock at the start, so two requests never both read, decide and
    # then fail to upgrade; SQLite then behaves like one serialised writer, which is what it is.
    conn.connection.dbapi_connection.begin_immediate()


def make_engine(url: str) -> Engine:
    """Create an engine for a SQLite or PostgreSQL URL with the settings Convene relies on."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # Logs and error messages never carry bound values or result rows (bodies, tokens, names).
    quiet_engine_rows()
    if url.startswith("sqlite"):
        # Every request waits its turn for SQLite's single writer while holding a connection, so
        # the pool must be wide enough for a burst and wait as long as the lock does.
        engine = create_engine(
            url,
            hide_parameters=True,
            connect_args={
                "check_same_thread": False,
                "timeout": BUSY_TIMEOUT_S,
                "factory": _gated_connection_class(threading.Lock()),
            },
            pool_size=20,
            max_overflow=60,
            pool_timeout=90,
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    settings = get_settings()
    engine = create_engine(
        url,
        hide_parameters=True,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_overflow,
    )
    event.listen(engine, "checkin", _note_idle)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


# A connection used in the last few seconds is alive; one idle longer may have been dropped by a
# restart or a firewall. pool_pre_ping asked on every checkout: one more round trip per request
# (about a millisecond of the server's CPU, a fifth of a case read's).
PING_AFTER_IDLE_S = 10.0


def _note_idle(_dbapi_connection, record) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
    idle_since = record.info.get("idle_since")  # None: a connection just made
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        dbapi_connection.rollback()
    except Exception as exc:  # the pool then discards it and tries a fresh connection
        raise DisconnectionError(str(exc)) from exc


_engine: Engine | None = None


def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    global _engine
    if _engine is None:
        _engine = make_engine(get_settings().database_url)
    return _engine


def set_engine(engine: Engine | None) -> None:
    """Replace the process-wide engine (tests and the CLI use this)."""
    global _engine
    _engine = engine


def sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite database, absolute (None for PostgreSQL or a memory database)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return None if url.database.startswith("file:") else Path(url.database).resolve()


def check_database(engine: Engine, *, create: bool) -> None:
    """Refuse a SQLite file whose folder is missing, or that is missing unless `create`.

    SQLite creates a missing file at the first connection: a command run from another folder
    would otherwise work on a new, empty database there (and an import would fill it).
    """
    path = sqlite_file(engine)
    if path is None:
        return
    if not path.parent.is_dir():
        raise DatabaseUnavailable(
            f"the database folder {path.parent} does not exist (CONVENE_DATABASE_URL); "
            "create it or point CONVENE_DATABASE_URL elsewhere"
        )
    if not create and not path.exists():
        raise DatabaseUnavailable(
            f"there is no database at {path}: run `convene migrate` to create it, or set "
            "CONVENE_DATABASE_URL to the existing one (a relative path is read from the "
            "current folder)"
        )


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits once on success and rolls back on any error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
