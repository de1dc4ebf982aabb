"""Schemas for sign-in, users and API tokens."""

from __future__ import annotations

from datetime import datetime

from pydantic import EmailStr, Field
from sqlmodel import SQLModel

from service.models.base import Role
from service.schemas.common import AwareDatetime, Changes


class LoginRequest(SQLModel):
    """Email and password, and the authenticator code when the account has a second factor."""

    email: EmailStr
    password: str = Field(min_length=1, max_length=200)
    totp_code: str | None = Field(default=None, max_length=16)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "email": "coordinator@example.org",
                    "password": "a long passphrase",
                    "totp_code": "492039",
                }
            ]
        }
    }


class TotpEnrolRequest(SQLModel):
    """Email and password of an account without a confirmed second factor."""

    email: EmailStr
    password: str = Field(min_length=1, max_length=200)


class TotpConfirmRequest(TotpEnrolRequest):
    """The first code the authenticator app shows, which confirms enrolment."""

    code: str = Field(min_length=1, max_length=16)


class TotpEnrolment(SQLModel):
    """The secret to add to an authenticator app, as text and as an otpauth:// URI."""

    secret: str
    otpauth_uri: str


class LoginResponse(SQLModel):
    """A bearer token for the API (the same value is set as the session cookie)."""

    access_token: str
    token_type: str = "bearer"
    user_id: int
    role: Role


class UserCreate(SQLModel):
    """A new account."""

    email: EmailStr
    full_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=8, max_length=200)
    role: Role
    program_ids: list[int] = []


class UserUpdate(Changes):
    """Account fields an administrator may change."""

    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    is_active: bool | None = None
    unlock: bool = False
    program_ids: list[int] | None = None


class UserPublic(SQLModel):
    """An account, without secrets."""

    id: int
    email: str
    full_name: str
    role: Role
    is_active: bool
    locked: bool = Field(
        description="locked by an administrator, or some address must wait after failed "
        "sign-ins; `unlock` lifts both"
    )
    second_factor: bool = False
    program_ids: list[int] = []
    created_at: datetime
    last_login_at: datetime | None


class ApiTokenCreate(SQLModel):
    """A token for another system, acting as the given user."""

    name: str = Field(min_length=1, max_length=120)
    user_id: int
    scope: str = Field(default="read", pattern="^(read|write)$")
    expires_at: AwareDatetime | None = None


class ApiTokenPublic(SQLModel):
    """A token's metadata; the secret is never shown again."""

    id: int
    name: str
    user_id: int
    prefix: str
    scope: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiTokenCreated(ApiTokenPublic):
    """A new token, with its secret shown this once."""

    token: str
