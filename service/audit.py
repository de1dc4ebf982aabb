"""Append-only audit events, written in the same transaction as the change they describe."""

from __future__ import annotations

from sqlmodel import Session

from service.models import AuditEvent


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
