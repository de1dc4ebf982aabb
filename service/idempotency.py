"""Idempotency-Key on POST /api/v1: the same key and body get the first answer; another body gets 422.

A key belongs to the user, whichever of their sessions or tokens sends it (a retry after signing
in again is still a retry), and bodies are compared as the JSON they mean, not as bytes.
"""

from __future__ import annotations

import hashlib
import json

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware

from service.accounts.auth import authenticate
from service.db import get_engine
from service.deps import SESSION_COOKIE
from service.errors import ConveneError
from service.models import IdempotencyRecord
from service.threadpools import sqlite_turn

HEADER = "idempotency-key"
MAX_KEY = 200


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {
            "error": {
                "code": code,
                "message": message,
                "details": [{"field": "header.Idempotency-Key", "reason": message}],
            }
        },
        status,
    )


def _owner(credential: str) -> str | None:
    """Whose key this is: the user the session or token belongs to, or None when it is no
    valid credential (the route then answers 401 itself)."""
    with Session(get_engine()) as session:
        try:
            user = authenticate(session, credential).user
        except ConveneError:
            return None
        # Nothing authenticate touched (a last-seen time) is kept: the request itself does that.
        session.rollback()
        return f"user:{user.id}"


def _credential(request: Request) -> str | None:
    bearer = request.headers.get("authorization", "")
    scheme, _, value = bearer.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(SESSION_COOKIE)


def _request_hash(request: Request, body: bytes) -> str:
    """The request as it means: the path and query, and the body as parsed JSON when it is JSON
    (the same object sent with other spacing or key order is the same request)."""
    try:
        meant = json.dumps(
            json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    except (ValueError, RecursionError):
        meant = body  # not JSON (the route will say so): compared as sent
    return hashlib.sha256(f"{request.url.path}?{request.url.query}\n".encode() + meant).hexdigest()


def _claim(scope: str, key: str, request_hash: str) -> IdempotencyRecord | None:
    """The stored record for this key, or None after claiming the key for this request."""
    with Session(get_engine(), expire_on_commit=False) as session:
        found = session.exec(
            select(IdempotencyRecord).where(
                IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
            )
        ).first()
        if found is not None:
            return found
        session.add(IdempotencyRecord(scope=scope, key=key, request_hash=request_hash))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return session.exec(
                select(IdempotencyRecord).where(
                    IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
                )
            ).first()
    return None


def _finish(scope: str, key: str, status: int, body: bytes, content_type: str | None) -> None:
    with Session(get_engine()) as session:
        record = session.exec(
            select(IdempotencyRecord).where(
                IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
            )
        ).first()
        if record is None:
            return
        if status >= 500:
            session.delete(record)  # nothing was stored: a retry may run again
        else:
            record.state, record.response_status = "done", status
            record.response_body, record.content_type = (
                body.decode("utf-8", "replace"),
                content_type,
            )
            session.add(record)
        session.commit()


def install(app: FastAPI) -> None:
    """Add the Idempotency-Key behaviour to every POST under /api/v1."""
    app.add_middleware(IdempotencyMiddleware)


class IdempotencyMiddleware:
    """Sends keyed POSTs under /api/v1 through the idempotency check; everything else straight on.

    Plain ASGI in front, so requests without a key (webhooks, pages, reads) do not pay for the
    request and response copies that BaseHTTPMiddleware makes.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.keyed = BaseHTTPMiddleware(app, dispatch=_idempotency)

    async def __call__(self, scope, receive, send) -> None:
        """Route the request by whether it carries an Idempotency-Key."""
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].startswith("/api/v1/")
            and any(name.lower() == HEADER.encode() for name, _ in scope["headers"])
        ):
            await self.keyed(scope, receive, send)
        else:
            await self.app(scope, receive, send)


async def _idempotency(request: Request, call_next):
    """Answer a repeated key with the first answer, a reused key with 422, else run and store."""
    key = request.headers[HEADER]
    credential = _credential(request)
    if not credential:
        return await call_next(request)  # no caller: the route answers 401 itself
    async with sqlite_turn(get_engine()):
        scope = await run_in_threadpool(_owner, credential)
    if scope is None:
        return await call_next(request)
    if not key.strip() or len(key) > MAX_KEY or not key.isprintable():
        return _error(
            422,
            "validation_error",
            f"Idempotency-Key must be 1 to {MAX_KEY} printable characters",
        )
    request_hash = _request_hash(request, await request.body())
    async with sqlite_turn(get_engine()):  # as every request's session does (service.deps)
        found = await run_in_threadpool(_claim, scope, key, request_hash)
    if found is not None:
        if found.request_hash != request_hash:
            return _error(
                422,
                "idempotency_mismatch",
                "this Idempotency-Key was already used with a different request",
            )
        if found.state != "done":
            return _error(
                409,
                "idempotency_in_progress",
                "a request with this Idempotency-Key is still running",
            )
        return Response(
            found.response_body,
            status_code=found.response_status,
            media_type=found.content_type,
            headers={"Idempotent-Replayed": "true"},
        )
    try:
        response = await call_next(request)
    except BaseException:
        async with sqlite_turn(get_engine()):  # nothing was stored: a retry may run again
            await run_in_threadpool(_finish, scope, key, 500, b"", None)
        raise
    chunks = [chunk async for chunk in response.body_iterator]
    payload = b"".join(chunks)
    content_type = response.headers.get("content-type")
    async with sqlite_turn(get_engine()):
        await run_in_threadpool(_finish, scope, key, response.status_code, payload, content_type)
    return Response(payload, status_code=response.status_code, headers=dict(response.headers))


__all__ = ["install"]
