"""Fixtures: a migrated database per test on SQLite and on PostgreSQL (pgserver), an API client."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

import clock
from service import migrations
from service.db import make_engine, set_engine
from support import World, login, make_user

BACKENDS = [
    b.strip() for b in os.environ.get("CONVENE_TEST_DB", "sqlite,postgres").split(",") if b.strip()
]


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--clock",
        default=None,
        help="run as if it were this instant (ISO 8601 with offset, e.g. 2027-01-05T17:30-08:00);"
        f" time goes on from there. Also ${clock.ENV}.",
    )


def pytest_configure(config) -> None:
    at = clock.requested(config.getoption("--clock"))
    if at:
        clock.start(at)


def pytest_report_header(config) -> str:
    at = clock.requested(config.getoption("--clock"))
    return f"clock: {at} (faked, ticking)" if at else "clock: real"


class PostgresServer:
    """A real PostgreSQL started from pip (pgserver), with a migrated template database."""

    def __init__(self) -> None:
        import pgserver

        self.dir = tempfile.mkdtemp(prefix="convene-pg-")
        self.server = pgserver.get_server(self.dir, cleanup_mode="delete")
        self.base_uri = self.server.get_uri()
        self._admin = make_engine(self.base_uri.replace("postgresql://", "postgresql+psycopg://"))
        self._admin = self._admin.execution_options(isolation_level="AUTOCOMMIT")
        self._template: str | None = None
        # A throwaway server: nothing need survive a crash, so no fsync. Each test's database is
        # a file copy of the template, which PostgreSQL would otherwise flush to disk every time.
        with self._admin.connect() as conn:
            for setting in ("fsync", "synchronous_commit", "full_page_writes"):
                conn.execute(text(f"ALTER SYSTEM SET {setting} = off"))
            conn.execute(text("SELECT pg_reload_conf()"))

    def url(self, dbname: str) -> str:
        """The URL of a database on this server."""
        return self.server.get_uri(dbname)

    def create(self, *, migrated: bool = True) -> str:
        """A fresh database (a copy of the migrated template when asked); returns its URL."""
        name = "t_" + uuid.uuid4().hex[:12]
        with self._admin.connect() as conn:
            if migrated:
                conn.execute(
                    text(f"CREATE DATABASE {name} TEMPLATE {self.template()} STRATEGY FILE_COPY")
                )
            else:
                conn.execute(text(f"CREATE DATABASE {name}"))
        return self.url(name)

    def template(self) -> str:
        """The name of a database migrated to head, built once."""
        if self._template is None:
            name = "convene_template"
            with self._admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
                conn.execute(text(f"CREATE DATABASE {name}"))
            engine = make_engine(self.url(name))
            migrations.upgrade(engine)
            engine.dispose()
            self._template = name
        return self._template

    def close(self) -> None:
        """Stop the server and remove its files."""
        from pgserver._commands import pg_ctl

        self._admin.dispose()
        # Immediate: no shutdown checkpoint of hundreds of test databases about to be deleted
        # (a normal stop spent a minute writing them out).
        pg_ctl(
            ["-w", "stop", "-m", "immediate"],
            pgdata=self.server.pgdata,
            user=self.server.system_user,
        )
        # The immediate stop above may already have ended the postmaster pgserver terminates.
        with contextlib.suppress(psutil.NoSuchProcess):
            self.server.cleanup()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """Argon2id with tiny cost in tests; production parameters are checked in test_auth."""
    from argon2 import PasswordHasher

    from service import security

    real = security._hasher
    security._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    security._hasher = real


@pytest.fixture(autouse=True)
def no_background_dispatcher(monkeypatch) -> Iterator[None]:
    """Tests send queued messages themselves; no dispatcher thread inside TestClient apps."""
    from service.config import get_settings

    monkeypatch.setenv("CONVENE_RUN_DISPATCHER_IN_SERVER", "false")
    monkeypatch.setenv("CONVENE_RUN_JOBS_IN_SERVER", "false")
    # Tests change data behind the requests' backs and read Today at once; the sharing of
    # Today's lists between callers has its own tests (test_shared_today.py).
    monkeypatch.setenv("CONVENE_TODAY_SHARED_SECONDS", "0")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run."""
    server = PostgresServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated to head, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    engine.dispose()
    return path


def _make_db(backend: str, request, tmp_path: Path) -> str:
    if backend == "sqlite":
        path = tmp_path / "convene.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("pg_server").create()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """The database backend of this test run."""
    return request.param


@pytest.fixture
def engine(backend: str, request, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database, installed as the process-wide engine."""
    url = _make_db(backend, request, tmp_path)
    eng = make_engine(url)
    set_engine(eng)
    yield eng
    set_engine(None)
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test database (commit explicitly)."""
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture(scope="session")
def app():
    """The application; it reaches the database through the engine each test installs."""
    from service.main import create_app

    return create_app()


@pytest.fixture
def client(app, engine) -> Iterator[TestClient]:
    """An HTTP client without credentials."""
    with TestClient(app) as c:
        yield c


@pytest.fixture
def admin(client, engine) -> dict[str, str]:
    """Headers of a signed-in administrator."""
    return login(client, make_user(engine, "admin"))


@pytest.fixture
def world(client, engine, admin) -> World:
    """A program, a venue, and signed-in users of every role."""
    return World(client, engine, admin)
