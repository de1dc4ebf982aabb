"""Use cases for accounts and API tokens, for administrators."""

from __future__ import annotations

from sqlmodel import Session, delete, select

from service import audit
from service.accounts import auth, lockout
from service.accounts.auth import Principal
from service.db import utcnow
from service.errors import Invalid
from service.models import ApiToken, Program, User, UserProgram
from service.models.base import Role
from service.repo import paginate
from service.schemas.accounts import ApiTokenPublic, UserPublic, UserUpdate


def user_public(session: Session, user: User) -> UserPublic:
    """An account without its secrets."""
    pids = session.exec(select(UserProgram.program_id).where(UserProgram.user_id == user.id)).all()
    return UserPublic(
        id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=user.role,
        is_active=user.is_active,
        locked=user.locked_at is not None or bool(lockout.throttled_addresses(session, user)),
        second_factor=user.totp_confirmed_at is not None,
        program_ids=sorted(pids),
        created_at=user.created_at,
        last_login_at=user.last_login_at,
    )


def list_users(
    session: Session, *, limit: int | None = None, offset: int = 0, active_only: bool = False
) -> tuple[list[User], int]:
    """Accounts by id (a page), or every account by email when no limit is given."""
    stmt = select(User)
    if active_only:
        stmt = stmt.where(User.is_active)
    if limit is None:
        rows = list(session.exec(stmt.order_by(User.email)).all())
        return rows, len(rows)
    return paginate(session, stmt.order_by(User.id), limit=limit, offset=offset)


def list_tokens(
    session: Session, *, limit: int | None = None, offset: int = 0
) -> tuple[list[ApiToken], int]:
    """API tokens by id (a page), or every token newest first when no limit is given."""
    if limit is None:
        stmt = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        rows = list(session.exec(stmt).all())
        return rows, len(rows)
    return paginate(session, select(ApiToken).order_by(ApiToken.id), limit=limit, offset=offset)


def check_programs(session: Session, program_ids: list[int]) -> None:
    """Refuse unknown program ids."""
    for pid in program_ids:
        if session.get(Program, pid) is None:
            raise Invalid(f"program {pid} does not exist", field="program_ids")


def update_user(session: Session, user: User, data: UserUpdate, principal: Principal) -> User:
    """Change an account's role, programs or state; every change is audited."""
    # An administrator who demotes or deactivates themselves may leave nobody able to undo it.
    if user.id == principal.user.id and (
        (data.role is not None and data.role != Role.admin) or data.is_active is False
    ):
        raise Invalid("you cannot remove your own administrator access", field="role")
    changes = data.model_dump(exclude_unset=True, exclude={"unlock", "program_ids"})
    for key, value in changes.items():
        setattr(user, key, value.value if hasattr(value, "value") else value)
    if data.unlock:
        lockout.unlock(session, user, principal)
    if data.program_ids is not None:
        check_programs(session, data.program_ids)
        session.exec(delete(UserProgram).where(UserProgram.user_id == user.id))
        for pid in dict.fromkeys(data.program_ids):
            session.add(UserProgram(user_id=user.id, program_id=pid))
    session.add(user)
    audit.by(
        session,
        principal,
        "permission_change",
        "user",
        user.id,
        detail=", ".join(sorted(data.model_dump(exclude_unset=True))),
    )
    session.flush()
    return user


def revoke_token(session: Session, token: ApiToken, principal: Principal) -> None:
    """Revoke an API token at once; audited (revoking a revoked token changes nothing)."""
    if token.revoked_at is None:
        audit.by(session, principal, "permission_change", "api_token", token.id, detail="revoked")
        token.revoked_at = utcnow()
        session.add(token)


def token_public(token: ApiToken) -> ApiTokenPublic:
    """A token's metadata."""
    return ApiTokenPublic.model_validate(token.model_dump())


def create_account(session: Session, data, principal: Principal) -> User:
    """Create an account for the given programs (password rules apply); audited."""
    check_programs(session, data.program_ids)
    user = auth.create_user(
        session,
        email=data.email,
        full_name=data.full_name,
        password=data.password,
        role=data.role.value,
        program_ids=data.program_ids,
    )
    audit.by(
        session,
        principal,
        "permission_change",
        "user",
        user.id,
        detail=f"created as {data.role.value}",
    )
    return user


def issue_api_token(
    session: Session, principal: Principal, *, user_id: int, name: str, scope: str, expires_at=None
) -> tuple[ApiToken, str]:
    """Issue an API token acting as a user; the secret is returned once and only its hash kept; audited."""
    if session.get(User, user_id) is None:
        raise Invalid(f"user {user_id} does not exist", field="user_id")
    if not name.strip():
        raise Invalid("give the token a name that says who uses it", field="name")
    row, plaintext = auth.create_api_token(
        session, user_id=user_id, name=name.strip()[:120], scope=scope, expires_at=expires_at
    )
    audit.by(
        session, principal, "permission_change", "api_token", row.id, detail=f"issued ({scope})"
    )
    return row, plaintext
