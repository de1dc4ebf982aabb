"""Errors that carry their own HTTP status, and the one handler that renders them all as JSON."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException


class ErrorDetail(BaseModel):
    """One thing wrong with a request: where, and why."""

    field: str | None = None
    reason: str


class ErrorBody(BaseModel):
    """The stable shape of every error."""

    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorResponse(BaseModel):
    """What every 4xx and 5xx answer carries."""

    error: ErrorBody


class ConveneError(Exception):
    """Base of all errors a use case raises on purpose."""

    status_code = 400
    code = "bad_request"

    def __init__(
        self, message: str, *, field: str | None = None, details: list[dict] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.details = details or ([{"field": field, "reason": message}] if field else [])
        self.headers: dict[str, str] | None = None


class NotFound(ConveneError):
    """The record does not exist (or the caller may not know it exists)."""

    status_code = 404
    code = "not_found"


class Conflict(ConveneError):
    """The request clashes with what is stored (a duplicate, a double booking)."""

    status_code = 409
    code = "conflict"


class Invalid(ConveneError):
    """A value is not acceptable for a business reason."""

    status_code = 422
    code = "validation_error"


class Ineligible(Invalid):
    """A referral the program may not take."""

    code = "ineligible"


class Unauthorized(ConveneError):
    """No valid credentials."""

    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "sign in or send a valid bearer token"):
        super().__init__(message)
        self.headers = {"WWW-Authenticate": "Bearer"}


class Forbidden(ConveneError):
    """Valid credentials, but not allowed."""

    status_code = 403
    code = "forbidden"


class TotpRequired(Unauthorized):
    """The password was right; the account's authenticator code is needed as well."""

    code = "totp_required"


class TotpInvalid(Unauthorized):
    """The authenticator code was wrong, or was already used once."""

    code = "totp_invalid"


class TotpEnrolmentRequired(Forbidden):
    """The role needs a second factor and the account has none yet: enrol first."""

    code = "totp_enrolment_required"


def _body(code: str, message: str, details: list[dict] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}


def _loc_to_field(loc: tuple | list) -> str:
    return ".".join(str(part) for part in loc)


def install_error_handlers(app: FastAPI) -> None:
    """Render every error as the same JSON shape."""

    @app.exception_handler(ConveneError)
    async def _convene(request: Request, exc: ConveneError):
        from service.web.base import error_page, wants_html

        if wants_html(request):
            return error_page(request, exc.status_code, exc.message)
        return JSONResponse(
            _body(exc.code, exc.message, exc.details),
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
        return JSONResponse(_body("validation_error", summary or "invalid request", details), 422)

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        # A constraint the use case did not pre-check: still a conflict, never a 500.
        known = _known_constraint(exc)
        if known is not None:
            message, details = known
            return JSONResponse(_body("conflict", message, details), 409)
        text = str(exc.orig).splitlines()[0] if exc.orig else "constraint violated"
        return JSONResponse(
            _body("conflict", f"the change conflicts with stored data ({text})"), 409
        )

    @app.exception_handler(OperationalError)
    async def _busy(_: Request, exc: OperationalError) -> JSONResponse:
        # SQLite's writer lock held too long under a burst: a retry will succeed; never a 500.
        if "database is locked" in str(exc.orig):
            return JSONResponse(
                _body("busy", "the database is busy; try again in a moment"),
                503,
                headers={"Retry-After": "1"},
            )
        raise exc

    @app.exception_handler(SQLAlchemyTimeoutError)
    async def _pool(_: Request, exc: SQLAlchemyTimeoutError) -> JSONResponse:
        # Every database connection is busy: a short wait and a retry will do.
        return JSONResponse(
            _body("busy", "the service is busy; try again in a moment"),
            503,
            headers={"Retry-After": "2"},
        )

    @app.exception_handler(DataError)
    async def _data(_: Request, exc: DataError) -> JSONResponse:
        # The database refused a value the schemas let through (PostgreSQL: a NUL character, a
        # number out of range): bad input, never a 500. The value itself is not echoed back.
        return JSONResponse(
            _body(
                "validation_error",
                "a value is not acceptable to the database (too long, "
                "out of range, or containing a NUL character)",
            ),
            422,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # A bug or a database failure (an audit event that cannot be written, a lost
        # connection): the request's transaction was rolled back, so nothing of it was stored.
        # Uvicorn still logs the traceback; the caller gets the usual shape, without internals.
        from service.web.base import error_page, wants_html

        message = (
            "an unexpected error stopped this request; nothing it would have changed was stored"
        )
        if wants_html(request):
            return error_page(request, 500, message)
        return JSONResponse(_body("internal_error", message), 500)

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> JSONResponse:
        # SQLite cannot bind an integer beyond 64 bits. An id that large in the path names no
        # record; anywhere else it is a number out of range.
        for name, value in request.path_params.items():
            if name.endswith("_id") and len(str(value).lstrip("+-")) > 18:
                return JSONResponse(_body("not_found", f"{name} {str(value)[:24]} not found"), 404)
        return JSONResponse(_body("validation_error", "a number or date is out of range"), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        from service.web.base import error_page, wants_html

        if wants_html(request) and exc.status_code in (403, 404, 405):
            return error_page(request, exc.status_code, str(exc.detail))
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
            _body(code, str(exc.detail)), status_code=exc.status_code, headers=headers
        )


# PostgreSQL's exclusion constraint on seats (alembic 0010): one volunteer, overlapping times.
SEAT_TIME_CONSTRAINT = "ex_seat_volunteer_time"
_KEY_VOLUNTEER = re.compile(r"\)=\(\[(\d+),")


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
    return ", ".join(sorted(methods))


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Malformed request (a body that is not JSON)"},
    401: {"model": ErrorResponse, "description": "Not signed in"},
    403: {"model": ErrorResponse, "description": "Not allowed for this role"},
    404: {"model": ErrorResponse, "description": "No such record (or not one the caller may see)"},
    409: {
        "model": ErrorResponse,
        "description": "Clashes with stored data (a duplicate, a double booking)",
    },
    422: {"model": ErrorResponse, "description": "Invalid input: names the field and the reason"},
}
