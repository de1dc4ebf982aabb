"""Sign-in and sign-out pages."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from service import auth
from service.config import get_settings
from service.deps import SESSION_COOKIE, SessionDep, client_ip
from service.errors import Unauthorized
from service.web.base import Csrf, render

router = APIRouter(include_in_schema=False)


def _safe_next(url: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link borrow Convene's sign-in.
    return url if url and url.startswith("/") and not url.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    """The sign-in form."""
    return render(request, "login.html", next=_safe_next(next))


@router.post("/login")
def login_submit(
    request: Request,
    session: SessionDep,
    email: str = Form(...),
    password: str = Form(...),
    next: str = Form("/"),
):
    """Check the password, start a session, and go where the user was heading."""
    try:
        _user, token = auth.login(session, email, password, ip=client_ip(request))
    except Unauthorized as exc:
        session.commit()  # keep the failed attempt and its audit event
        return render(
            request,
            "login.html",
            error=exc.message,
            email=email,
            next=_safe_next(next),
            status_code=401,
        )
    settings = get_settings()
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.env == "production",
        max_age=settings.session_max_hours * 3600,
    )
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep, _csrf: Csrf):
    """End the session on the server and forget the cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.logout(session, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
