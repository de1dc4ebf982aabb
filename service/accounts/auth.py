"""Accounts: sign-in, sessions, API tokens and who may do what."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import bindparam, true, update
from sqlmodel import Session, select

from service.accounts import totp
from service.accounts.lockout import check_allowed, login_event, record_failure
from service.config import get_settings
from service.db import utcnow
from service.errors import (
    Conflict,
    ConveneError,
    Forbidden,
    Invalid,
    NotFound,
    TotpEnrolmentRequired,
    Unauthorized,
)
from service.models import ApiToken, User, UserProgram, WebSession
from service.models.base import Role
from service.security import (
    API_TOKEN_PREFIX,
    SESSION_PREFIX,
    burn_password_check,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)

MIN_PASSWORD_LENGTH = 8
# 19,640 of the most common passwords, lowercased (the list Django ships; see service/data/README.md).
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "common-passwords.txt"
# The service's own name, which lists built from other sites' breaches do not know.
SITE_PASSWORDS = ("convene1", "convene123")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The common-password list, read once."""
    with COMMON_PASSWORDS_FILE.open(encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip()) | set(SITE_PASSWORDS)


E = TypeVar("E", bound=ConveneError)


@dataclass(frozen=True)
class TokenGrant:
    """What a request needs of the API token it came with: how the trail names it, its scope."""

    id: int
    prefix: str
    scope: str


@dataclass
class Principal:
    """The caller of a request: a signed-in user, possibly through an API token."""

    user: User
    program_ids: set[int] = field(default_factory=set)
    token: TokenGrant | None = None
    ip: str | None = None
    # The accesses refused to this caller during the request; service.audit.RefusalTrail writes
    # them to the audit trail (outcome "refused") in a transaction of their own, so a refusal
    # is recorded even though the request's own transaction is rolled back.
    refusals: list[ConveneError] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Who, fixed now: by the time a refusal is written the request's session is closed.
        self.who = (self.actor, self.user.id)

    def refuse(self, error: E) -> E:
        """Note a refused access (a 403, or a 404 that hides another program's record) and
        return the error to raise; the one place a refusal becomes an audit event."""
        if not any(noted is error for noted in self.refusals):
            self.refusals.append(error)
        return error

    def not_visible(self, what: str) -> NotFound:
        """A record of a program the caller does not work in, refused as if it did not exist."""
        return self.refuse(NotFound(f"{what} not found"))

    @property
    def role(self) -> str:
        """The user's role."""
        return self.user.role

    @property
    def actor(self) -> str:
        """How the audit trail names this caller."""
        if self.token is not None:
            return f"{self.user.email} (token {self.token.prefix})"
        return self.user.email

    @property
    def can_write(self) -> bool:
        """Admins and coordinators write; a read-scoped token never does."""
        if self.token is not None and self.token.scope != "write":
            return False
        return self.role in (Role.admin, Role.coordinator)

    # Who may see what is decided here and nowhere else: every list, load and report of
    # program records goes through program_scope, sees_program or in_programs.
    @property
    def program_scope(self) -> frozenset[int] | None:
        """The programs this caller may act on; None means all of them (an administrator)."""
        return None if self.role == Role.admin else frozenset(self.program_ids)

    def sees_program(self, program_id: int) -> bool:
        """Admins see every program; others only the programs they are given."""
        scope = self.program_scope
        return scope is None or program_id in scope

    def in_programs(self, program_column):
        """A SQL condition keeping the rows whose program (`program_column`) the caller sees."""
        scope = self.program_scope
        # An empty IN () is not valid SQL everywhere; -1 is no program's id.
        return true() if scope is None else program_column.in_(scope or {-1})

    # A hot statement (service.repo.hot) is built once for every caller: it asks `scoped` for
    # its shape, keeps rows with `in_bound_programs`, and runs with `scope_params`.
    @property
    def scoped(self) -> bool:
        """Whether the caller sees only some programs (not an administrator)."""
        return self.program_scope is not None

    @staticmethod
    def in_bound_programs(program_column):
        """`in_programs` for a statement built once: the programs are the parameter `programs`."""
        return program_column.in_(bindparam("programs", expanding=True))

    @property
    def scope_params(self) -> dict:
        """The values of `in_bound_programs` for this caller (none for an administrator)."""
        scope = self.program_scope
        return {} if scope is None else {"programs": sorted(scope) or [-1]}

    def require_program(self, program_id: int, *, write: bool = False) -> None:
        """Refuse when the caller may not read (or write) this program's records."""
        if write and not self.can_write:
            raise self.refuse(Forbidden("your role may not change records"))
        if not self.sees_program(program_id):
            raise self.refuse(Forbidden("you do not work in this program"))


def system_principal(session: Session, label: str) -> Principal:
    """The caller for work nobody signed in for (a command, the demo): the first administrator,
    or an unsaved administrator named `label` when there is none yet."""
    admin = session.exec(
        select(User).where(User.role == Role.admin.value).order_by(User.id)
    ).first()
    return Principal(
        user=admin or User(email=label, full_name=label, password_hash="", role="admin")
    )


def check_password_policy(password: str) -> None:
    """Refuse short or common passwords with a reason."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            f"password must be at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if password.strip().lower() in common_passwords():
        raise Invalid("password is too common; choose another", field="password")


def create_user(
    session: Session,
    *,
    email: str,
    full_name: str,
    password: str,
    role: str,
    program_ids: list[int] | None = None,
) -> User:
    """Create an account with a hashed password."""
    email = email.strip().lower()
    check_password_policy(password)
    if role not in {r.value for r in Role}:
        raise Invalid(f"unknown role {role!r}", field="role")
    if session.exec(select(User).where(User.email == email)).first():
        raise Conflict(f"a user with email {email} already exists", field="email")
    user = User(email=email, full_name=full_name, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    for pid in program_ids or []:
        session.add(UserProgram(user_id=user.id, program_id=pid))
    return user


# Every request authenticates: one statement, built once, finds the token (or session), its
# user and the user's programs (one row per program; the outer join keeps a user with none).
_PROGRAM_IDS = select(UserProgram.program_id).where(UserProgram.user_id == bindparam("user_id"))


def _credential_stmt(table):
    return (
        select(table, User, UserProgram.program_id)
        .join(User, User.id == table.c.user_id)
        .outerjoin(UserProgram, UserProgram.user_id == User.id)
        .where(table.c.token_hash == bindparam("token_hash"))
    )


_CREDENTIAL = {
    API_TOKEN_PREFIX: _credential_stmt(ApiToken.__table__),
    SESSION_PREFIX: _credential_stmt(WebSession.__table__),
}
# Touched at most once a minute, so reads do not turn into a write per request.
_TOUCH = {
    API_TOKEN_PREFIX: update(ApiToken.__table__)
    .where(ApiToken.__table__.c.id == bindparam("row_id"))
    .values(last_used_at=bindparam("now", type_=ApiToken.__table__.c.last_used_at.type)),
    SESSION_PREFIX: update(WebSession.__table__)
    .where(WebSession.__table__.c.id == bindparam("row_id"))
    .values(last_seen_at=bindparam("now", type_=WebSession.__table__.c.last_seen_at.type)),
}
TOUCH_EVERY = timedelta(minutes=1)


def principal_of(session: Session, user: User) -> Principal:
    """The caller `user` would be, for work done on their behalf (their webhooks)."""
    programs = session.exec(_PROGRAM_IDS, params={"user_id": user.id}).all()
    return Principal(user=user, program_ids=set(programs))


def check_password(session: Session, email: str, password: str, *, ip: str | None = None) -> User:
    """The account when the password is right; failures are audited and slow their address.

    An address that must wait is refused before the password is even checked (TooManyAttempts),
    so guesses made while throttled learn nothing.
    """
    email = email.strip().lower()
    user = session.exec(select(User).where(User.email == email)).first()
    check_allowed(session, email, user, ip)
    if user is None:
        burn_password_check(password)
        record_failure(session, email, None, ip, "unknown account")
        raise Unauthorized("wrong email or password")
    if not user.is_active or user.locked_at is not None:
        record_failure(session, email, user, ip, "account locked or inactive")
        raise Unauthorized("this account is locked; ask an administrator")
    if not verify_password(user.password_hash, password):
        record_failure(session, email, user, ip, "wrong password")
        raise Unauthorized("wrong email or password")
    return user


def password_accepted(session: Session, user: User, step: str, *, ip: str | None = None) -> None:
    """Audit a right password whose sign-in still waits for a code or for enrolment.

    The failure count is not reset here: only a completed sign-in does that, so a stolen
    password cannot be used to clear the count between guesses at the code.
    """
    login_event(session, user.email, user, ip, "pending", f"password accepted; {step} needed")


def open_session(session: Session, user: User, *, ip: str | None = None) -> str:
    """Start a session for a user who passed every step; returns the bearer/cookie value."""
    settings = get_settings()
    token = new_token(SESSION_PREFIX)
    now = utcnow()
    session.add(
        WebSession(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.session_max_hours),
            ip=ip,
        )
    )
    user.failed_logins = 0
    user.last_login_at = now
    session.add(user)
    login_event(session, user.email, user, ip)
    return token


def login(
    session: Session,
    email: str,
    password: str,
    *,
    ip: str | None = None,
    totp_code: str | None = None,
) -> tuple[User, str]:
    """Password, then the second factor when the account has or needs one, then a session."""
    user = check_password(session, email, password, ip=ip)
    step = totp.next_step(user)
    if step == "enrol":
        password_accepted(session, user, "enrolment", ip=ip)
        raise TotpEnrolmentRequired(
            "your role signs in with an authenticator app: set one up with "
            "POST /api/v1/auth/totp/enrol, then POST /api/v1/auth/totp/confirm"
        )
    if step == "code":
        if not (totp_code or "").strip():
            password_accepted(session, user, "authenticator code", ip=ip)
        totp.verify(session, user, totp_code, ip=ip)
    return user, open_session(session, user, ip=ip)


def logout(session: Session, token: str) -> None:
    """End a session on the server."""
    ws = session.exec(select(WebSession).where(WebSession.token_hash == token_hash(token))).first()
    if ws is not None and ws.revoked_at is None:
        ws.revoked_at = utcnow()
        session.add(ws)


def _credential_rows(session: Session, token: str) -> list:
    prefix = API_TOKEN_PREFIX if token.startswith(API_TOKEN_PREFIX) else SESSION_PREFIX
    return list(session.execute(_CREDENTIAL[prefix], {"token_hash": token_hash(token)}).all())


def _live(row, token: str, now: datetime) -> bool:
    """Whether the token or session of a credential row may still be used."""
    if row.revoked_at is not None:
        return False
    if token.startswith(API_TOKEN_PREFIX):
        return row.expires_at is None or row.expires_at > now
    idle = timedelta(minutes=get_settings().session_idle_minutes)
    return row.expires_at > now and now - row.last_seen_at <= idle


def authenticate(session: Session, token: str | None, *, ip: str | None = None) -> Principal:
    """Resolve a session or API token to a Principal, or raise 401."""
    if not token:
        raise Unauthorized()
    now = utcnow()
    rows = _credential_rows(session, token)
    is_api = token.startswith(API_TOKEN_PREFIX)
    if not rows or not _live(rows[0], token, now):
        if is_api:
            raise Unauthorized("the API token is unknown, revoked or expired")
        raise Unauthorized("the session has ended; sign in again")
    row = rows[0]
    user = row.User
    if not user.is_active or user.locked_at is not None:
        raise Unauthorized("the session has ended; sign in again")
    seen = row.last_used_at if is_api else row.last_seen_at
    if seen is None or now - seen > TOUCH_EVERY:
        prefix = API_TOKEN_PREFIX if is_api else SESSION_PREFIX
        session.execute(_TOUCH[prefix], {"row_id": row.id, "now": now})
    grant = TokenGrant(row.id, row.prefix, row.scope) if is_api else None
    programs = {r.program_id for r in rows if r.program_id is not None}
    return Principal(user=user, program_ids=programs, token=grant, ip=ip)


def create_api_token(
    session: Session,
    *,
    user_id: int,
    name: str,
    scope: str = "read",
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Issue an API token; the plaintext is returned once and only its hash is kept."""
    if scope not in ("read", "write"):
        raise Invalid("scope must be read or write", field="scope")
    if expires_at is not None and expires_at <= utcnow():
        raise Invalid("expires_at must be in the future", field="expires_at")
    plaintext = new_token(API_TOKEN_PREFIX)
    row = ApiToken(
        name=name,
        user_id=user_id,
        token_hash=token_hash(plaintext),
        prefix=plaintext[:10],
        scope=scope,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row, plaintext
