"""After a 500, a real `convene serve` answers with the error shape, the security headers and
`Connection: close`, so a keep-alive client opens a new connection instead of losing one (#18).

The failure is a real one: the audit table vanishes under the running server (as a restore gone
wrong would leave it), so every audited read fails in the database.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from support import credentials, make_user

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(engine, tmp_path):
    """`convene serve` on the test database; yields its port."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONVENE_")}
    env.update(
        CONVENE_DATABASE_URL=engine.url.render_as_string(hide_password=False),
        CONVENE_DEMO_ON_EMPTY="false",
        CONVENE_RUN_DISPATCHER_IN_SERVER="false",
    )
    log = tmp_path / "server.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        cwd=REPO, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(400):
            if proc.poll() is not None:
                pytest.fail(f"the server exited: {log.read_text()[-3000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail(f"the server did not start: {log.read_text()[-3000:]}")
        yield port, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


def test_a_500_keeps_the_error_shape_and_headers_and_closes_the_connection(server, engine):
    port, log = server
    email = make_user(engine, "viewer", totp=False)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps(credentials(email, engine))
    conn.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
    r = conn.getresponse()
    assert r.status == 200
    token = json.loads(r.read())["access_token"]
    assert (r.getheader("connection") or "").lower() != "close"  # kept alive so far
    with engine.begin() as db:
        db.execute(text("ALTER TABLE audit_event RENAME TO audit_event_gone"))

    conn.request("GET", "/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    r = conn.getresponse()
    payload = json.loads(r.read())
    assert r.status == 500
    assert payload["error"]["code"] == "internal_error"
    assert "audit_event" not in json.dumps(payload)  # no internals
    assert r.getheader("connection") == "close"
    assert r.getheader("x-content-type-options") == "nosniff"
    assert "default-src 'self'" in r.getheader("content-security-policy")
    assert r.getheader("cache-control") == "no-store"
    assert r.getheader("x-request-id")

    # The client was told: the same HTTPConnection opens a new connection and goes on.
    conn.request("GET", "/healthz")
    r = conn.getresponse()
    assert r.status == 200 and json.loads(r.read())["status"] == "ok"
    assert "unexpected error in GET /api/v1/cases" in log.read_text()  # logged for operators
