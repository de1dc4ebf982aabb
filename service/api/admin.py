"""Users and API tokens: administrators only."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import select

from service import audit, auth, users
from service.api.common import PageDep
from service.deps import Admin, SessionDep
from service.errors import ERROR_RESPONSES, Invalid
from service.models import ApiToken, User
from service.repo import get_or_404, paginate
from service.schemas.accounts import (
    ApiTokenCreate,
    ApiTokenCreated,
    ApiTokenPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from service.schemas.common import Page

router = APIRouter(tags=["admin"], responses=ERROR_RESPONSES)


@router.get("/users", response_model=Page[UserPublic])
def list_users(session: SessionDep, principal: Admin, page: PageDep) -> Page[UserPublic]:
    """All accounts."""
    rows, total = paginate(
        session, select(User).order_by(User.id), limit=page.limit, offset=page.offset
    )
    return Page(
        items=[users.user_public(session, u) for u in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/users", response_model=UserPublic, status_code=201)
def create_user(body: UserCreate, session: SessionDep, principal: Admin) -> UserPublic:
    """Create an account (password checked against length and common-password rules)."""
    users.check_programs(session, body.program_ids)
    user = auth.create_user(
        session,
        email=body.email,
        full_name=body.full_name,
        password=body.password,
        role=body.role.value,
        program_ids=body.program_ids,
    )
    audit.record(
        session,
        actor=principal.actor,
        user_id=principal.user.id,
        action="permission_change",
        entity="user",
        entity_id=user.id,
        ip=principal.ip,
        detail=f"created as {body.role.value}",
    )
    return users.user_public(session, user)


@router.get("/users/{user_id}", response_model=UserPublic)
def get_user(user_id: int, session: SessionDep, principal: Admin) -> UserPublic:
    """One account."""
    return users.user_public(session, get_or_404(session, User, user_id, what="user"))


@router.patch("/users/{user_id}", response_model=UserPublic)
def update_user(
    user_id: int, body: UserUpdate, session: SessionDep, principal: Admin
) -> UserPublic:
    """Change role, programs, active state, or unlock an account."""
    user = get_or_404(session, User, user_id, what="user")
    return users.user_public(session, users.update_user(session, user, body, principal))


@router.get("/api-tokens", response_model=Page[ApiTokenPublic])
def list_tokens(session: SessionDep, principal: Admin, page: PageDep) -> Page[ApiTokenPublic]:
    """All API tokens (metadata only)."""
    rows, total = paginate(
        session, select(ApiToken).order_by(ApiToken.id), limit=page.limit, offset=page.offset
    )
    return Page(
        items=[users.token_public(t) for t in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/api-tokens", response_model=ApiTokenCreated, status_code=201)
def create_token(body: ApiTokenCreate, session: SessionDep, principal: Admin) -> ApiTokenCreated:
    """Issue a token; its secret is in this answer and never again."""
    if session.get(User, body.user_id) is None:
        raise Invalid(f"user {body.user_id} does not exist", field="user_id")
    row, plaintext = auth.create_api_token(
        session, user_id=body.user_id, name=body.name, scope=body.scope, expires_at=body.expires_at
    )
    audit.record(
        session,
        actor=principal.actor,
        user_id=principal.user.id,
        action="permission_change",
        entity="api_token",
        entity_id=row.id,
        ip=principal.ip,
        detail=f"issued ({body.scope})",
    )
    return ApiTokenCreated(**users.token_public(row).model_dump(), token=plaintext)


@router.delete("/api-tokens/{token_id}", status_code=204)
def revoke_token(token_id: int, session: SessionDep, principal: Admin) -> None:
    """Revoke a token at once."""
    token = get_or_404(session, ApiToken, token_id, what="API token")
    users.revoke_token(session, token)
    audit.record(
        session,
        actor=principal.actor,
        user_id=principal.user.id,
        action="permission_change",
        entity="api_token",
        entity_id=token.id,
        ip=principal.ip,
        detail="revoked",
    )
