"""Users and API tokens: administrators only."""

from __future__ import annotations

from fastapi import APIRouter

from service.accounts import users
from service.api.common import PageDep
from service.deps import Admin, SessionDep
from service.errors import ERROR_RESPONSES
from service.models import ApiToken, User
from service.repo import get_or_404
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
    rows, total = users.list_users(session, limit=page.limit, offset=page.offset)
    return Page(
        items=[users.user_public(session, u) for u in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/users", response_model=UserPublic, status_code=201)
def create_user(body: UserCreate, session: SessionDep, principal: Admin) -> UserPublic:
    """Create an account (password checked against length and common-password rules)."""
    return users.user_public(session, users.create_account(session, body, principal))


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
    rows, total = users.list_tokens(session, limit=page.limit, offset=page.offset)
    return Page(
        items=[users.token_public(t) for t in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/api-tokens", response_model=ApiTokenCreated, status_code=201)
def create_token(body: ApiTokenCreate, session: SessionDep, principal: Admin) -> ApiTokenCreated:
    """Issue a token; its secret is in this answer and never again."""
    row, plaintext = users.issue_api_token(
        session,
        principal,
        user_id=body.user_id,
        name=body.name,
        scope=body.scope,
        expires_at=body.expires_at,
    )
    return ApiTokenCreated(**users.token_public(row).model_dump(), token=plaintext)


@router.delete("/api-tokens/{token_id}", status_code=204)
def revoke_token(token_id: int, session: SessionDep, principal: Admin) -> None:
    """Revoke a token at once."""
    token = get_or_404(session, ApiToken, token_id, what="API token")
    users.revoke_token(session, token, principal)
