"""The development SMS sender logs, records and can be looked up like a real provider."""

import logging
import re
from datetime import UTC, datetime, timedelta

from notifications.sms import ConsoleSmsSender, SendResult, SmsSender


def test_console_sender_logs_and_records(caplog):
    sender = ConsoleSmsSender(show_bodies=True)  # development
    with caplog.at_level(logging.INFO, logger="convene.sms"):
        result = sender.send("+14155550123", "Hola María", validity_period=600)
    assert re.fullmatch(r"console-[0-9a-f]{32}", result.provider_id)
    assert result.status == "sent"
    assert [(s.to, s.body, s.validity_period) for s in sender.sent] == [
        ("+14155550123", "Hola María", 600)
    ]
    assert "Hola María" in caplog.text and "+14155550123" in caplog.text


def test_console_sender_outside_development_logs_no_body_or_number(caplog):
    with caplog.at_level(logging.INFO, logger="convene.sms"):
        ConsoleSmsSender().send("+14155550123", "Hola María")
    assert "Hola María" not in caplog.text and "+14155550123" not in caplog.text
    assert "0123" in caplog.text and "10 characters" in caplog.text


def test_console_ids_are_unique():
    sender = ConsoleSmsSender()
    ids = {sender.send("+1", "x").provider_id for _ in range(50)}
    assert len(ids) == 50


def test_console_lookup_by_id_and_by_content():
    sender: SmsSender = ConsoleSmsSender()
    before = datetime.now(UTC) - timedelta(seconds=1)
    sent = sender.send("+14155550123", "hello")
    assert sender.lookup(sent.provider_id, to="x", body="y", sent_after=before) == sent
    assert sender.lookup(None, to="+14155550123", body="hello", sent_after=before) == sent
    assert sender.lookup(None, to="+14155550123", body="other", sent_after=before) is None
    later = datetime.now(UTC) + timedelta(seconds=5)
    assert sender.lookup(None, to="+14155550123", body="hello", sent_after=later) is None
    assert sender.lookup("console-nope", to="+1", body="hello", sent_after=before) is None
    assert isinstance(sent, SendResult)
