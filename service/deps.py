"""Annotated dependency aliases: the session of a request and who is calling."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from anyio import CancelScope, to_thread
from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from service.accounts import auth
from service.config import Settings, get_settings
from service.db import get_engine
from service.errors import Forbidden
from service.models.base import Role
from service.threadpools import limiter, session_turn

SESSION_COOKIE = "convene_session"
# At least the most transactions one process can have open (its connection pool: 10 + 20). On
# PostgreSQL a deferred constraint makes a commit wait for other open transactions; with fewer
# commit threads than those, commits waiting on each other could hold every one of them.
COMMIT_THREADS = 40


def _commit_then_close(session: Session) -> None:
    try:
        session.commit()
    finally:
        session.close()


async def get_session() -> AsyncIterator[Session]:
    """One session per request, committed once when the endpoint returns without error."""
    engine = get_engine()
    # The endpoint uses the session in a worker thread; its commit (or rollback) runs in a
    # separate small pool, so it never queues behind requests waiting for a lock it holds.
    finish = limiter("commits", COMMIT_THREADS)
    async with session_turn(engine, get_settings().database_pool_size):
        session = Session(engine, expire_on_commit=False)
        closed = False
        try:
            yield session
            # one trip to the commit pool: commit and close together
            await to_thread.run_sync(_commit_then_close, session, limiter=finish)
            closed = True
        finally:
            if not closed:
                # Shielded: a client that hangs up must not leave the connection (and SQLite's
                # writer lock) with a session nobody closes.
                with CancelScope(shield=True):
                    await to_thread.run_sync(session.close, limiter=finish)  # rolls back


# scope="function": the commit runs before the response is sent, so a failed commit is a
# failed request rather than a success the client was already told about.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]

_bearer = HTTPBearer(
    auto_error=False, description="A session token from /api/v1/auth/login or an API token"
)


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    """Give the browser its session: HttpOnly, SameSite=Lax, Secure when the public URL is https."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        # The public URL says whether browsers reach Convene over HTTPS (behind a proxy that ends
        # TLS the request itself may be plain http); a production test over http still works.
        secure=settings.https,
        max_age=settings.session_max_hours * 3600,
    )


def client_ip(request: Request) -> str | None:
    """The caller's address as the server saw it."""
    return request.client.host if request.client else None


def get_principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> auth.Principal:
    """The authenticated caller, from a bearer token or the session cookie."""
    token = credentials.credentials if credentials else request.cookies.get(SESSION_COOKIE)
    principal = auth.authenticate(session, token, ip=client_ip(request))
    request.state.principal = principal  # its refusals are audited when the answer starts
    return principal


CurrentUser = Annotated[auth.Principal, Depends(get_principal)]


async def require_writer(principal: CurrentUser) -> auth.Principal:
    """Admins and coordinators (with a write-scoped token, if any)."""
    if not principal.can_write:
        raise principal.refuse(Forbidden("your role may not change records"))
    return principal


async def require_admin(principal: CurrentUser) -> auth.Principal:
    """Administrators only."""
    if principal.role != Role.admin:
        raise principal.refuse(Forbidden("only an administrator may do this"))
    return principal


# The role checks are async because they do no I/O: a sync dependency costs a worker-thread
# trip per request.
Writer = Annotated[auth.Principal, Depends(require_writer)]
Admin = Annotated[auth.Principal, Depends(require_admin)]
