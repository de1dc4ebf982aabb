"""Append-only audit events, written in the same transaction as the change they describe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import event, insert
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool

from service.db import get_engine, utcnow
from service.models import AuditEvent, User
from service.repo import paginate
from service.threadpools import sqlite_turn

REFUSED = "refused"


class Caller(Protocol):
    """Who acted: a signed-in principal (service.auth.Principal), seen from the audit trail."""

    user: User
    ip: str | None

    @property
    def actor(self) -> str: ...


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: object | None = None,
    user_id: int | None = None,
    ip: str | None = None,
    outcome: str = "success",
    detail: str = "",
) -> None:
    """Add an audit event to the current transaction (it commits or rolls back with the change).

    The event waits in the session and is written with one INSERT, of all events waiting, just
    before the transaction commits or the next query runs (as an added row would be flushed):
    a read request then costs one INSERT, not an ORM flush.
    """
    session.info.setdefault(_PENDING, []).append(
        {
            "at": utcnow(),
            "actor": actor,
            "user_id": user_id,
            "action": action,
            "entity": entity,
            "entity_id": None if entity_id is None else str(entity_id),
            "ip": ip,
            "outcome": outcome,
            "detail": detail[:2000],
        }
    )


_PENDING = "convene.audit.pending"
_INSERT = insert(AuditEvent.__table__)


def _write_pending(session: Session) -> None:
    rows = session.info.pop(_PENDING, None)
    if rows:
        session.execute(_INSERT, rows)


@event.listens_for(OrmSession, "before_commit")
def _before_commit(session: Session) -> None:
    _write_pending(session)


@event.listens_for(OrmSession, "do_orm_execute")
def _before_query(state) -> None:
    # A query in the same transaction sees the events recorded before it, as with autoflush.
    if _PENDING in state.session.info:
        _write_pending(state.session)


@event.listens_for(OrmSession, "after_transaction_end")
def _after_transaction_end(session: Session, transaction) -> None:
    # Events of a transaction rolled back (or a session closed without commit) go with it.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def by(
    session: Session,
    caller: Caller,
    action: str,
    entity: str,
    entity_id: object | None = None,
    *,
    detail: str = "",
    outcome: str = "success",
) -> None:
    """Record what a signed-in caller did (actor, user and address taken from the caller)."""
    record(
        session,
        actor=caller.actor,
        user_id=caller.user.id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        ip=caller.ip,
        outcome=outcome,
        detail=detail,
    )


@dataclass(frozen=True)
class Filter:
    """What to look for in the trail: exact action, entity, id and outcome; part of the actor."""

    actor: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_id: str | None = None
    outcome: str | None = None
    start: datetime | None = None
    end: datetime | None = None


def search(
    session: Session, f: Filter, *, limit: int, offset: int = 0, count: bool = True
) -> tuple[list[AuditEvent], int]:
    """Matching events, newest first (and how many match, unless `count` is False)."""
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    for column, value in (
        (AuditEvent.action, f.action),
        (AuditEvent.entity, f.entity),
        (AuditEvent.entity_id, f.entity_id),
        (AuditEvent.outcome, f.outcome),
    ):
        if value:
            stmt = stmt.where(column == value)
    if f.actor:
        stmt = stmt.where(AuditEvent.actor.ilike(f"%{f.actor}%"))
    if f.start:
        stmt = stmt.where(AuditEvent.at >= f.start)
    if f.end:
        stmt = stmt.where(AuditEvent.at < f.end)
    if not count:
        rows = list(session.exec(stmt.limit(limit).offset(offset)).all())
        return rows, len(rows)
    return paginate(session, stmt, limit=limit, offset=offset)


def _write_refusals(who: tuple[str, int | None], ip: str | None, where: str, reasons: str) -> None:
    with Session(get_engine()) as session:
        actor, user_id = who
        record(
            session, actor=actor, user_id=user_id, action="access", entity="request", ip=ip,
            outcome=REFUSED, detail=f"{where}: {reasons}",
        )  # fmt: skip
        session.commit()


class RefusalTrail:
    """Writes the accesses refused to the request's caller as one audit event, outcome "refused".

    The Principal notes each refusal (`Principal.refuse`); this writes them just before the
    answer starts, in a transaction of their own: the request's own was rolled back by the
    refusal, and a refused access must be on the trail whatever became of the request.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        """Run the request; at the start of its answer, write the refusals it collected."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})  # shared with the copies inner layers make

        async def send_after_writing(message) -> None:
            principal = state.get("principal")
            if message["type"] == "http.response.start" and principal and principal.refusals:
                where = f"{scope['method']} {scope['path']} -> {message['status']}"
                reasons = "; ".join(dict.fromkeys(e.message for e in principal.refusals))
                principal.refusals.clear()
                async with sqlite_turn(get_engine()):
                    await run_in_threadpool(
                        _write_refusals, principal.who, principal.ip, where, reasons
                    )
            await send(message)

        await self.app(scope, receive, send_after_writing)
