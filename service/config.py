"""One typed settings class, read from CONVENE_* environment variables and an optional .env."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.integrations.destinations import parse_networks

PLACEHOLDER_SECRETS = {"", "changethis", "change-me", "changeme", "secret", "dev-insecure-key"}
DEV_SECRET = "dev-insecure-key"


class Settings(BaseSettings):
    """Everything Convene reads from its environment."""

    model_config = SettingsConfigDict(
        env_prefix="CONVENE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Literal["development", "production"] = "development"
    database_url: str = "sqlite:///./convene.db"
    public_base_url: str = "http://127.0.0.1:8000"
    timezone: str = "America/Los_Angeles"
    secret_key: str = DEV_SECRET

    sms_provider: Literal["console", "twilio"] = "console"
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_messaging_service_sid: str | None = None
    twilio_from_number: str | None = None

    email_provider: Literal["console", "smtp"] = "console"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    email_from: str = "Convene <convene@localhost>"

    sms_rate_per_second: float = Field(default=10.0, gt=0)
    # Today and the attention list: one computation serves every caller who sees the same
    # programs for this long; a caller's own changes show at once (service/reports/shared.py).
    today_shared_seconds: float = Field(default=5.0, ge=0)
    # PostgreSQL connections each process keeps open: a request holds one from start to commit,
    # so the pool covers the requests a worker runs at once (anyio's 40 threads); processes x
    # (size + overflow) must stay under the server's max_connections (100 by default).
    database_pool_size: int = Field(default=30, gt=0)
    database_pool_overflow: int = Field(default=10, ge=0)
    run_dispatcher_in_server: bool = True
    # The periodic jobs (service/jobs): run by `convene worker`, and by `convene serve` too unless
    # this is off; each job runs once per period however many processes try.
    run_jobs_in_server: bool = True
    jobs_poll_seconds: float = Field(default=60.0, gt=0)
    # Test and staging only: send Twilio API calls to this base URL (a fake or a contract mock).
    twilio_api_base_url: str | None = None
    # The outbox dispatcher (see service/outbox): how it polls, batches, retries and reconciles.
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    outbox_batch_size: int = Field(default=8, gt=0)
    outbox_concurrency: int = Field(default=4, gt=0)
    outbox_max_attempts: int = Field(default=10, gt=0)
    outbox_backoff_seconds: float = Field(default=5.0, ge=0)
    outbox_backoff_max_seconds: float = Field(default=900.0, ge=0)
    outbox_stuck_after_seconds: float = Field(default=120.0, gt=0)
    # `convene serve` after SIGTERM: how long requests in flight may take to finish before
    # uvicorn cancels them; then the in-server dispatcher ends its batch and stops.
    graceful_timeout_seconds: float = Field(default=30.0, gt=0)
    demo_on_empty: bool = True
    # Closed cases keep names, phones and message bodies this long (3 years: California's
    # Dispute Resolution Programs Act keeps statistics 3 years), then `convene retention` strips them.
    retention_days: int = Field(default=1095, ge=30)
    session_idle_minutes: int = Field(default=30, gt=0)
    session_max_hours: int = Field(default=12, gt=0)
    # Coordinators and admins sign in with an authenticator code as well (OWASP ASVS level 2,
    # CJIS advanced authentication). Viewers may enrol; a factor once confirmed is always asked.
    totp_required: bool = True
    # Operators: log lines as JSON objects (one per line, with the request id) for a log
    # collector, and a bearer token /metrics asks of its scraper (open when unset: counts only).
    log_format: Literal["text", "json"] = "text"
    metrics_token: str | None = None
    # Webhook receivers must be on public addresses in production, except on these networks
    # (comma-separated CIDR, e.g. "10.20.0.0/16"); see service/integrations/destinations.py.
    webhook_private_networks: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @field_validator("webhook_private_networks")
    @classmethod
    def _networks(cls, value: str) -> str:
        parse_networks(value)
        return value

    @field_validator("public_base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _production_is_configured(self) -> Settings:
        if self.env != "production":
            return self
        if self.secret_key.strip().lower() in PLACEHOLDER_SECRETS or len(self.secret_key) < 32:
            raise ValueError(
                "CONVENE_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (for example: python -c 'import secrets;print(secrets.token_urlsafe(48))')"
            )
        if self.sms_provider == "twilio":
            if not (self.twilio_account_sid and self.twilio_auth_token):
                raise ValueError(
                    "CONVENE_TWILIO_ACCOUNT_SID and _AUTH_TOKEN are required for Twilio"
                )
            if not (self.twilio_messaging_service_sid or self.twilio_from_number):
                raise ValueError(
                    "set CONVENE_TWILIO_MESSAGING_SERVICE_SID or CONVENE_TWILIO_FROM_NUMBER"
                )
        if self.email_provider == "smtp" and not self.smtp_host:
            raise ValueError("CONVENE_SMTP_HOST is required when CONVENE_EMAIL_PROVIDER=smtp")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The program's default time zone as a ZoneInfo."""
        return ZoneInfo(self.timezone)

    @property
    def webhook_guard(self) -> tuple | None:
        """The networks webhook receivers may be on besides public ones; None: no check (dev)."""
        if self.env != "production":
            return None
        return parse_networks(self.webhook_private_networks)

    @property
    def https(self) -> bool:
        """True when Convene is reached over HTTPS (CONVENE_PUBLIC_BASE_URL): cookies are Secure."""
        return self.public_base_url.lower().startswith("https://")

    @property
    def is_sqlite(self) -> bool:
        """True when the database is a SQLite file or memory database."""
        return self.database_url.startswith("sqlite")


def describe(exc: ValidationError) -> str:
    """A settings error in one line, naming each CONVENE_* variable and what is wrong with it."""
    parts = []
    for err in exc.errors():
        message = str(err["msg"]).removeprefix("Value error, ")
        names = [str(p) for p in err.get("loc", ()) if isinstance(p, str)]
        parts.append(f"CONVENE_{names[0].upper()}: {message}" if names else message)
    return "; ".join(parts)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
