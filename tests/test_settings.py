"""The settings class: names, defaults, and refusals in production."""

import pytest
from pydantic import ValidationError

from service.config import Settings


def test_defaults_are_the_embedded_development_setup(monkeypatch):
    for key in ("CONVENE_ENV", "CONVENE_DATABASE_URL", "CONVENE_SMS_PROVIDER"):
        monkeypatch.delenv(key, raising=False)
    s = Settings(_env_file=None)
    assert s.env == "development"
    assert s.database_url == "sqlite:///./convene.db"
    assert s.timezone == "America/Los_Angeles"
    assert s.sms_provider == "console" and s.email_provider == "console"


def test_reads_convene_prefixed_environment(monkeypatch):
    monkeypatch.setenv("CONVENE_PUBLIC_BASE_URL", "https://convene.example.org/")
    monkeypatch.setenv("CONVENE_TIMEZONE", "America/New_York")
    monkeypatch.setenv("CONVENE_SMTP_PORT", "2525")
    s = Settings(_env_file=None)
    assert s.public_base_url == "https://convene.example.org"
    assert s.zone.key == "America/New_York"
    assert s.smtp_port == 2525


@pytest.mark.parametrize("secret", ["changethis", "dev-insecure-key", "short-but-not-placeholder"])
def test_production_refuses_placeholder_or_short_secret(monkeypatch, secret):
    monkeypatch.setenv("CONVENE_ENV", "production")
    monkeypatch.setenv("CONVENE_SECRET_KEY", secret)
    with pytest.raises(ValidationError, match="CONVENE_SECRET_KEY"):
        Settings(_env_file=None)


def test_production_with_twilio_needs_its_credentials(monkeypatch):
    monkeypatch.setenv("CONVENE_ENV", "production")
    monkeypatch.setenv("CONVENE_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("CONVENE_SMS_PROVIDER", "twilio")
    with pytest.raises(ValidationError, match="TWILIO"):
        Settings(_env_file=None)
    monkeypatch.setenv("CONVENE_TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.setenv("CONVENE_TWILIO_AUTH_TOKEN", "t" * 32)
    monkeypatch.setenv("CONVENE_TWILIO_FROM_NUMBER", "+12135550100")
    assert Settings(_env_file=None).sms_provider == "twilio"


def test_unknown_timezone_is_refused(monkeypatch):
    monkeypatch.setenv("CONVENE_TIMEZONE", "Mars/Olympus_Mons")
    with pytest.raises(ValidationError, match="time zone"):
        Settings(_env_file=None)
