"""`convene worker --once` and the dispatcher thread inside the server."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient
from outbox_rows import queue_texts, row, rows

from service.cli import main as convene
from service.config import get_settings
from service.outbox import set_senders


@pytest.fixture
def senders(twilio_sender):
    """Every dispatcher in this process sends to the fake Twilio."""
    set_senders(sms=twilio_sender)
    yield
    set_senders(None, None)


def test_convene_worker_once_sends_what_is_due_and_exits(engine, fake, senders, capsys):
    ids = queue_texts(engine, 3)
    assert convene(["worker", "--once"]) == 0
    assert "sent 3" in capsys.readouterr().out
    assert {m.status for m in rows(engine, ids)} == {"sent"}
    assert sum(fake.sent().values()) == 3


def test_the_server_runs_a_dispatcher_thread_and_stops_it(app, engine, fake, senders, monkeypatch):
    monkeypatch.setenv("CONVENE_RUN_DISPATCHER_IN_SERVER", "true")
    monkeypatch.setenv("CONVENE_OUTBOX_POLL_SECONDS", "0.05")
    get_settings.cache_clear()
    [first] = queue_texts(engine, 1)
    with TestClient(app):
        deadline = time.monotonic() + 10
        while row(engine, first).status != "sent" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert row(engine, first).status == "sent"
        threads = [t.name for t in threading.enumerate()]
        assert "outbox-dispatcher" in threads
    time.sleep(0.1)
    assert "outbox-dispatcher" not in [t.name for t in threading.enumerate()]
    [later] = queue_texts(engine, 1)  # after shutdown nothing sends it
    time.sleep(0.3)
    assert row(engine, later).status == "queued"


def test_with_the_setting_off_the_server_sends_nothing(app, engine, fake, senders):
    [mid] = queue_texts(engine, 1)
    with TestClient(app):
        time.sleep(0.3)
    assert row(engine, mid).status == "queued" and fake.creates() == []
