"""The error handlers: every error in the one JSON shape of service.errors, never a traceback.

A browser gets the same error as a page: main.py passes the web floor's `page_for` in, so this
module (and service.errors below it) never imports a page module.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.errors import ConveneError, error_body

# (request, status, message) -> a page for a browser, or None for the JSON shape.
PageFor = Callable[[Request, int, str], Response | None]

logger = logging.getLogger("convene.errors")
# Never turned into an answer: the server is stopping or the client went away.
_STOPPING = (KeyboardInterrupt, SystemExit, GeneratorExit, asyncio.CancelledError)


def _loc_to_field(loc: tuple | list) -> str:
    return ".".join(str(part) for part in loc)


def install(app: FastAPI, page_for: PageFor | None = None) -> None:
    """Render every error as the same JSON shape, or as a page when `page_for` gives one."""
    page_for = page_for or (lambda request, status, message: None)

    @app.exception_handler(ConveneError)
    async def _convene(request: Request, exc: ConveneError):
        principal = getattr(request.state, "principal", None)
        if principal is not None and exc.status_code in (403, 404):
            # A refusal raised without the Principal (a record missing from a scoped query, a
            # check of its own) is still the Principal's refusal, audited the same way.
            principal.refuse(exc)
        page = page_for(request, exc.status_code, exc.message)
        if page is not None:
            return page
        return JSONResponse(
            error_body(exc.code, exc.message, exc.details),
            status_code=exc.status_code,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = []
        for err in exc.errors():
            reason = str(err.get("msg", "invalid")).removeprefix("Value error, ")
            details.append({"field": _loc_to_field(err.get("loc", ())), "reason": reason})
        summary = "; ".join(f"{d['field']}: {d['reason']}" for d in details[:5])
        return JSONResponse(
            error_body("validation_error", summary or "invalid request", details), 422
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        # A constraint the use case did not pre-check: still a conflict, never a 500.
        known = _known_constraint(exc)
        if known is not None:
            message, details = known
            return JSONResponse(error_body("conflict", message, details), 409)
        # The database's own words name tables and columns (and may quote stored values):
        # they go to the log, never to the caller.
        logger.warning("constraint refused a change: %s", str(exc.orig).splitlines()[0:1])
        return JSONResponse(
            error_body(
                "conflict",
                "the change conflicts with stored data (a duplicate of another record, or a "
                "record that others still refer to)",
            ),
            409,
        )

    @app.exception_handler(OperationalError)
    async def _busy(_: Request, exc: OperationalError) -> JSONResponse:
        # SQLite's writer lock held too long under a burst: a retry will succeed; never a 500.
        if "database is locked" in str(exc.orig):
            return JSONResponse(
                error_body("busy", "the database is busy; try again in a moment"),
                503,
                headers={"Retry-After": "1"},
            )
        raise exc

    @app.exception_handler(SQLAlchemyTimeoutError)
    async def _pool(_: Request, exc: SQLAlchemyTimeoutError) -> JSONResponse:
        # Every database connection is busy: a short wait and a retry will do.
        return JSONResponse(
            error_body("busy", "the service is busy; try again in a moment"),
            503,
            headers={"Retry-After": "2"},
        )

    @app.exception_handler(DataError)
    async def _data(_: Request, exc: DataError) -> JSONResponse:
        # The database refused a value the schemas let through (PostgreSQL: a NUL character, a
        # number out of range): bad input, never a 500. The value itself is not echoed back.
        return JSONResponse(
            error_body(
                "validation_error",
                "a value is not acceptable to the database (too long, "
                "out of range, or containing a NUL character)",
            ),
            422,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: BaseException):
        # A bug or a database failure (an audit event that cannot be written, a lost
        # connection): the request's transaction was rolled back, so nothing of it was stored.
        # Uvicorn still logs the traceback; the caller gets the usual shape, without internals.
        message = (
            "an unexpected error stopped this request; nothing it would have changed was stored"
        )
        page = page_for(request, 500, message)
        if page is None:
            page = JSONResponse(error_body("internal_error", message), 500)
        # After a failure nobody foresaw, the connection is not trusted with another request;
        # saying so lets a keep-alive client open a new one instead of finding this one dropped.
        page.headers["Connection"] = "close"
        return page

    # Innermost of the middlewares (install runs before any is added), so the answer still
    # passes the security headers, the request id, the metrics and the idempotency record.
    app.add_middleware(LastResort, answer=_unexpected)

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> JSONResponse:
        # SQLite cannot bind an integer beyond 64 bits. An id that large in the path names no
        # record; anywhere else it is a number out of range.
        for name, value in request.path_params.items():
            if name.endswith("_id") and len(str(value).lstrip("+-")) > 18:
                return JSONResponse(
                    error_body("not_found", f"{name} {str(value)[:24]} not found"), 404
                )
        return JSONResponse(error_body("validation_error", "a number or date is out of range"), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code in (403, 404, 405):
            page = page_for(request, exc.status_code, str(exc.detail))
            if page is not None:
                return page
        code = {
            400: "bad_request",
            401: "unauthorized",
            404: "not_found",
            405: "method_not_allowed",
        }.get(exc.status_code, "http_error")
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": _allowed_methods(request)}
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=headers
        )


class LastResort:
    """Answers an exception no handler took with the 500 error shape, instead of letting it out.

    Starlette's own last handler sits outside every middleware and re-raises after answering, so
    the answer lacked the security headers and uvicorn dropped the kept-alive connection. A
    BaseException that is not a stop (a Rust library's panic) is answered the same way.
    """

    def __init__(self, app, answer: Callable) -> None:
        self.app = app
        self.answer = answer

    async def __call__(self, scope, receive, send) -> None:
        """Run the request; on an escaped exception before the answer began, send the 500."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except BaseException as exc:
            if started or isinstance(exc, _STOPPING):
                raise  # half an answer cannot be mended: uvicorn closes the connection
            logger.exception("unexpected error in %s %s", scope["method"], scope["path"])
            response = await self.answer(Request(scope), exc)
            await response(scope, receive, send)


# PostgreSQL's exclusion constraint on seats (alembic 0010): one volunteer, overlapping times.
SEAT_TIME_CONSTRAINT = "ex_seat_volunteer_time"
_KEY_VOLUNTEER = re.compile(r"\)=\(\[([0-9]+),")


def _known_constraint(exc: IntegrityError) -> tuple[str, list[dict]] | None:
    """A plain-words message for a constraint people meet in normal use, or None.

    The exclusion constraint is checked at commit, so neither the statement nor the request
    tells which change clashed; the constraint's name and its key (the volunteer) do.
    """
    diag = getattr(exc.orig, "diag", None)
    if getattr(diag, "constraint_name", None) != SEAT_TIME_CONSTRAINT:
        return None
    found = _KEY_VOLUNTEER.search(getattr(diag, "message_detail", None) or "")
    who = f"volunteer {found.group(1)}" if found else "the volunteer"
    reason = (
        f"{who} already holds a seat on another scheduled hearing at an overlapping time "
        "(a volunteer cannot sit on two hearings at once)"
    )
    return (
        f"double booking refused: {who} would sit on two hearings at overlapping times",
        [{"field": "volunteer_id", "reason": reason}],
    )


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    path = request.scope.get("path", "")
    methods: set[str] = set()
    for route in request.app.router.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and getattr(route, "methods", None) and regex.match(path):
            methods |= set(route.methods)
    if "GET" in methods:
        methods.add("HEAD")  # service.head answers HEAD wherever GET is
    return ", ".join(sorted(methods))
