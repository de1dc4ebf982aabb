"""The Alembic migrations build the schema on SQLite and PostgreSQL, undo it, and match the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import service.models  # noqa: F401
from service import migrations
from service.db import make_engine


@pytest.fixture
def empty_url(backend, request, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("pg_server").create(migrated=False)


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade(empty_url):
    engine = make_engine(empty_url)
    migrations.upgrade(engine)
    expected = set(SQLModel.metadata.tables)
    assert _tables(engine) == expected
    migrations.downgrade(engine, "base")
    assert _tables(engine) == set()
    migrations.upgrade(engine)
    assert _tables(engine) == expected
    engine.dispose()


def test_models_and_migrations_agree(empty_url):
    engine = make_engine(empty_url)
    migrations.upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
