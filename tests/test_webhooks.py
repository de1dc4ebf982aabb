"""Outbound webhooks: received by a real HTTP server, verified as an integrator would, retried,
logged, scoped to the API client's programs, and never carrying a note."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from outcomes.outcome_support import agree, past_hearing
from sqlmodel import Session, select

from notifications.email import ConsoleEmailSender
from notifications.sms import ConsoleSmsSender
from service.config import Settings
from service.integrations import destinations, subscriptions
from service.models import WebhookDelivery
from service.outbox import Dispatcher
from support import make_user, next_local, user_row

TUE, WED = 1, 2
ALL_EVENTS = ["case.referred", "hearing.booked", "hearing.moved", "hearing.cancelled",
              "outcome.recorded", "case.completed", "case.returned"]  # fmt: skip
MARKER = "ZEBRA-7731"  # a distinctive word put in every note and free-text field


class Receiver:
    """A small HTTP server in a thread that records what it is sent and answers `codes` in turn
    (then 200)."""

    def __init__(self, codes: list[int] | None = None) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.codes = list(codes or [])
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the stdlib's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                code = receiver.codes.pop(0) if receiver.codes else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"ok" if code < 300 else b"broken")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[dict]:
        return [json.loads(body) for _, body in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def verify(secret: str, header: str, body: bytes) -> bool:
    """What an integrator writes: recompute HMAC-SHA256 over "t.body", compare in constant time."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts["v1"])


@pytest.fixture
def receivers():
    made: list[Receiver] = []

    def make(codes=None) -> Receiver:
        made.append(Receiver(codes))
        return made[-1]

    yield make
    for r in made:
        r.close()


def dispatch(engine, **settings) -> None:
    """Send everything due, retrying at once (no backoff) up to the attempts allowed."""
    values = {"database_url": str(engine.url), "outbox_backoff_seconds": 0} | settings
    d = Dispatcher(engine, sms=ConsoleSmsSender(), email=ConsoleEmailSender(),
                   settings=Settings(**values))  # fmt: skip
    try:
        d.run_once()
    finally:
        d.close()


def subscribe(world, engine, program_id: int, url: str, events=ALL_EVENTS) -> dict:
    """An API client's account working in one program, subscribed to `events` at `url`."""
    email = make_user(engine, "viewer", [program_id])
    body = {"name": "Case system", "user_id": user_row(engine, email).id, "url": url,
            "events": events}  # fmt: skip
    r = world.client.post("/api/v1/webhook-subscriptions", json=body, headers=world.admin)
    assert r.status_code == 201, r.text
    return r.json()


def test_every_event_arrives_signed_scoped_and_without_notes(world, engine, receivers):
    njp_hook, drp_hook = receivers(), receivers()
    njp = subscribe(world, engine, world.njp["id"], njp_hook.url)
    drp = subscribe(world, engine, world.drp["id"], drp_hook.url)
    assert (
        njp["secret"].startswith("whsec_")
        and "secret"
        not in world.client.get(
            f"/api/v1/webhook-subscriptions/{njp['id']}", headers=world.admin
        ).json()
    )
    c = world.client
    coord = world.coordinator

    # Referred (with a note and free text everywhere), booked, moved, cancelled.
    case = world.case("CA-HOOK", description=f"shoplifting {MARKER}")
    r = c.post(f"/api/v1/cases/{case['id']}/notes", json={"kind": "mediation", "body": MARKER},
               headers=coord)  # fmt: skip
    assert r.status_code == 201, r.text
    hearing = world.hearing(case["id"], next_local(TUE, 18, 30))
    r = c.patch(f"/api/v1/hearings/{hearing['id']}", json={"start": next_local(WED, 18, 30)},
                headers=coord)  # fmt: skip
    assert r.status_code == 200, r.text
    r = c.patch(f"/api/v1/hearings/{hearing['id']}", json={"status": "cancelled"}, headers=coord)
    assert r.status_code == 200, r.text
    # An outcome with an agreement whose one obligation is then met: recorded, then completed.
    world.engine = engine
    held = past_hearing(world, case["id"])
    agree(world, case, held, [{"kind": "apology_letter", "label": f"letter {MARKER}"}],
          terms=f"apology letter {MARKER}")  # fmt: skip
    obligation = c.get(f"/api/v1/cases/{case['id']}/obligations", headers=coord).json()[0]
    r = c.post(f"/api/v1/obligations/{obligation['id']}/complete",
               json={"proof_note": f"letter seen {MARKER}"}, headers=coord)  # fmt: skip
    assert r.status_code == 200, r.text
    # Another case returned to the agency with a reason.
    other = world.case("CA-BACK")
    r = c.post(f"/api/v1/cases/{other['id']}/return", json={"reason": f"moved away {MARKER}"},
               headers=coord)  # fmt: skip
    assert r.status_code == 200, r.text
    # Program B's referral, which only B's subscriber may hear of.
    drp_case = c.post("/api/v1/cases", headers=world.drp_coordinator,
                      json={"program_id": world.drp["id"], "external_ref": "DRP-1"})  # fmt: skip
    assert drp_case.status_code == 201, drp_case.text

    dispatch(engine)

    events = njp_hook.events()
    assert sorted({e["type"] for e in events}) == sorted(ALL_EVENTS)
    for headers, body in njp_hook.requests:
        assert verify(njp["secret"], headers["Convene-Signature"], body)
        assert not verify(drp["secret"], headers["Convene-Signature"], body)
        assert MARKER.encode() not in body and b"Jordan Lee" not in body and b"5550199" not in body
        event = json.loads(body)
        assert headers["Convene-Event"] == event["type"]
        assert headers["Convene-Delivery"] == event["id"]
        assert event["occurred_at"].endswith("Z")
    assert {_program(e) for e in events} == {world.njp["id"]}
    assert [e["type"] for e in drp_hook.events()] == ["case.referred"]
    assert drp_hook.events()[0]["data"]["program_id"] == world.drp["id"]
    by_type = {e["type"]: e["data"] for e in events}
    assert by_type["hearing.moved"]["sequence"] == 1
    assert by_type["hearing.cancelled"]["status"] == "cancelled"
    assert by_type["case.completed"]["status"] == "completed"
    assert by_type["outcome.recorded"]["hearing"]["status"] == "held"
    assert by_type["outcome.recorded"]["agreement"]["obligations"][0]["kind"] == "apology_letter"
    assert by_type["case.returned"]["external_ref"] == "CA-BACK"
    # A tampered body fails the same check.
    headers, body = njp_hook.requests[0]
    assert not verify(njp["secret"], headers["Convene-Signature"], body.replace(b"CA-", b"XX-"))
    # The README's verifier, as an integrator would copy it, accepts the real delivery.
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    snippet = next(b for b in readme.split("```python")[1:] if "def verify(" in b)
    namespace: dict = {}
    exec(snippet.split("```")[0], namespace)  # noqa: S102 (our own README)
    assert namespace["verify"](njp["secret"], headers["Convene-Signature"], body)
    assert not namespace["verify"](drp["secret"], headers["Convene-Signature"], body)


def _program(event: dict) -> int:
    data = event["data"]
    return data["case"]["program_id"] if "case" in data else data["program_id"]


def test_a_failing_endpoint_is_retried_and_logged(world, engine, receivers):
    flaky, broken = receivers([500, 503]), receivers([500] * 10)
    ok_sub = subscribe(world, engine, world.njp["id"], flaky.url, ["case.referred"])
    bad_sub = subscribe(world, engine, world.njp["id"], broken.url, ["case.referred"])
    world.case("CA-RETRY")

    dispatch(engine, outbox_max_attempts=3)

    assert len(flaky.requests) == 3 and len(broken.requests) == 3
    # Every attempt of one event carries the same event id, signed afresh.
    assert len({h["Convene-Delivery"] for h, _ in flaky.requests}) == 1
    log = world.client.get(f"/api/v1/webhook-subscriptions/{ok_sub['id']}/deliveries",
                           headers=world.admin).json()["items"]  # fmt: skip
    assert [(d["status"], d["attempts"], d["last_status_code"]) for d in log] == [
        ("delivered", 3, 200)
    ]
    log = world.client.get(f"/api/v1/webhook-subscriptions/{bad_sub['id']}/deliveries",
                           headers=world.admin).json()["items"]  # fmt: skip
    assert [(d["status"], d["attempts"], d["last_status_code"]) for d in log] == [
        ("failed", 3, 500)
    ]
    assert "gave up after 3 attempts" in log[0]["last_error"]


def test_a_paused_subscription_or_an_unwanted_event_queues_nothing(world, engine, receivers):
    hook = receivers()
    sub = subscribe(world, engine, world.njp["id"], hook.url, ["hearing.booked"])
    world.case("CA-NOT-WANTED")
    r = world.client.patch(f"/api/v1/webhook-subscriptions/{sub['id']}", json={"active": False},
                           headers=world.admin)  # fmt: skip
    assert r.status_code == 200 and r.json()["active"] is False
    case = world.case("CA-PAUSED")
    world.hearing(case["id"], next_local(TUE, 18, 30))
    with Session(engine) as s:
        assert s.exec(select(WebhookDelivery)).all() == []


def test_subscription_input_is_checked(world, engine, monkeypatch):
    user_id = user_row(engine, make_user(engine, "viewer", [world.njp["id"]])).id
    post = lambda body: world.client.post(  # noqa: E731
        "/api/v1/webhook-subscriptions",
        json={"name": "x", "user_id": user_id, "url": "https://x.example/h",
              "events": ["case.referred"]} | body,
        headers=world.admin,
    )  # fmt: skip
    r = post({"url": "ftp://x.example/h"})
    assert r.status_code == 422 and "ftp://x.example/h" in r.text and "url" in r.text
    r = post({"events": ["case.exploded"]})
    assert r.status_code == 422 and "events" in r.text
    r = post({"events": []})
    assert r.status_code == 422
    r = post({"user_id": 999999})
    assert r.status_code == 422 and "999999" in r.text
    assert post({"url": "http://127.0.0.1:8080/h"}).status_code == 201  # development: http too
    # Production wants https.
    production = SimpleNamespace(env="production", webhook_guard=())
    monkeypatch.setattr(subscriptions, "get_settings", lambda: production)
    monkeypatch.setattr(destinations, "resolve", lambda host: ["93.184.215.14"])
    r = post({"url": "http://x.example/h"})
    assert r.status_code == 422 and "is not an https:// address" in r.text
    assert post({}).status_code == 201


def test_production_refuses_receivers_inside_private_networks(world, engine, monkeypatch):
    user_id = user_row(engine, make_user(engine, "viewer", [world.njp["id"]])).id
    names = {"hooks.case-system.example": ["93.184.215.14"], "metadata.example": ["169.254.169.254"],
             "intranet.example": ["10.20.1.5"], "v6.example": ["2606:4700::1", "::1"]}  # fmt: skip
    real = destinations.resolve  # literal addresses resolve to themselves, no DNS asked
    monkeypatch.setattr(destinations, "resolve", lambda host: names.get(host) or real(host))
    production = SimpleNamespace(env="production", webhook_guard=())
    monkeypatch.setattr(subscriptions, "get_settings", lambda: production)
    post = lambda url: world.client.post(  # noqa: E731
        "/api/v1/webhook-subscriptions",
        json={"name": "x", "user_id": user_id, "url": url, "events": ["case.referred"]},
        headers=world.admin,
    )  # fmt: skip
    assert post("https://hooks.case-system.example/in").status_code == 201
    for url, address in [("https://metadata.example/", "169.254.169.254"),
                         ("https://intranet.example/in", "10.20.1.5"),
                         ("https://v6.example/in", "::1"), ("https://127.0.0.1/in", "127.0.0.1"),
                         ("https://[::ffff:10.0.0.1]/in", "10.0.0.1")]:  # fmt: skip
        r = post(url)
        assert r.status_code == 422, (url, r.text)
        assert url in r.text and address in r.text and "private network" in r.text
    # The operator names the city's network: its case system may then receive.
    production.webhook_guard = destinations.parse_networks("10.20.0.0/16")
    assert post("https://intranet.example/in").status_code == 201
    assert post("https://metadata.example/").status_code == 422


def test_a_delivery_to_a_name_moved_onto_a_private_address_is_not_sent(
    world, engine, receivers, monkeypatch
):
    hook = receivers()
    sub = subscribe(world, engine, world.njp["id"], hook.url, ["case.referred"])
    world.case("CA-REBOUND")
    # In production the receiver's name is resolved again before each delivery; here it is
    # 127.0.0.1, as if its DNS had been pointed inside after the subscription was saved.
    dispatch(engine, env="production", secret_key="k" * 40, outbox_max_attempts=1)
    assert hook.requests == []
    with Session(engine) as s:
        row = s.exec(
            select(WebhookDelivery).where(WebhookDelivery.subscription_id == sub["id"])
        ).one()
    assert row.status == "failed" and "127.0.0.1" in row.last_error and "private" in row.last_error
    # The same delivery goes out where the operator allowed the loopback (a receiver beside it).
    world.case("CA-ALLOWED")
    dispatch(engine, env="production", secret_key="k" * 40, webhook_private_networks="127.0.0.0/8")
    assert [e["type"] for e in hook.events()] == ["case.referred"]


def test_a_network_that_is_not_one_is_refused_at_start():
    with pytest.raises(ValueError, match="'10.20.0.0/33' is not a network"):
        Settings(webhook_private_networks="10.20.0.0/16, 10.20.0.0/33")


def test_a_new_secret_signs_from_then_on_and_the_old_one_stops(world, engine, receivers):
    hook = receivers()
    sub = subscribe(world, engine, world.njp["id"], hook.url, ["case.referred"])
    r = world.client.post(f"/api/v1/webhook-subscriptions/{sub['id']}/secret", headers=world.admin)
    assert r.status_code == 200 and r.json()["secret"].startswith("whsec_")
    new = r.json()["secret"]
    assert (
        new != sub["secret"]
        and "secret"
        not in world.client.get(
            f"/api/v1/webhook-subscriptions/{sub['id']}", headers=world.admin
        ).json()
    )
    world.case("CA-ROTATED")
    dispatch(engine)
    ((headers, body),) = hook.requests
    assert verify(new, headers["Convene-Signature"], body)
    assert not verify(sub["secret"], headers["Convene-Signature"], body)
