"""Build the SMS and email senders from Settings; tests may install their own."""

from __future__ import annotations

import os
import threading

from twilio.http.http_client import TwilioHttpClient

from notifications.email import ConsoleEmailSender, EmailSender, SmtpEmailSender
from notifications.sms import ConsoleSmsSender, SmsSender
from notifications.twilio_sms import DEFAULT_TIMEOUT, TwilioSmsSender
from service.config import Settings, get_settings

STATUS_CALLBACK_PATH = "/webhooks/twilio/status"
_PROXY_VARIABLES = frozenset({"http_proxy", "https_proxy", "all_proxy", "no_proxy"})

# Overrides for tests (set_senders); None means "build from Settings".
_sms_override: SmsSender | None = None
_email_override: EmailSender | None = None
# One console sender per process, so what the dispatcher "sent" can be shown by the app.
_console_sms: ConsoleSmsSender | None = None
_console_email: ConsoleEmailSender | None = None
_lock = threading.Lock()


def set_senders(sms: SmsSender | None = None, email: EmailSender | None = None) -> None:
    """Make every dispatcher in this process use these senders (None: back to Settings)."""
    global _sms_override, _email_override
    _sms_override, _email_override = sms, email


def console_sms() -> ConsoleSmsSender:
    """The process's console SMS sender (what development 'sent')."""
    global _console_sms
    with _lock:
        if _console_sms is None:
            # Bodies in the log only in development (README: "log and keep in the outbox").
            _console_sms = ConsoleSmsSender(show_bodies=get_settings().env == "development")
        return _console_sms


def console_email() -> ConsoleEmailSender:
    """The process's console email sender."""
    global _console_email
    with _lock:
        if _console_email is None:
            _console_email = ConsoleEmailSender(show_bodies=get_settings().env == "development")
        return _console_email


def status_callback_url(settings: Settings | None = None) -> str | None:
    """Where Twilio posts delivery statuses (None for the console sender)."""
    settings = settings or get_settings()
    if settings.sms_provider != "twilio":
        return None
    return settings.public_base_url + STATUS_CALLBACK_PATH


def build_sms_sender(settings: Settings | None = None) -> SmsSender:
    """The SMS sender Settings ask for (or the test override)."""
    if _sms_override is not None:
        return _sms_override
    settings = settings or get_settings()
    if settings.sms_provider == "console":
        return console_sms()
    if not (settings.twilio_account_sid and settings.twilio_auth_token):
        raise RuntimeError("CONVENE_TWILIO_ACCOUNT_SID and _AUTH_TOKEN are required for Twilio")
    http_client = TwilioHttpClient(timeout=DEFAULT_TIMEOUT)
    if not any(key.lower() in _PROXY_VARIABLES for key in os.environ):
        # requests re-reads the proxy and CA variables from the environment on every request
        # (a sixth of a worker's time). With no proxy set, read the CA bundle once instead.
        http_client.session.trust_env = False
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            http_client.session.verify = bundle
    return TwilioSmsSender(
        settings.twilio_account_sid,
        settings.twilio_auth_token,
        messaging_service_sid=settings.twilio_messaging_service_sid,
        from_number=None if settings.twilio_messaging_service_sid else settings.twilio_from_number,
        base_url=settings.twilio_api_base_url,
        http_client=http_client,
    )


def build_email_sender(settings: Settings | None = None) -> EmailSender:
    """The email sender Settings ask for (or the test override)."""
    if _email_override is not None:
        return _email_override
    settings = settings or get_settings()
    if settings.email_provider == "console":
        return console_email()
    if not settings.smtp_host:
        raise RuntimeError("CONVENE_SMTP_HOST is required when CONVENE_EMAIL_PROVIDER=smtp")
    return SmtpEmailSender(
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_username,
        settings.smtp_password,
        starttls=settings.smtp_starttls,
    )
