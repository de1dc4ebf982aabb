"""PostgreSQL connections: kept for reuse, and checked only after they sat idle."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from service import db
from service.config import get_settings
from service.db import make_engine


def _kill_backends(pg_server, engine) -> int:
    """Terminate every server process of the engine's database, as a restart would."""
    admin = make_engine(pg_server.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": engine.url.database},
        ).scalar_one()
    admin.dispose()
    return killed


# PostgreSQL only (SQLite has no server to drop connections); conftest's list of backends.
ON_POSTGRES = (
    ["postgres"] if "postgres" in os.environ.get("CONVENE_TEST_DB", "sqlite,postgres") else []
)


@pytest.fixture(params=ON_POSTGRES)
def pg_engine(request):
    engine = make_engine(request.getfixturevalue("pg_server").create())
    yield engine
    engine.dispose()


def test_pool_covers_a_workers_requests(pg_engine):
    settings = get_settings()
    assert pg_engine.pool.size() == settings.database_pool_size >= 30
    assert settings.database_pool_overflow >= 0


def test_a_connection_dropped_while_idle_is_replaced(pg_engine, pg_server, monkeypatch):
    monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.0)
    with pg_engine.connect() as conn:
        first = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert _kill_backends(pg_server, pg_engine) == 1
    with pg_engine.connect() as conn:  # the ping finds it dead; the pool opens another
        second = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert second != first


def test_a_connection_in_use_is_not_pinged(pg_engine, pg_server, monkeypatch):
    # The other side of the trade: within the idle window nothing is asked, so a connection
    # killed in that window fails once (and SQLAlchemy then renews the pool).
    monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 3600.0)
    with pg_engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    _kill_backends(pg_server, pg_engine)
    with pytest.raises(Exception, match="terminat|closed|connection"), pg_engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    with pg_engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar_one() == 1
