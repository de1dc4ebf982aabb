"""Fixtures for the outbox tests: a fake Twilio, a Twilio sender pointed at it, dispatchers."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from outbox_rows import PUBLIC_BASE_URL, Clock, outbox_test_settings
from prism_mock import Prism, unavailable_reason

from notifications.email import ConsoleEmailSender
from notifications.twilio_sms import TwilioSmsSender
from service.config import get_settings
from service.outbox import Dispatcher
from twilio_fake import ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE_SID, FakeTwilio


@pytest.fixture(autouse=True)
def outbox_settings(monkeypatch) -> Iterator[None]:
    """No dispatcher thread inside TestClient apps; webhooks verify with the fake's token."""
    monkeypatch.setenv("CONVENE_RUN_DISPATCHER_IN_SERVER", "false")
    monkeypatch.setenv("CONVENE_TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("CONVENE_PUBLIC_BASE_URL", PUBLIC_BASE_URL)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def _prism_starting() -> Iterator[Prism | None]:
    """Start Prism with the first outbox test, so its slow start overlaps the other tests."""
    prism = None if unavailable_reason() else Prism().start()
    yield prism
    if prism is not None:
        prism.stop()


@pytest.fixture
def prism_url(_prism_starting) -> str:
    """Prism serving Twilio's contract; skips with what to install (fails when CI=true)."""
    reason = unavailable_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"contract tests must run in CI: {reason}")
        pytest.skip(reason)
    return _prism_starting.wait()


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    """A fake Twilio Messages API."""
    server = FakeTwilio()
    yield server
    server.close()


@pytest.fixture
def twilio_sender(fake: FakeTwilio) -> TwilioSmsSender:
    """The real Twilio sender, talking to the fake."""
    return TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, messaging_service_sid=MESSAGING_SERVICE_SID, base_url=fake.url
    )


@pytest.fixture
def make_dispatcher(engine, twilio_sender) -> Iterator[Callable[..., Dispatcher]]:
    """Build dispatchers on the test database (closed at the end of the test)."""
    built: list[Dispatcher] = []

    def build(sms=None, email=None, clock=None, **overrides) -> Dispatcher:
        d = Dispatcher(
            engine,
            sms=sms or twilio_sender,
            email=email or ConsoleEmailSender(),
            settings=outbox_test_settings(**overrides),
            clock=clock or Clock(),
        )
        built.append(d)
        return d

    yield build
    for d in built:
        d.close()
