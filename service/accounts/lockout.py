"""Failed sign-ins, counted from the audit trail, and the throttling they lead to.

Wrong passwords and wrong second-factor codes are the same kind of event here: a failed
``login`` in the audit trail, with the address it came from. Nothing locks an account for good
on failures (anyone who knew an email could then lock its owner out). Instead:

- one address guessing at one email gets five tries, then waits 1, 2, 4, 8 and at most 15
  minutes between tries; a completed sign-in from that address, or an administrator's unlock,
  clears it, and failures older than an hour are forgotten;
- one address failing 30 times in 15 minutes, at any emails (password spraying), is refused
  until its failures leave that window.

A stranger's failures slow only the stranger's own address: the owner, from theirs, signs in.
Unknown emails are throttled like known ones, so the answers never tell which accounts exist.
A refusal while throttled is audited (outcome ``throttled``) but not counted, so waiting always
ends it. ``user.locked_at`` remains an administrator's lock, no longer set by failures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from service import audit
from service.db import utcnow
from service.errors import TooManyAttempts
from service.models import AuditEvent, User

FREE_TRIES = 5  # failures of one address at one email before any wait
FIRST_WAIT = timedelta(minutes=1)  # then 1, 2, 4, 8, 15, 15... minutes
LONGEST_WAIT = timedelta(minutes=15)
PAIR_MEMORY = timedelta(hours=1)
ADDRESS_LIMIT = 30  # failures of one address at any emails...
ADDRESS_WINDOW = timedelta(minutes=15)  # ...within this window
FAILURE, THROTTLED, RESET = "failure", "throttled", "reset"


@dataclass(frozen=True)
class PairState:
    """One address's recent failures at one email, and when it may try again (None: now)."""

    ip: str | None
    failures: int
    until: datetime | None


def _same_ip(ip: str | None):
    return AuditEvent.ip.is_(None) if ip is None else AuditEvent.ip == ip


def _pair_since(session: Session, email: str, user: User | None, ip: str | None, now: datetime):
    """Where this address's count starts: an hour ago, its last success, or the last unlock."""
    since = now - PAIR_MEMORY
    cleared = and_(AuditEvent.actor == email, _same_ip(ip), AuditEvent.outcome == "success")
    if user is not None:
        unlocked = and_(
            AuditEvent.entity == "user",
            AuditEvent.entity_id == str(user.id),
            AuditEvent.outcome == RESET,
        )
        cleared = or_(cleared, unlocked)
    last = session.exec(
        select(func.max(AuditEvent.at)).where(
            AuditEvent.action == "login", AuditEvent.at >= since, cleared
        )
    ).one()
    return max(since, last) if last is not None else since


def pair_state(
    session: Session, email: str, user: User | None, ip: str | None, now: datetime | None = None
) -> PairState:
    """How many times this address failed at this email lately, and how long it must wait."""
    now = now or utcnow()
    since = _pair_since(session, email, user, ip, now)
    count, last = session.exec(
        select(func.count(), func.max(AuditEvent.at)).where(
            AuditEvent.action == "login",
            AuditEvent.outcome == FAILURE,
            AuditEvent.actor == email,
            _same_ip(ip),
            AuditEvent.at > since,
        )
    ).one()
    if count < FREE_TRIES or last is None:
        return PairState(ip, count, None)
    wait = min(FIRST_WAIT * 2 ** (count - FREE_TRIES), LONGEST_WAIT)
    return PairState(ip, count, last + wait if last + wait > now else None)


def _address_until(session: Session, ip: str | None, now: datetime) -> datetime | None:
    """When an address that failed too often at any emails may try again (None: now)."""
    if ip is None:
        return None
    recent = (
        AuditEvent.action == "login",
        AuditEvent.outcome == FAILURE,
        AuditEvent.ip == ip,
        AuditEvent.at >= now - ADDRESS_WINDOW,
    )
    count = session.exec(select(func.count()).select_from(AuditEvent).where(*recent)).one()
    if count < ADDRESS_LIMIT:
        return None
    # The failure whose leaving the window brings the count back under the limit.
    pivot = session.exec(
        select(AuditEvent.at).where(*recent).order_by(AuditEvent.at).offset(count - ADDRESS_LIMIT)
    ).first()
    return pivot + ADDRESS_WINDOW if pivot is not None else None


def _minutes(delta: timedelta) -> str:
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    return "a minute" if minutes == 1 else f"{minutes} minutes"


def check_allowed(session: Session, email: str, user: User | None, ip: str | None) -> None:
    """Refuse (and audit) a sign-in attempt from an address that must wait; else do nothing."""
    now = utcnow()
    until = _address_until(session, ip, now)
    why = "too many failed sign-ins from your address"
    if until is None:
        until = pair_state(session, email, user, ip, now).until
        why = "too many failed sign-ins for this account from your address"
    if until is None:
        return
    login_event(session, email, user, ip, THROTTLED, why)
    exc = TooManyAttempts(f"{why}; try again in {_minutes(until - now)}")
    exc.headers = {"Retry-After": str(max(1, int((until - now).total_seconds()) + 1))}
    raise exc


def throttled_addresses(session: Session, user: User) -> list[PairState]:
    """The addresses that must wait before trying this account again (the admin's view)."""
    now = utcnow()
    ips = session.exec(
        select(AuditEvent.ip)
        .where(
            AuditEvent.action == "login",
            AuditEvent.outcome == FAILURE,
            AuditEvent.actor == user.email,
            AuditEvent.at >= now - PAIR_MEMORY,
        )
        .distinct()
    ).all()
    states = (pair_state(session, user.email, user, ip, now) for ip in ips)
    return [s for s in states if s.until is not None]


def login_event(
    session: Session,
    email: str,
    user: User | None,
    ip: str | None,
    outcome: str = "success",
    detail: str = "",
) -> None:
    """Write one sign-in audit event (success, failure, throttled, or a step still pending)."""
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


def record_failure(
    session: Session, email: str, user: User | None, ip: str | None, detail: str
) -> None:
    """Audit a failed attempt: it counts toward its address's wait."""
    login_event(session, email, user, ip, FAILURE, detail)


def unlock(session: Session, user: User, caller: audit.Caller) -> None:
    """An administrator lifts the account's lock and every address's wait; audited."""
    user.locked_at = None
    user.failed_logins = 0
    session.add(user)
    audit.record(
        session,
        actor=caller.actor,
        user_id=caller.user.id,
        action="login",
        entity="user",
        entity_id=user.id,
        ip=caller.ip,
        outcome=RESET,
        detail=f"sign-in waits of {user.email} lifted by {caller.actor}",
    )
