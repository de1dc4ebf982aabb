"""No secret and no message body reaches the logs, whatever the log level.

Every logger (the root at DEBUG, and uvicorn, SQLAlchemy, httpx, urllib3 and Twilio's) is
captured while a production-configured service signs someone in, issues an API token, queues
and sends texts through the console and Twilio senders, takes an inbound text, and serves a
self-service page and a calendar feed; none of those values may appear in any record.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

import support
from notifications.twilio_sms import TwilioSmsSender
from service.config import Settings, get_settings
from service.logredact import RedactTokens, redact, uvicorn_log_config
from service.models import Message, Volunteer
from service.outbox import Dispatcher, providers, queue_sms
from twilio_fake import ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE_SID, FakeTwilio

BASE = "https://convene.example.org"
LOGGERS = ("", "uvicorn", "uvicorn.access", "uvicorn.error", "sqlalchemy", "sqlalchemy.engine",
           "httpx", "httpcore", "urllib3", "twilio", "twilio.http_client", "convene")  # fmt: skip


class Capture(logging.Handler):
    """Keeps every record, formatted with its arguments and any traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        """Format now, as a real handler would."""
        if record.name == "httpx" and "http://testserver/" in record.getMessage():
            return  # the test's own client logging its requests; the server's log is uvicorn's
        self.lines.append(self.format(record))

    def text(self) -> str:
        """Everything logged so far."""
        return "\n".join(self.lines)


@pytest.fixture
def production(monkeypatch) -> Iterator[None]:
    """Production settings (real secret, Twilio credentials), and a fresh console sender."""
    monkeypatch.setenv("CONVENE_ENV", "production")
    monkeypatch.setenv("CONVENE_SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("CONVENE_TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("CONVENE_PUBLIC_BASE_URL", BASE)
    monkeypatch.setenv("CONVENE_DEMO_ON_EMPTY", "false")
    monkeypatch.setattr(providers, "_console_sms", None)
    monkeypatch.setattr(providers, "_console_email", None)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def captured() -> Iterator[Capture]:
    """All logging at DEBUG, from every logger, for the length of the test."""
    handler = Capture()
    saved = {name: (logging.getLogger(name).level, logging.getLogger(name).propagate)
             for name in LOGGERS}  # fmt: skip
    root = logging.getLogger()
    root.addHandler(handler)
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
        if name:
            logging.getLogger(name).propagate = True
    yield handler
    root.removeHandler(handler)
    for name, (level, propagate) in saved.items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).propagate = propagate


def _text_in(client, body: str):
    form = {"MessageSid": "SM" + "7" * 32, "From": "+12135550188", "To": "+12135550100",
            "Body": body, "AccountSid": ACCOUNT_SID, "NumSegments": "1"}  # fmt: skip
    signature = RequestValidator(AUTH_TOKEN).compute_signature(f"{BASE}/webhooks/twilio/sms", form)
    return client.post("/webhooks/twilio/sms", data=form, headers={"X-Twilio-Signature": signature})


def _queue_text(engine, to: str, url: str) -> Message:
    with Session(engine, expire_on_commit=False) as s:
        message = queue_sms(s, to=to, template="self_service_link", language="en",
                            context={"volunteer_name": "Ana Morales", "url": url},
                            audience="volunteer", kind="test")  # fmt: skip
        s.commit()
        return message


def _dispatch(engine, sms) -> None:
    settings = Settings(sms_rate_per_second=10_000)
    dispatcher = Dispatcher(engine, sms=sms, email=providers.console_email(), settings=settings)
    try:
        dispatcher.run_once()
    finally:
        dispatcher.close()


def test_no_secret_or_body_in_any_log(production, captured, client, engine):
    """Sign-in, tokens, texts out and in, self-service and calendar links: nothing leaks."""
    from service.volunteers.links import self_service_token

    assert get_settings().env == "production"
    leaks: dict[str, str] = {"password": support.PASSWORD, "Twilio auth token": AUTH_TOKEN}
    email = support.make_user(engine, "admin")
    headers = support.login(client, email)
    leaks["session token"] = headers["Authorization"].removeprefix("Bearer ")
    if getattr(support, "TOTP_SECRET", None):
        leaks["authenticator secret"] = support.TOTP_SECRET

    me = client.get("/api/v1/auth/me", headers=headers).json()
    r = client.post("/api/v1/api-tokens", headers=headers,
                    json={"name": "case system", "user_id": me["id"], "scope": "write"})  # fmt: skip
    assert r.status_code == 201, r.text
    leaks["API token"] = r.json()["token"]
    assert (
        client.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {leaks['API token']}"}
        ).status_code
        == 200
    )  # noqa: E501

    world = support.World(client, engine, headers)
    volunteer = world.volunteer(mobile="+12135550177")
    r = client.post(f"/api/v1/volunteers/{volunteer['id']}/calendar-feed", headers=headers)
    assert r.status_code == 201, r.text
    feed_url = r.json()["url"]
    leaks["calendar token"] = feed_url.rsplit("/", 1)[-1].removesuffix(".ics")
    assert client.get(feed_url.removeprefix(BASE)).status_code == 200
    with Session(engine) as s:
        token = self_service_token(s.exec(select(Volunteer)).first())
    leaks["self-service token"] = token
    assert client.get(f"/me/{token}").status_code == 200

    console_text = _queue_text(engine, "+12135550177", f"{BASE}/me/{token}")
    leaks["console text body"] = console_text.body
    _dispatch(engine, providers.build_sms_sender(get_settings()))
    fake = FakeTwilio()
    try:
        twilio_text = _queue_text(engine, "+12135550166", f"{BASE}/me/second-{token}")
        leaks["Twilio text body"] = twilio_text.body
        sender = TwilioSmsSender(ACCOUNT_SID, AUTH_TOKEN,
                                 messaging_service_sid=MESSAGING_SERVICE_SID, base_url=fake.url)  # fmt: skip
        _dispatch(engine, sender)
        assert [c.form["Body"] for c in fake.creates()] == [twilio_text.body]
    finally:
        fake.close()
    with Session(engine) as s:
        assert {m.status for m in s.exec(select(Message))} >= {"sent"}

    leaks["inbound text"] = "my court date moved, call me at home tonight"
    assert _text_in(client, leaks["inbound text"]).status_code == 200

    logged = captured.text()
    assert len(captured.lines) > 50  # the capture works: SQL statements at least
    found = [what for what, value in leaks.items() if value and value in logged]
    assert not found, f"in the logs: {found}"


ACCESS_LINE = '%s - "%s %s HTTP/%s" %d'


@pytest.mark.parametrize(
    "path",
    ["/me/abc.DEF-123/availability", "/c/abc.DEF-123", "/calendar/abc.DEF-123.ics",
     "/verify/abc.DEF-123", "/calendar/abc.DEF-123.ics?token=abc.DEF-123"],
)  # fmt: skip
def test_access_log_lines_redact_link_tokens(path):
    """Uvicorn's access line for a link path shows [redacted] instead of the token."""
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, ACCESS_LINE,
                               ("127.0.0.1:5000", "GET", path, "1.1", 200), None)  # fmt: skip
    assert RedactTokens().filter(record)
    line = record.getMessage()
    assert "abc.DEF-123" not in line and "[redacted]" in line
    assert redact("/api/v1/cases/12?limit=5") == "/api/v1/cases/12?limit=5"


def test_convene_serve_gives_uvicorn_the_redacting_config(monkeypatch):
    """`convene serve` passes a logging config whose every handler redacts link tokens."""
    import uvicorn

    from service import cli

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    monkeypatch.setattr(cli, "_migrate_up", lambda: None)
    monkeypatch.setenv("CONVENE_DEMO_ON_EMPTY", "false")
    get_settings.cache_clear()
    assert cli.main(["serve", "--port", "8999"]) == 0
    get_settings.cache_clear()
    config = seen["log_config"]
    assert config == uvicorn_log_config()
    assert all("redact_tokens" in h["filters"] for h in config["handlers"].values())
    assert config["filters"]["redact_tokens"] == {"()": "service.logredact.RedactTokens"}
