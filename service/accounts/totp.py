"""A TOTP second factor (RFC 6238, the codes of any authenticator app) for coordinators and admins.

A code is accepted for the current 30-second step or one step either side (clock drift), and
only once: the accepted step is stored, and a step at or before it is refused, so a code read
over a shoulder or out of a log cannot be replayed. Wrong codes are failed sign-ins and slow
their address like wrong passwords (service.accounts.lockout). Enrolment, confirmation and an
administrator's reset are audited.

The web sign-in is two steps. The password step hands the browser a short-lived "pending"
marker (signed, bound to the account's state, scoped to /login); only the code step opens a
real session, and nothing but the /login pages ever reads the marker.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Literal

import pyotp
from pyotp import utils as otp_utils
from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from service import audit
from service.accounts.lockout import check_allowed, record_failure
from service.config import get_settings
from service.db import utcnow
from service.errors import Conflict, Invalid, TotpInvalid, TotpRequired
from service.models import User
from service.models.base import Role

ISSUER = "Convene"
PENDING_COOKIE = "convene_2fa"
PENDING_LIFETIME = timedelta(minutes=10)
REQUIRED_ROLES = (Role.admin, Role.coordinator)
# The demo's accounts (service.demo) live under this reserved domain (RFC 2606). In development
# they sign in with the password alone, so a newcomer can try Convene in a minute; production
# asks every admin and coordinator for a second factor whatever their address.
DEMO_DOMAIN = "@convene.example"

NextStep = Literal["none", "code", "enrol"]


def has_factor(user: User) -> bool:
    """True when the account has a confirmed authenticator."""
    return user.totp_secret is not None and user.totp_confirmed_at is not None


def demo_exempt(user: User) -> bool:
    """A demo account in development: no authenticator asked unless it set one up itself."""
    return get_settings().env == "development" and user.email.lower().endswith(DEMO_DOMAIN)


def required_for(user: User) -> bool:
    """Whether settings demand a second factor of this account's role."""
    return get_settings().totp_required and user.role in REQUIRED_ROLES and not demo_exempt(user)


def next_step(user: User) -> NextStep:
    """After a right password: a code (factor set up), enrolment (required, none yet), or nothing."""
    if has_factor(user):
        return "code"  # a factor once confirmed is always asked for, whatever the role or setting
    return "enrol" if required_for(user) else "none"


def new_secret() -> str:
    """A random 160-bit base32 secret (the length RFC 4226 recommends)."""
    return pyotp.random_base32(32)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads (from a QR code or a tap on a phone)."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _matching_steps(secret: str, code: str, now: datetime) -> list[int]:
    # Users paste "123 456" or "123-456"; anything but six digits is simply wrong.
    code = "".join(ch for ch in code if ch not in " -")
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return []
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    return [
        step
        for step in (current - 1, current, current + 1)
        if otp_utils.strings_equal(code, totp.generate_otp(step))
    ]


def _claim_step(session: Session, user: User, step: int) -> bool:
    # One conditional UPDATE: of two requests racing with the same code, only one can win.
    result = session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def _accept_code(
    session: Session, user: User, code: str, *, ip: str | None, now: datetime, what: str
) -> None:
    """Accept a fresh code for the user's secret, or count a failure and raise TotpInvalid."""
    assert user.totp_secret is not None
    check_allowed(session, user.email, user, ip)  # a stolen password buys no unlimited guesses
    steps = _matching_steps(user.totp_secret, code, now)
    last = user.totp_last_step
    fresh = [s for s in steps if last is None or s > last]
    if fresh and _claim_step(session, user, max(fresh)):
        return
    reason = "already used" if steps else "wrong"
    record_failure(session, user.email, user, ip, f"{reason} authenticator code ({what})")
    if steps:
        raise TotpInvalid("that code was already used; wait for the next code and enter it")
    raise TotpInvalid("wrong authenticator code; check the app and try again")


def verify(
    session: Session, user: User, code: str | None, *, ip: str | None, now: datetime | None = None
) -> None:
    """Check the code of a confirmed factor: current step ±1, each step once; raise when not."""
    if not has_factor(user):
        raise Invalid("this account has no second factor to check", field="totp_code")
    if not code or not code.strip():
        raise TotpRequired("enter the 6-digit code from your authenticator app (totp_code)")
    _accept_code(session, user, code, ip=ip, now=now or utcnow(), what="sign-in")


def start_enrolment(session: Session, user: User, *, ip: str | None) -> str:
    """Give the account a secret to add to an app (the same one until confirmed); audited."""
    if has_factor(user):
        raise Conflict(
            "an authenticator is already set up; an administrator can reset it", field="code"
        )
    fresh = user.totp_secret is None
    if fresh:
        # Kept across reloads of the enrolment page, so a secret already scanned stays valid.
        user.totp_secret = new_secret()
        user.totp_last_step = None
        session.add(user)
    audit.record(
        session,
        actor=user.email,
        user_id=user.id,
        action="totp_enrol",
        entity="user",
        entity_id=user.id,
        ip=ip,
        detail="new secret issued" if fresh else "unconfirmed secret shown again",
    )
    return user.totp_secret


def confirm_enrolment(
    session: Session, user: User, code: str, *, ip: str | None, now: datetime | None = None
) -> None:
    """Confirm enrolment with the first code from the app; audited (a wrong code is a failure)."""
    if has_factor(user):
        raise Conflict("an authenticator is already set up", field="code")
    if user.totp_secret is None:
        raise Invalid("start enrolment first, then enter the code", field="code")
    now = now or utcnow()
    _accept_code(session, user, code, ip=ip, now=now, what="enrolment")
    user.totp_confirmed_at = now
    session.add(user)
    audit.record(
        session,
        actor=user.email,
        user_id=user.id,
        action="totp_confirm",
        entity="user",
        entity_id=user.id,
        ip=ip,
        detail="authenticator confirmed",
    )


def reset(session: Session, user: User, principal: audit.Caller) -> None:
    """Remove an account's factor (a lost phone); it enrols again at its next sign-in; audited."""
    had = has_factor(user)
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    session.add(user)
    audit.by(
        session,
        principal,
        "totp_reset",
        "user",
        user.id,
        detail=f"second factor of {user.email} reset" + ("" if had else " (none confirmed)"),
    )


# --- the pending marker of the web sign-in ------------------------------------------------------


def _binding(user: User) -> str:
    # Any change to these voids the marker: a new password, a completed sign-in (last_login_at),
    # a confirmed or reset factor, a lock or a deactivation.
    state = "|".join(
        str(v)
        for v in (
            user.password_hash,
            user.last_login_at,
            user.totp_confirmed_at,
            user.locked_at,
            user.is_active,
        )
    )
    return hashlib.sha256(state.encode()).hexdigest()


def _mac(user_id: int, purpose: str, expires: int, binding: str) -> str:
    key = get_settings().secret_key.encode()
    msg = f"totp-pending|{user_id}|{purpose}|{expires}|{binding}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def pending_marker(user: User, purpose: NextStep, now: datetime | None = None) -> str:
    """A signed value saying "this browser gave the right password"; good for ten minutes."""
    expires = int(((now or utcnow()) + PENDING_LIFETIME).timestamp())
    return f"{user.id}.{purpose}.{expires}.{_mac(user.id, purpose, expires, _binding(user))}"


def read_pending(
    session: Session, marker: str | None, purpose: NextStep, now: datetime | None = None
) -> User | None:
    """The user a pending marker stands for, when it is genuine, current and for this step."""
    parts = (marker or "").split(".")
    if (
        len(parts) != 4
        or parts[1] != purpose
        or not (
            (parts[0].isascii() and parts[0].isdigit())
            and (parts[2].isascii() and parts[2].isdigit())
        )
    ):
        return None
    user_id, expires = int(parts[0]), int(parts[2])
    if expires <= (now or utcnow()).timestamp():
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.locked_at is not None:
        return None
    if not hmac.compare_digest(parts[3], _mac(user_id, purpose, expires, _binding(user))):
        return None
    return user
