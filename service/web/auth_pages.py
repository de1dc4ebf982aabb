"""Sign-in and sign-out pages, with the authenticator step for coordinators and admins.

The password step never opens a session when a second factor is due: it sets a short-lived
pending marker (service.totp) in its own cookie, sent only to /login pages, and redirects to
the code or the enrolment page. Only a right code there opens the real session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from service.accounts import auth, totp
from service.config import get_settings
from service.deps import SESSION_COOKIE, SessionDep, client_ip, set_session_cookie
from service.errors import ConveneError, TooManyAttempts, Unauthorized
from service.models import User
from service.web.base import Csrf, render

router = APIRouter(include_in_schema=False)
PENDING_PATH = "/login"  # the marker reaches /login, /login/code and /login/enrol, nothing else


def _safe_next(url: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link borrow Convene's sign-in.
    return url if url and url.startswith("/") and not url.startswith("//") else "/"


def _restart(next_url: str) -> RedirectResponse:
    response = RedirectResponse(f"/login?next={quote(_safe_next(next_url))}", status_code=303)
    response.delete_cookie(totp.PENDING_COOKIE, path=PENDING_PATH)
    return response


def _signed_in(session: Session, request: Request, user: User, next_url: str) -> RedirectResponse:
    """Open the session, set its cookie, forget the pending marker, go on."""
    token = auth.open_session(session, user, ip=client_ip(request))
    settings = get_settings()
    response = RedirectResponse(_safe_next(next_url), status_code=303)
    set_session_cookie(response, token, settings)
    response.delete_cookie(totp.PENDING_COOKIE, path=PENDING_PATH)
    return response


def _pending(request: Request, session: Session, step: totp.NextStep) -> User | None:
    return totp.read_pending(session, request.cookies.get(totp.PENDING_COOKIE), step)


# Login CSRF: without a token, another site could post its own account's credentials to /login
# and have a coordinator work (and type case notes) in the attacker's account. Nobody is signed
# in yet, so the token cannot be bound to a session: the form carries the MAC of a random value
# kept in a cookie (a signed double submit), which only a page of Convene can read and copy.
LOGIN_COOKIE = "convene_login"
LOGIN_FORM_LIFETIME = timedelta(hours=2)
FORM_EXPIRED = "Your sign-in form expired; please try again."


def _login_token(nonce: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"login-csrf|" + nonce.encode(), hashlib.sha256).hexdigest()[:40]


def _login_form(request: Request, *, status_code: int = 200, **context) -> HTMLResponse:
    """The sign-in form, its token, and the cookie the token is checked against."""
    nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = render(
        request, "login.html", login_csrf=_login_token(nonce), status_code=status_code, **context
    )
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        httponly=True,
        samesite="strict",  # never sent with a post from another site
        secure=get_settings().https,
        max_age=int(LOGIN_FORM_LIFETIME.total_seconds()),
        path=PENDING_PATH,
    )
    return response


def _form_is_ours(request: Request, sent: str) -> bool:
    nonce = request.cookies.get(LOGIN_COOKIE)
    return bool(nonce) and hmac.compare_digest(sent, _login_token(nonce))


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    """The sign-in form."""
    return _login_form(request, next=_safe_next(next))


@router.post("/login")
def login_submit(
    request: Request,
    session: SessionDep,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    csrf_token: str = Form(""),
):
    """Check the form's token and the password; then the authenticator step, or straight on."""
    if not _form_is_ours(request, csrf_token):
        # A fresh form (and cookie) comes back with the email kept: one more click signs in.
        return _login_form(
            request, error=FORM_EXPIRED, email=email, next=_safe_next(next), status_code=403
        )
    ip = client_ip(request)
    try:
        user = auth.check_password(session, email, password, ip=ip)
    except (Unauthorized, TooManyAttempts) as exc:
        session.commit()  # keep the failed attempt and its audit event
        response = _login_form(
            request,
            error=exc.message,
            email=email,
            next=_safe_next(next),
            status_code=exc.status_code,
        )
        response.headers.update(exc.headers or {})
        return response
    step = totp.next_step(user)
    if step == "none":
        return _signed_in(session, request, user, next)
    auth.password_accepted(
        session, user, "authenticator code" if step == "code" else "enrolment", ip=ip
    )
    settings = get_settings()
    response = RedirectResponse(f"/login/{step}?next={quote(_safe_next(next))}", status_code=303)
    response.set_cookie(
        totp.PENDING_COOKIE,
        totp.pending_marker(user, step),
        httponly=True,
        samesite="strict",  # a code form posted from another site never carries it
        secure=settings.https,
        max_age=int(totp.PENDING_LIFETIME.total_seconds()),
        path=PENDING_PATH,
    )
    return response


@router.get("/login/code", response_class=HTMLResponse)
def code_page(request: Request, session: SessionDep, next: str | None = None):
    """Ask for the authenticator code after a right password."""
    user = _pending(request, session, "code")
    if user is None:
        return _restart(next or "/")
    return render(request, "login_code.html", email=user.email, next=_safe_next(next))


@router.post("/login/code")
def code_submit(request: Request, session: SessionDep, code: str = Form(""), next: str = Form("/")):
    """Check the code; a right one opens the session."""
    user = _pending(request, session, "code")
    if user is None:
        return _restart(next)
    try:
        totp.verify(session, user, code, ip=client_ip(request))
    except (Unauthorized, TooManyAttempts) as exc:
        session.commit()  # a wrong code is a failed sign-in: keep its audit event
        response = render(
            request,
            "login_code.html",
            error=exc.message,
            email=user.email,
            next=_safe_next(next),
            status_code=exc.status_code,
        )
        response.headers.update(exc.headers or {})
        return response
    return _signed_in(session, request, user, next)


def _enrol_page(request, session, user, next_url, *, error=None, status=200) -> HTMLResponse:
    secret = totp.start_enrolment(session, user, ip=client_ip(request))
    response = render(
        request,
        "login_enrol.html",
        email=user.email,
        grouped=totp.grouped(secret),
        uri=totp.provisioning_uri(user, secret),
        next=_safe_next(next_url),
        error=error,
        status_code=status,
    )
    response.headers["Cache-Control"] = "no-store"  # the page shows a secret
    return response


@router.get("/login/enrol", response_class=HTMLResponse)
def enrol_page(request: Request, session: SessionDep, next: str | None = None):
    """Show the secret to add to an authenticator app (text and otpauth:// link)."""
    user = _pending(request, session, "enrol")
    if user is None:
        return _restart(next or "/")
    return _enrol_page(request, session, user, next)


@router.post("/login/enrol")
def enrol_submit(
    request: Request, session: SessionDep, code: str = Form(""), next: str = Form("/")
):
    """Confirm the app with its first code, and sign in."""
    user = _pending(request, session, "enrol")
    if user is None:
        return _restart(next)
    try:
        totp.confirm_enrolment(session, user, code, ip=client_ip(request))
    except ConveneError as exc:
        session.commit()  # a wrong code is a failed sign-in: keep its audit event
        status = 429 if isinstance(exc, TooManyAttempts) else 401
        return _enrol_page(request, session, user, next, error=exc.message, status=status)
    return _signed_in(session, request, user, next)


@router.post("/logout")
def logout(request: Request, session: SessionDep, _csrf: Csrf):
    """End the session on the server and forget the cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.logout(session, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
