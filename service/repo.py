"""Small query helpers shared by the use-case modules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import TypeVar

from sqlalchemy import bindparam, func
from sqlmodel import Session, SQLModel, select

from service.errors import NotFound

M = TypeVar("M", bound=SQLModel)
F = TypeVar("F", bound=Callable)


def hot(build: F) -> F:
    """The one way to build a hot statement: once per variant, then reused by every request.

    `build` takes only the statement's shape (which filters apply, whether the caller is scoped
    to programs: flags, never values) and puts every value in a bind parameter; the request
    passes the values at execution. Building a select costs more than running it on the hot
    paths, and a statement built once also keeps SQLAlchemy's cache key and compiled form.
    """
    return cache(build)


@hot
def by_id(model: type[SQLModel]):
    """`SELECT model WHERE id = :id`, for a row loaded by its id on a hot path."""
    return select(model).where(model.id == bindparam("id"))


# Ids are 32-bit columns: a larger id names no row, and PostgreSQL would refuse to compare it
# (an error, where the caller should simply hear "not found").
MAX_ID = 2**31 - 1


def load(session: Session, model: type[M], id_: int) -> M | None:
    """The row with this id, or None: `session.get` with a statement built once."""
    if not 0 < id_ <= MAX_ID:
        return None
    return session.exec(by_id(model), params={"id": id_}).first()


def get_or_404(session: Session, model: type[M], id_: int, *, what: str | None = None) -> M:
    """The row with this id, or a 404 that names what was looked for."""
    row = session.get(model, id_) if 0 < id_ <= MAX_ID else None
    if row is None:
        raise NotFound(f"{what or model.__tablename__} {id_} not found")
    return row


def paginate(session: Session, stmt, *, limit: int, offset: int) -> tuple[list, int]:
    """One page of a select and the total count of its rows."""
    total = session.exec(select(func.count()).select_from(stmt.order_by(None).subquery())).one()
    rows = session.exec(stmt.limit(limit).offset(offset)).all()
    return list(rows), int(total)


def page_statements(stmt):
    """A hot select as its page (`:limit` and `:offset` bound) and its count, for `hot_page`."""
    count = select(func.count()).select_from(stmt.order_by(None).subquery())
    return stmt.limit(bindparam("limit")).offset(bindparam("offset")), count


def hot_page(session: Session, statements, params: dict, *, limit: int, offset: int):
    """One page of a hot select (from `page_statements`) and the total count of its rows."""
    page, count = statements
    total = session.exec(count, params=params).one()
    rows = session.exec(page, params=params | {"limit": limit, "offset": offset}).all()
    return list(rows), int(total)


def changed_since(stmt, table, since: datetime):
    """Rows of `table` whose `updated_at` is at or after `since`, oldest change first (id breaks
    ties), so a client pages through them and keeps the last `updated_at` for its next call."""
    column = table.updated_at
    return stmt.where(column >= since).order_by(None).order_by(column, table.id)


def apply_update(row: SQLModel, data: dict, *, skip: set[str] = frozenset()) -> None:
    """Copy the given fields onto a row."""
    for key, value in data.items():
        if key not in skip:
            setattr(row, key, value)
