"""Senders built from Settings: console or Twilio (with the callback URL), console or SMTP."""

from __future__ import annotations

import pytest
from outbox_rows import outbox_test_settings

from notifications.email import ConsoleEmailSender, SmtpEmailSender
from notifications.sms import ConsoleSmsSender
from notifications.twilio_sms import TwilioSmsSender
from service.outbox import providers


def test_console_by_default_and_one_console_sender_per_process():
    settings = outbox_test_settings(sms_provider="console")
    sms = providers.build_sms_sender(settings)
    assert isinstance(sms, ConsoleSmsSender) and sms is providers.build_sms_sender(settings)
    assert providers.status_callback_url(settings) is None
    assert isinstance(providers.build_email_sender(settings), ConsoleEmailSender)


def test_twilio_and_smtp_from_settings(monkeypatch):
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy",
                 "ALL_PROXY", "all_proxy"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    settings = outbox_test_settings(
        twilio_api_base_url="http://127.0.0.1:9", email_provider="smtp", smtp_host="mail.local"
    )
    sms = providers.build_sms_sender(settings)
    assert isinstance(sms, TwilioSmsSender)
    assert sms.client.api.base_url == "http://127.0.0.1:9"
    assert providers.status_callback_url(settings) == (
        "https://convene.example.org/webhooks/twilio/status"
    )
    session = sms.client.http_client.session
    # No proxy configured: the CA bundle is read once rather than on every request.
    assert session.trust_env is False and session.verify == "/etc/ssl/certs/ca-certificates.crt"
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    assert providers.build_sms_sender(settings).client.http_client.session.trust_env is True
    smtp = providers.build_email_sender(settings)
    assert isinstance(smtp, SmtpEmailSender) and smtp.host == "mail.local"


def test_injected_senders_win_until_reset():
    fake_sms, fake_email = ConsoleSmsSender(), ConsoleEmailSender()
    providers.set_senders(sms=fake_sms, email=fake_email)
    try:
        assert providers.build_sms_sender(outbox_test_settings()) is fake_sms
        assert providers.build_email_sender(outbox_test_settings()) is fake_email
    finally:
        providers.set_senders()
    assert isinstance(providers.build_sms_sender(outbox_test_settings()), TwilioSmsSender)


def test_twilio_without_credentials_is_refused():
    with pytest.raises(RuntimeError, match="ACCOUNT_SID"):
        providers.build_sms_sender(outbox_test_settings(twilio_account_sid=None))
