"""Helpers that queue and read outbox rows in the outbox tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlmodel import Session, select

import twilio_fake
from service.config import Settings
from service.models.messaging import Message
from service.outbox import queue_sms

_numbers = itertools.count(1)
PUBLIC_BASE_URL = "https://convene.example.org"


class Clock:
    """A settable clock for the dispatcher (real time unless set)."""

    def __init__(self) -> None:
        self.now: datetime | None = None

    def __call__(self) -> datetime:
        return self.now or datetime.now(UTC)


def phone() -> str:
    """A fresh test number in the 213-555 exchange, which is reserved for fiction."""
    return f"+1213555{next(_numbers) % 10000:04d}"


def queue_texts(engine, n: int, *, audience: str = "volunteer", to: str | None = None,
                **kwargs) -> list[int]:  # fmt: skip
    """Queue n distinct volunteer texts (unique bodies) and commit; returns their ids."""
    ids = []
    with Session(engine, expire_on_commit=False) as s:
        for _ in range(n):
            number = to or phone()
            m = queue_sms(
                s, to=number, template="self_service_link", language="en",
                context={"volunteer_name": "Ana Morales",
                         "url": f"https://convene.example.org/v/{number[-4:]}-{next(_numbers)}"},
                audience=audience, kind="test", **kwargs,
            )  # fmt: skip
            ids.append(m.id)
        s.commit()
    return ids


def rows(engine, ids: list[int] | None = None) -> list[Message]:
    """Fresh copies of the given (or all) message rows, by id."""
    with Session(engine) as s:
        query = select(Message).order_by(Message.id)
        if ids is not None:
            query = query.where(Message.id.in_(ids))
        return list(s.exec(query).all())


def row(engine, message_id: int) -> Message:
    """A fresh copy of one message row."""
    with Session(engine) as s:
        return s.get(Message, message_id)


def set_row(engine, message_id: int, **values) -> None:
    """Change columns of a row directly (to stage a crash, say)."""
    with Session(engine) as s:
        m = s.get(Message, message_id)
        for k, v in values.items():
            setattr(m, k, v)
        s.add(m)
        s.commit()


def utc(*args) -> datetime:
    """A UTC datetime."""
    return datetime(*args, tzinfo=UTC)


def outbox_test_settings(**overrides) -> Settings:
    """Settings for a dispatcher under test: Twilio, fast and without waiting."""
    values = dict(
        sms_provider="twilio",
        twilio_account_sid=twilio_fake.ACCOUNT_SID,
        twilio_auth_token=twilio_fake.AUTH_TOKEN,
        twilio_messaging_service_sid=twilio_fake.MESSAGING_SERVICE_SID,
        public_base_url=PUBLIC_BASE_URL,
        sms_rate_per_second=10_000,
        outbox_backoff_seconds=60,
        outbox_max_attempts=3,
        outbox_stuck_after_seconds=120,
    )
    return Settings(**(values | overrides))
