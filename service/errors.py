"""Errors that carry their own HTTP status and the one JSON shape they share (handlers: api/errors)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


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


class DatabaseUnavailable(ConveneError):
    """The database is missing (a SQLite file not created yet) or cannot be reached."""

    status_code = 503
    code = "database_unavailable"


class TooManyAttempts(ConveneError):
    """Too many failed sign-ins from this address: wait (Retry-After says how long)."""

    status_code = 429
    code = "too_many_attempts"


class TotpRequired(Unauthorized):
    """The password was right; the account's authenticator code is needed as well."""

    code = "totp_required"


class TotpInvalid(Unauthorized):
    """The authenticator code was wrong, or was already used once."""

    code = "totp_invalid"


class TotpEnrolmentRequired(Forbidden):
    """The role needs a second factor and the account has none yet: enrol first."""

    code = "totp_enrolment_required"


def error_body(code: str, message: str, details: list[dict] | None = None) -> dict[str, Any]:
    """The JSON body of every error: {"error": {"code", "message", "details"}}."""
    return {"error": {"code": code, "message": message, "details": details or []}}


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

# Only the sign-in routes answer 429 (service.accounts.lockout).
THROTTLE_RESPONSE: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorResponse, "description": "Too many failed sign-ins from this address"},
}
