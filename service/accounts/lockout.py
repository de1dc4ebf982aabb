"""Failed sign-ins, counted from the audit trail, and the lockout they lead to.

Wrong passwords and wrong second-factor codes are the same kind of event here: both are a
failed ``login`` in the audit trail, so five of either (or a mix) within 15 minutes lock the
account until an administrator unlocks it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from service import audit
from service.db import utcnow
from service.models import AuditEvent, User

LOCK_AFTER_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)


def recent_failures(session: Session, user: User) -> int:
    """Failed sign-ins in the last 15 minutes since the last success (the audit trail keeps them)."""
    since = utcnow() - FAILURE_WINDOW
    if user.last_login_at is not None and user.last_login_at > since:
        since = user.last_login_at
    return session.exec(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == "login",
            AuditEvent.entity == "user",
            AuditEvent.entity_id == str(user.id),
            AuditEvent.outcome == "failure",
            AuditEvent.at >= since,
        )
    ).one()


def login_event(
    session: Session,
    email: str,
    user: User | None,
    ip: str | None,
    outcome: str = "success",
    detail: str = "",
) -> None:
    """Write one sign-in audit event (success, failure, or a step still pending)."""
    audit.record(
        session,
        actor=email,
        user_id=user.id if user else None,
        action="login",
        entity="user",
        entity_id=user.id if user else None,
        ip=ip,
        outcome=outcome,
        detail=detail,
    )


def record_failure(session: Session, user: User, ip: str | None, detail: str) -> bool:
    """Count a failed attempt, lock the account at the limit, audit it; True when now locked."""
    user.failed_logins = recent_failures(session, user) + 1
    if user.failed_logins >= LOCK_AFTER_FAILURES:
        user.locked_at = utcnow()
    session.add(user)
    login_event(session, user.email, user, ip, "failure", detail)
    return user.locked_at is not None
