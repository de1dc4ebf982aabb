"""Sign-in and sign-out for the API (bearer tokens) and the browser (a session cookie)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from service.accounts import auth as auth_uc
from service.accounts.users import user_public
from service.config import Settings
from service.deps import (
    SESSION_COOKIE,
    CurrentUser,
    SessionDep,
    SettingsDep,
    client_ip,
    set_session_cookie,
)
from service.errors import (
    ERROR_RESPONSES,
    THROTTLE_RESPONSE,
    Forbidden,
    TooManyAttempts,
    Unauthorized,
)
from service.models import User
from service.schemas.accounts import LoginRequest, LoginResponse, UserPublic

router = APIRouter(prefix="/auth", tags=["auth"], responses=ERROR_RESPONSES)


@router.post("/login", response_model=LoginResponse, responses=THROTTLE_RESPONSE)
def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> LoginResponse:
    """Exchange email, password and (for a second factor) `totp_code` for a bearer token.

    The token is also set as an HttpOnly cookie. A missing or wrong code is a 401 with code
    `totp_required` or `totp_invalid`; an admin or coordinator without an authenticator gets a
    403 `totp_enrolment_required` and enrols through `/auth/totp/enrol` and `/auth/totp/confirm`.
    After five failures from one address at one email, that address waits (429
    `too_many_attempts`, with Retry-After) 1, 2, 4, 8, then 15 minutes between tries.
    """
    try:
        user, token = auth_uc.login(
            session, body.email, body.password, ip=client_ip(request), totp_code=body.totp_code
        )
    except (Unauthorized, Forbidden, TooManyAttempts):
        session.commit()  # keep the failed attempt's audit event: it counts toward the wait
        raise
    return signed_in(response, settings, user, token)


def signed_in(response: Response, settings: Settings, user: User, token: str) -> LoginResponse:
    """Set the session cookie and answer with the bearer token."""
    set_session_cookie(response, token, settings)
    return LoginResponse(access_token=token, user_id=user.id, role=user.role)


@router.post("/logout", status_code=204)
def logout(
    request: Request, response: Response, session: SessionDep, principal: CurrentUser
) -> None:
    """End the current session on the server."""
    header = request.headers.get("authorization", "")
    token = (
        header[7:] if header.lower().startswith("bearer ") else request.cookies.get(SESSION_COOKIE)
    )
    if token:
        auth_uc.logout(session, token)
    response.delete_cookie(SESSION_COOKIE)


@router.get("/me", response_model=UserPublic)
def me(session: SessionDep, principal: CurrentUser) -> UserPublic:
    """Who the token or cookie belongs to."""
    return user_public(session, principal.user)
