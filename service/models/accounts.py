"""Users, their programs, sessions, API tokens and the audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Index
from sqlmodel import Field, SQLModel

from service.models.base import Role, check_in, utc_field


class User(SQLModel, table=True):
    """A coordinator, admin or viewer."""

    __tablename__ = "user_account"
    __table_args__ = (
        check_in("role", Role, "ck_user_role"),
        CheckConstraint("failed_logins >= 0", name="ck_user_failed_logins"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    full_name: str = Field(max_length=200)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=16)
    is_active: bool = True
    failed_logins: int = 0
    locked_at: datetime | None = utc_field(nullable=True)
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_confirmed_at: datetime | None = utc_field(nullable=True)
    totp_last_step: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = utc_field(default_now=True)
    last_login_at: datetime | None = utc_field(nullable=True)


class UserProgram(SQLModel, table=True):
    """A program a coordinator or viewer works in."""

    __tablename__ = "user_program"

    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", primary_key=True)
    program_id: int = Field(foreign_key="program.id", ondelete="CASCADE", primary_key=True)


class WebSession(SQLModel, table=True):
    """A signed-in session; the cookie or bearer value is stored only as a hash."""

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    created_at: datetime = utc_field(default_now=True)
    last_seen_at: datetime = utc_field(default_now=True)
    expires_at: datetime = utc_field()
    revoked_at: datetime | None = utc_field(nullable=True)
    ip: str | None = Field(default=None, max_length=64)


class ApiToken(SQLModel, table=True):
    """A token another system uses; stored hashed, scoped, expiring and revocable."""

    __tablename__ = "api_token"
    __table_args__ = (CheckConstraint("scope IN ('read', 'write')", name="ck_api_token_scope"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=16)
    scope: str = Field(default="read", max_length=8)
    created_at: datetime = utc_field(default_now=True)
    expires_at: datetime | None = utc_field(nullable=True)
    revoked_at: datetime | None = utc_field(nullable=True)
    last_used_at: datetime | None = utc_field(nullable=True)


class AuditEvent(SQLModel, table=True):
    """Who did what to which record, when, from where, and how it ended. Append-only."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_entity", "entity", "entity_id"),
        Index("ix_audit_at", "at"),
        # Sign-in throttling reads the recent attempts of an email and of an address.
        Index("ix_audit_actor_at", "actor", "at"),
        Index("ix_audit_ip_at", "ip", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_field(default_now=True)
    user_id: int | None = Field(default=None, index=True)
    actor: str = Field(max_length=254)
    action: str = Field(max_length=40)
    entity: str = Field(max_length=40)
    entity_id: str | None = Field(default=None, max_length=64)
    ip: str | None = Field(default=None, max_length=64)
    outcome: str = Field(default="success", max_length=16)
    detail: str = Field(default="", max_length=2000)
