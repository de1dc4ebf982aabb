"""Webhooks in a browser: an administrator subscribes the prosecutor's system, sees the secret
once, a referral is delivered to a real receiver signed with that secret, and the delivery log
says so in words."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pw import api, shot, sign_in


def _receiver() -> tuple[ThreadingHTTPServer, list]:
    got: list[tuple[dict, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the stdlib's name)
            got.append((dict(self.headers), self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, got


def test_subscribe_and_receive_a_signed_referral(server, browser_page):
    receiver, got = _receiver()
    page = browser_page
    page.goto(server + "/")
    sign_in(page, "admin@convene.example", "webhooks-admin")
    page.goto(server + "/admin/webhooks")
    shot(page, "webhooks-01-empty")
    page.fill("#name", "District attorney case system")
    page.select_option("#user_id", label="coordinator@convene.example (Coordinator)")
    page.fill("#url", f"http://127.0.0.1:{receiver.server_port}/convene")
    page.check("input[name=events][value='case.referred']")
    page.click("form[action='/admin/webhooks'] button[type=submit]")
    secret = page.locator("#secret").input_value()
    assert secret.startswith("whsec_")
    shot(page, "webhooks-02-secret-shown-once")

    client = api(server)
    program = client.get("/api/v1/programs").json()["items"][0]
    r = client.post("/api/v1/cases", json={"program_id": program["id"], "external_ref": "WH-1"})
    assert r.status_code == 201, r.text
    deadline = time.monotonic() + 60  # the in-server dispatcher polls every second
    while not got and time.monotonic() < deadline:
        time.sleep(0.2)
    receiver.shutdown()
    assert len(got) == 1
    headers, body = got[0]
    parts = dict(item.split("=", 1) for item in headers["Convene-Signature"].split(","))
    mac = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256)
    assert hmac.compare_digest(mac.hexdigest(), parts["v1"])
    event = json.loads(body)
    assert event["type"] == "case.referred" and event["data"]["external_ref"] == "WH-1"

    page.goto(server + "/admin/webhooks")
    assert "whsec_" not in page.content()
    page.click("text=District attorney case system")
    row = page.locator("table tbody tr").first
    assert "Case referred" in row.inner_text() and "delivered" in row.inner_text()
    shot(page, "webhooks-03-delivery-log")
    page.click("text=Replace the signing secret")
    fresh = page.locator("#secret").input_value()
    assert fresh.startswith("whsec_") and fresh != secret
    shot(page, "webhooks-04-secret-replaced")
    page.goto(server + page.url.removeprefix(server).split("/secret")[0])
    assert "whsec_" not in page.content()
