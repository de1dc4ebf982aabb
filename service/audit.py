"""Append-only audit events, written in the same transaction as the change they describe."""

from __future__ import annotations

from typing import Protocol

from sqlmodel import Session

from service.models import AuditEvent, User


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
    """Add an audit event to the current transaction (it commits or rolls back with the change)."""
    session.add(
        AuditEvent(
            actor=actor,
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            ip=ip,
            outcome=outcome,
            detail=detail[:2000],
        )
    )


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
