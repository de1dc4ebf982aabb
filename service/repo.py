"""Small query helpers shared by the use-case modules."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from service.errors import NotFound

M = TypeVar("M", bound=SQLModel)


def get_or_404(session: Session, model: type[M], id_: int, *, what: str | None = None) -> M:
    """The row with this id, or a 404 that names what was looked for."""
    row = session.get(model, id_)
    if row is None:
        raise NotFound(f"{what or model.__tablename__} {id_} not found")
    return row


def paginate(session: Session, stmt, *, limit: int, offset: int) -> tuple[list, int]:
    """One page of a select and the total count of its rows."""
    total = session.exec(select(func.count()).select_from(stmt.order_by(None).subquery())).one()
    rows = session.exec(stmt.limit(limit).offset(offset)).all()
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
