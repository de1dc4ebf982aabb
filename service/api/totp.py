"""The second factor over the API: enrol an authenticator, confirm it, and an admin's reset."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from service.accounts import auth, totp
from service.api.auth import signed_in
from service.deps import Admin, SessionDep, SettingsDep, client_ip
from service.errors import ERROR_RESPONSES, THROTTLE_RESPONSE, ConveneError
from service.models import User
from service.repo import get_or_404
from service.schemas.accounts import (
    LoginResponse,
    TotpConfirmRequest,
    TotpEnrolment,
    TotpEnrolRequest,
)

router = APIRouter(tags=["auth"], responses=ERROR_RESPONSES)


@router.post("/auth/totp/enrol", response_model=TotpEnrolment, responses=THROTTLE_RESPONSE)
def enrol(
    body: TotpEnrolRequest, request: Request, response: Response, session: SessionDep
) -> TotpEnrolment:
    """Email and password of an account without a confirmed factor: the secret for an app.

    The same secret comes back until it is confirmed. An account that already has a factor
    gets 409; an administrator resets a lost one.
    """
    ip = client_ip(request)
    try:
        user = auth.check_password(session, body.email, body.password, ip=ip)
        secret = totp.start_enrolment(session, user, ip=ip)
    except ConveneError:
        session.commit()  # keep the failed-attempt count and its audit event
        raise
    response.headers["Cache-Control"] = "no-store"  # a secret: no cache may keep it
    return TotpEnrolment(secret=secret, otpauth_uri=totp.provisioning_uri(user, secret))


@router.post("/auth/totp/confirm", response_model=LoginResponse, responses=THROTTLE_RESPONSE)
def confirm(
    body: TotpConfirmRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> LoginResponse:
    """Confirm enrolment with the app's first code; this also signs in (a bearer token)."""
    ip = client_ip(request)
    try:
        user = auth.check_password(session, body.email, body.password, ip=ip)
        totp.confirm_enrolment(session, user, body.code, ip=ip)
    except ConveneError:
        session.commit()  # a wrong code is a failed sign-in: keep its count and audit event
        raise
    return signed_in(response, settings, user, auth.open_session(session, user, ip=ip))


@router.delete("/users/{user_id}/totp", status_code=204)
def reset(user_id: int, session: SessionDep, principal: Admin) -> None:
    """Remove a user's second factor (a lost phone); they enrol again at the next sign-in."""
    totp.reset(session, get_or_404(session, User, user_id, what="user"), principal)
