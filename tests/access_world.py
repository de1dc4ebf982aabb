"""Two programs with records of every kind, and signed-in callers of every role, for the access tests.

Program A is the Dispute Resolution Program (DRP), program B the Neighborhood Justice Program
(NJP). The callers under test work in A; every id handed to them belongs to B. Each of B's
records carries a unique marker string so a response body can be searched for B's data.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from service.config import get_settings
from service.models import Hearing, InboundMessage, Message, User
from support import World, login, make_user, next_local

LA = ZoneInfo("America/Los_Angeles")
TUE = 1
# Strings that only program B's records contain: none may reach a caller of program A.
B_MARKERS = ("BREF-Q7X", "Quinby Zephyrine", "Ulla Vexmoor", "BDESC-kq3", "BINBOX-zz9", "BNOTE-m4w")
# A confidential note of B's case: not even an administrator reads it.
NOTE_MARKER = "BNOTE-m4w"


@dataclass
class Caller:
    """Someone who calls the app: anonymous, or a signed-in user of a role."""

    name: str
    token: str | None = None

    def headers(self, *, page: bool) -> dict[str, str]:
        """Bearer and cookie for the API; cookie, CSRF token and an HTML Accept for pages."""
        headers: dict[str, str] = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
            headers["Cookie"] = f"convene_session={self.token}"
        if page:
            # The real token for this session, so a refusal is the program check, not CSRF.
            key = get_settings().secret_key.encode()
            csrf = hmac.new(key, b"csrf|" + (self.token or "").encode(), hashlib.sha256)
            headers["x-csrf-token"] = csrf.hexdigest()[:40]
            headers["accept"] = "text/html"
        return headers


@dataclass
class AccessWorld:
    """Ids of program B's records (`ids`), the callers, and program A's own case."""

    ids: dict[str, int]
    callers: dict[str, Caller]
    a_case: dict
    b_case: dict
    extra: dict = field(default_factory=dict)


def _token(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def _ok(r, status: int = 201) -> dict:
    assert r.status_code == status, r.text
    return r.json() if r.content else {}


def build(client: TestClient, engine: Engine, admin: dict[str, str]) -> AccessWorld:
    """Create both programs' records through the API (and a few inbound rows in the database)."""
    world = World(client, engine, admin)
    a_id, b_id = world.drp["id"], world.njp["id"]
    coord_b, coord_a = world.coordinator, world.drp_coordinator
    viewer_a = login(client, make_user(engine, "viewer", [a_id]))

    # Program A's own case, so A's lists are not trivially empty.
    a_case = _ok(
        client.post(
            "/api/v1/cases",
            json={
                "program_id": a_id,
                "external_ref": "AREF-1",
                "zip": "90028",
                "consent": True,
                "parties": [{"role": "participant", "person": {"full_name": "Alma Aardvark"}}],
            },
            headers=coord_a,
        )
    )

    vol = world.volunteer("Bea Panelist", mobile="+13235550142", email="bea@example.org")
    world.volunteer("Cy Facilitator", mobile="+13235550143")
    b_case = world.case(
        "BREF-Q7X",
        description="BDESC-kq3 shoplifting at the corner store",
        parties=[
            {
                "role": "participant",
                "person": {
                    "full_name": "Quinby Zephyrine",
                    "mobile": "323-555-0177",
                    "email": "quinby@example.org",
                    "sms_consent": True,
                },
            },
            {"role": "victim", "person": {"full_name": "Ulla Vexmoor"}},
        ],
    )
    participant = next(p for p in b_case["parties"] if p["role"] == "participant")
    victim = next(p for p in b_case["parties"] if p["role"] == "victim")
    hearing = world.hearing(b_case["id"], next_local(TUE, 18, 30))
    seat = _ok(
        client.post(
            f"/api/v1/hearings/{hearing['id']}/seats",
            json={"volunteer_id": vol["id"], "role": "panelist"},
            headers=coord_b,
        )
    )

    # A second hearing, moved into the past, carries the outcome, agreement and obligation.
    held = world.hearing(b_case["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    with Session(engine) as s:
        h = s.get(Hearing, held["id"])
        day = datetime.now(LA).date() - timedelta(days=3)
        h.start_at = datetime(day.year, day.month, day.day, 18, 30, tzinfo=LA)
        h.end_at = h.start_at + timedelta(minutes=90)
        s.add(h)
        s.commit()
    outcome = _ok(
        client.post(
            f"/api/v1/hearings/{held['id']}/outcome",
            json={
                "result": "agreement",
                "attendance": [{"party_id": participant["id"], "attended": True}],
                "agreement": {
                    "terms": "terms",
                    "obligations": [{"type_code": "service_hours", "target": 10}],
                },
            },
            headers=coord_b,
        )
    )
    obligation_id = outcome["agreement"]["obligations"][0]["id"]
    log = _ok(
        client.post(
            f"/api/v1/obligations/{obligation_id}/service-logs",
            json={"worked_on": str(day), "hours": 2, "site": "Food bank"},
            headers=coord_b,
        )
    )
    cert = _ok(
        client.post(
            f"/api/v1/volunteers/{vol['id']}/certifications",
            json={"name": "mediator", "completed_on": "2025-01-01", "training_hours": 25},
            headers=coord_b,
        )
    )
    start = datetime.now(UTC) + timedelta(days=60)
    blackout = _ok(
        client.post(
            f"/api/v1/volunteers/{vol['id']}/blackouts",
            json={"start": start.isoformat(), "end": (start + timedelta(days=1)).isoformat()},
            headers=coord_b,
        )
    )
    conflict = _ok(
        client.post(
            f"/api/v1/volunteers/{vol['id']}/conflicts",
            json={"person_id": participant["person"]["id"]},
            headers=coord_b,
        )
    )
    _ok(
        client.post(
            f"/api/v1/cases/{b_case['id']}/notes",
            json={"body": f"{NOTE_MARKER} prefers evenings"},
            headers=coord_b,
        )
    )
    horizon = {
        "from": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        "to": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
    }
    run = _ok(
        client.post(
            f"/api/v1/programs/{b_id}/matching-runs",
            json=horizon | {"time_limit": 5},
            headers=coord_b,
        )
    )
    token = _ok(
        client.post(
            "/api/v1/api-tokens",
            json={"name": "B system", "user_id": _user_id(engine, coord_b, client)},
            headers=admin,
        )
    )
    subscription = _ok(
        client.post(
            "/api/v1/webhook-subscriptions",
            json={
                "name": "B system",
                "user_id": _user_id(engine, coord_b, client),
                "url": "http://127.0.0.1:9/hook",
                "events": ["case.referred"],
            },
            headers=admin,
        )
    )
    with Session(engine) as s:
        inbound = InboundMessage(
            provider_id="SM-b-1",
            from_number="+13235550177",
            body="BINBOX-zz9 can we move it",
            case_id=b_case["id"],
            needs_attention=True,
        )
        s.add(inbound)
        message = s.exec(
            select(Message).where(Message.case_id == b_case["id"]).order_by(Message.id)
        ).first()
        assert message is not None, "booking a hearing queues texts to the parties"
        message.needs_attention = True
        s.add(message)
        s.commit()
        inbound_id, message_id = inbound.id, message.id
    client.cookies.clear()  # every call below names its caller explicitly
    ids = {
        "program_id": b_id,
        "case_id": b_case["id"],
        "person_id": participant["person"]["id"],
        "party_id": participant["id"],
        "victim_person_id": victim["person"]["id"],
        "hearing_id": hearing["id"],
        "seat_id": seat["id"],
        "held_hearing_id": held["id"],
        "obligation_id": obligation_id,
        "log_id": log["id"],
        "run_id": run["id"],
        "volunteer_id": vol["id"],
        "blackout_id": blackout["id"],
        "certification_id": cert["id"],
        "cert_id": cert["id"],
        "conflict_id": conflict["id"],
        "inbound_id": inbound_id,
        "message_id": message_id,
        "user_id": _user_id(engine, coord_b, client),
        "token_id": token["id"],
        "subscription_id": subscription["id"],
        "neighborhood_id": world.hollywood["id"],
        "venue_id": world.venue["id"],
        "a_program_id": a_id,
    }
    callers = {
        "anonymous": Caller("anonymous"),
        "viewer_a": Caller("viewer_a", _token(viewer_a)),
        "coordinator_a": Caller("coordinator_a", _token(coord_a)),
        "coordinator_b": Caller("coordinator_b", _token(coord_b)),
        "admin": Caller("admin", _token(admin)),
    }
    return AccessWorld(
        ids=ids, callers=callers, a_case=a_case, b_case=b_case, extra={"horizon": horizon}
    )


def _user_id(engine: Engine, headers: dict[str, str], client: TestClient) -> int:
    me = client.get("/api/v1/auth/me", headers=headers).json()
    with Session(engine) as s:
        return s.exec(select(User.id).where(User.email == me["email"])).one()
